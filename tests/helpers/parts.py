"""Small builders for parts-area tests."""

from __future__ import annotations

from typing import Any

from shopdesk.models.parts import Part, Supplier
from shopdesk.services.access import Actor
from shopdesk.services.stock import parts, suppliers


def make_supplier(actor: Actor, name: str = "Acme Parts", **values: Any) -> Supplier:
    """A supplier with a lead time of 3 days unless told otherwise."""
    values.setdefault("lead_time_days", 3)
    return suppliers.create_supplier(actor, name=name, **values)


def make_part(actor: Actor, sku: str = "OF-100", name: str = "Oil filter", **values: Any) -> Part:
    """A part priced like an oil filter (cost 4.00, retail 9.99, trade 7.50)."""
    values.setdefault("cost", "4.00")
    values.setdefault("retail_price", "9.99")
    values.setdefault("trade_price", "7.50")
    return parts.create_part(actor, sku=sku, name=name, **values)
