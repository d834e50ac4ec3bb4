"""First run: make the shop (details, tax rates, owner account) in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from shopdesk.models.base import database_proxy as db
from shopdesk.models.settings import SETTINGS_ID, ShopSettings
from shopdesk.models.users import Role, User
from shopdesk.services import audit
from shopdesk.services.access import Actor
from shopdesk.services.shop import settings, users


@dataclass
class ShopDetails:
    """What the first-run wizard asks for."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    tax_id: str = ""
    currency: str = "USD"
    invoice_prefix: str = "INV"
    prices_include_tax: bool = False
    tax_rates: list[tuple[str, str, Decimal]] = field(
        default_factory=lambda: [("STD", "Standard", Decimal("10")),
                                 ("ZERO", "Zero rated", Decimal("0"))])


def needs_setup() -> bool:
    """True until the shop has its owner account (the first-run wizard shows until then)."""
    return not User.select().exists()


def create_shop(details: ShopDetails, owner_username: str, owner_password: str,
                owner_name: str = "", *, demo: bool = False) -> Actor:
    """Save the shop's details and tax rates and create the owner; all or nothing."""
    with db.atomic():
        users.add_user(None, owner_username, owner_password, Role.OWNER, owner_name)
        owner = users.actor_for(owner_username)
        settings.update_settings(
            owner, name=details.name, address=details.address, phone=details.phone,
            email=details.email, tax_id=details.tax_id, currency=details.currency,
            invoice_prefix=details.invoice_prefix,
            prices_include_tax=details.prices_include_tax)
        if demo:
            ShopSettings.update(is_demo=True).where(ShopSettings.id == SETTINGS_ID).execute()
        for i, (code, name, rate) in enumerate(details.tax_rates):
            settings.save_tax_rate(owner, code, name, rate, is_default=i == 0)
        audit.record(owner, "create", "shop", 1, f"Shop {details.name!r} set up"
                     + (" (demo)" if demo else ""))
    return owner
