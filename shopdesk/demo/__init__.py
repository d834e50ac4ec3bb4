"""``shopdesk demo``: a realistic demo shop, small (to try things) or large (to measure speed).

Each area adds its generator with :func:`shopdesk.demo.registry.generator`; they run in
registration order, each in its own transaction, and are deterministic for a given seed. The
areas are imported when a demo is made (not when the window starts).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal

from shopdesk.demo.registry import DemoContext, Scale, generators
from shopdesk.errors import ShopDeskError
from shopdesk.models.users import Role
from shopdesk.services.shop import shop_setup, users

#: Every demo account signs in with this password (the demo shop is marked DEMO everywhere).
DEMO_PASSWORD = "shopdesk"
DEMO_USERS = [
    ("owner", Role.OWNER, "Olivia Owens"),
    ("clerk", Role.CLERK, "Carlos Diaz"),
    ("tech", Role.TECHNICIAN, "Tom Becker"),
    ("tech2", Role.TECHNICIAN, "Priya Nair"),
]


def create_demo_shop(scale: Scale | str = Scale.SMALL, *, seed: int = 2026,
                     progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Fill an empty database with a demo shop; returns how many of each thing were made."""
    scale = Scale(scale)
    import shopdesk.demo.areas  # noqa: F401 (registers each area's generator; lazily: start-up)

    if not shop_setup.needs_setup():
        raise ShopDeskError("This database already has a shop; give the demo a new file")
    details = shop_setup.ShopDetails(
        name="Riverside Auto Repair", address="1200 River Road\nSpringfield, IL 62704",
        phone="(217) 555-0142", email="desk@riverside-auto.example", tax_id="37-1234567",
        currency="USD", invoice_prefix="RA",
        tax_rates=[("STD", "Sales tax", Decimal("8.75")), ("ZERO", "Exempt", Decimal("0"))])
    owner_name, _role, owner_label = DEMO_USERS[0]
    owner = shop_setup.create_shop(details, owner_name, DEMO_PASSWORD, owner_label, demo=True)
    for username, role, label in DEMO_USERS[1:]:
        users.add_user(owner, username, DEMO_PASSWORD, role, label)
    context = DemoContext(scale, random.Random(seed), owner, {"users": len(DEMO_USERS)})
    for name, fn in generators():
        if progress:
            progress(f"Making demo {name}…")
        fn(context)
    return context.counts
