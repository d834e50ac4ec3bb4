"""Builders for invoice-area tests: a stocked part, a customer with a car, a sale."""

from __future__ import annotations

from decimal import Decimal

from shopdesk.models.parts import MovementKind
from shopdesk.services.access import Actor
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.stock import stock
from tests.helpers.parts import make_part
from tests.services.customer_helpers import car, person


def stocked_part(actor: Actor, sku: str = "OF-100", name: str = "Oil filter", qty: int = 20,
                 **values):
    """A part with ``qty`` in stock at cost 4.00 (retail 9.99, trade 7.50 unless told)."""
    part = make_part(actor, sku=sku, name=name, **values)
    stock.record_movement(actor, part, MovementKind.RECEIPT, qty, Decimal(values.get(
        "cost", "4.00")), reference="opening")
    return part


def customer_with_car(actor: Actor, **extra):
    """Ann Smith with a Honda Accord; returns (customer, vehicle)."""
    customer = person(actor, **extra)
    return customer, car(actor, customer.id)


def workshop_invoice(actor: Actor, customer_id: int, vehicle_id: int | None, part_id: int,
                     issue: bool = True):
    """Two oil filters and 1.5 h labour at 80.00, from a repair order."""
    draft = invoices.create_draft(
        actor, customer_id, vehicle_id, odometer=84210, source="repair order", source_id=7,
        lines=[LineDraft(part_id=part_id, quantity=2),
               LineDraft("Labour: oil service", "1.5", "80.00", kind="labour")])
    return invoices.issue(actor, draft.id) if issue else draft
