"""Credit notes: the only correction of an issued invoice.

A credit note has its own gapless series, references the invoice, covers all or some of its
lines (never more of a line than was invoiced, less what earlier credit notes took), says
why, and returns parts to stock. It first reduces what is still due on the invoice; money
already paid beyond that goes back as a refund or store credit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.models.base import writing
from shopdesk.models.invoices import (
    DocumentKind,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    LineKind,
    PaymentMethod,
)
from shopdesk.money import ZERO, MoneyError, from_milli, to_quantity
from shopdesk.services import owner_rules
from shopdesk.services.access import Actor, Approval, Permission, require
from shopdesk.services.sales import invoices, payments


def _credited_quantities(invoice_id: int) -> dict[int, Decimal]:
    """How much of each line of ``invoice_id`` issued credit notes already took."""
    query = (InvoiceLine.select(InvoiceLine.credited_line,
                                peewee.fn.SUM(InvoiceLine.quantity).coerce(False))
             .join(Invoice)
             .where((Invoice.credited_invoice == invoice_id)
                    & (Invoice.status == InvoiceStatus.ISSUED.value))
             .group_by(InvoiceLine.credited_line))
    return {line_id: from_milli(int(total)) for line_id, total in query.tuples()}


def creditable(actor: Actor, invoice_id: int) -> list[tuple[InvoiceLine, Decimal]]:
    """Each line of the invoice with the quantity that can still be credited."""
    taken = _credited_quantities(invoice_id)
    return [(line, line.quantity - taken.get(line.id, ZERO))
            for line in invoices.lines_of(actor, invoice_id)]


def issue_credit_note(actor: Actor, invoice_id: int, reason: str,
                      quantities: dict[int, Decimal | int | str] | None = None, *,
                      return_to_stock: bool = True,
                      settle: PaymentMethod | str | None = None,
                      today: dt.date | None = None, core_return: bool = False,
                      approval: Approval | None = None) -> Invoice:
    """Credit ``quantities`` (line id -> quantity; None: everything not yet credited).

    ``settle`` says how money already paid goes back when the credit is more than is still
    due: a refund method, or store credit (default: store credit for an account customer,
    cash for the cash customer). ``core_return``: the refund of core deposits when the old
    units come back (:mod:`shopdesk.services.counter.cores`), which anyone who sells may issue; it
    credits core lines only.
    """
    require(actor, Permission.SELL if core_return else Permission.ISSUE_CREDIT_NOTES)
    if not reason.strip():
        raise ValidationError("Say why the invoice is credited", {"reason": "Needed"})
    today = today or dt.date.today()
    owner_rules.check_issue_date(actor, today, approval)  # (a clerk's core return)
    with writing():
        Invoice.update(version=Invoice.version).where(Invoice.id == invoice_id).execute()
        original = invoices.get(actor, invoice_id)
        if original.kind != DocumentKind.INVOICE or original.status != InvoiceStatus.ISSUED:
            raise ValidationError("Only an issued invoice can be credited")
        available = creditable(actor, original.id)
        by_id = {line.id: (line, left) for line, left in available}
        wanted: list[tuple[InvoiceLine, Decimal]] = []
        if quantities is None:
            wanted = [(line, left) for line, left in available if left > 0]
        else:
            for line_id, value in quantities.items():
                if line_id not in by_id:
                    raise NotFoundError(f"Line #{line_id} is not on {original.number}")
                line, left = by_id[line_id]
                try:
                    qty = to_quantity(value)  # type: ignore[arg-type]
                except MoneyError:
                    raise ValidationError(f"Quantity {value!r} is not a number") from None
                if qty <= 0:
                    raise ValidationError("Credit a quantity of more than zero",
                                          {"quantity": "More than zero"})
                if qty > left:
                    raise ValidationError(
                        f"Only {left.normalize():f} of {line.description!r} can still be "
                        f"credited ({line.quantity.normalize():f} invoiced)",
                        {"quantity": f"At most {left.normalize():f}"})
                wanted.append((line, qty))
        if not wanted:
            raise ValidationError(f"Nothing is left to credit on {original.number}")
        if core_return and any(line.kind != LineKind.CORE for line, _qty in wanted):
            raise ValidationError("A core return credits core deposits only")
        note = Invoice.create(
            kind=DocumentKind.CREDIT_NOTE.value, customer=original.customer_id,
            customer_name=original.customer_name, billing_address=original.billing_address,
            customer_tax_id=original.customer_tax_id, vehicle=original.vehicle_id,
            vehicle_text=original.vehicle_text, odometer=original.odometer,
            price_level=original.price_level, prices_include_tax=original.prices_include_tax,
            discount_percent=original.discount_percent, credited_invoice=original.id,
            reason=reason.strip(), source="credit note", source_id=original.id,
            created_by=actor.username)
        for position, (line, qty) in enumerate(wanted, start=1):
            InvoiceLine.create(
                invoice=note.id, position=position, kind=line.kind, part=line.part_id,
                sku=line.sku, description=line.description, quantity=qty,
                unit_price=line.unit_price, discount_percent=line.discount_percent,
                tax_code=line.tax_code, tax_rate=line.tax_rate, unit_cost=line.unit_cost,
                takes_stock=bool(return_to_stock and line.takes_stock and line.part_id),
                credited_line=line.id)
        invoices.finish_issue(actor, note, invoices.lines_of(actor, note), today)
        note = invoices.get(actor, note.id)
        amount = -note.gross
        due = invoices.balance_due(original)
        (Invoice.update(credited=Invoice.credited + peewee.Value(int(amount * 100),
                                                                 converter=False),
                        version=Invoice.version + 1)
         .where(Invoice.id == original.id).execute())
        owed = amount - max(due, ZERO)
        if owed > 0:
            method = settle or (PaymentMethod.STORE_CREDIT if original.customer_id
                                else PaymentMethod.CASH)
            payments.settle_credit_note(actor, note, owed, method)
    return invoices.get(actor, note.id)
