"""Builders for parts-counter tests: a battery with a core deposit, a supplier."""

from __future__ import annotations

from shopdesk.services.access import Actor
from shopdesk.services.counter import cores
from tests.helpers.invoices import stocked_part
from tests.helpers.parts import make_supplier


def battery(actor: Actor, deposit: str = "18.00", qty: int = 10, sku: str = "BAT-70"):
    """A 70 Ah battery (cost 80.00, retail 129.00) from Acme Parts, with a core deposit."""
    supplier = make_supplier(actor)
    part = stocked_part(actor, sku=sku, name="Battery 70Ah", qty=qty, cost="80.00",
                        retail_price="129.00", trade_price="110.00", supplier=supplier.id)
    cores.set_deposit(actor, part.id, deposit)
    return part
