"""A finished repair order becomes a draft invoice in one call (the invoicing service does
the numbering, totals and payment later); deleting that draft puts the order back to done, so
the work can be changed and invoiced again."""

from __future__ import annotations

from shopdesk.errors import Term, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import writing
from shopdesk.models.invoices import Invoice, InvoiceStatus
from shopdesk.models.repair_orders import Approval, RepairOrder, Status
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.workshop import order_basics, repair_orders


def _line_drafts(actor: Actor, order: RepairOrder) -> list[LineDraft]:
    """The approved lines as invoice lines; parts already left stock as repair-order use."""
    drafts = []
    for line in repair_orders.lines_of(actor, order):
        if line.approval != Approval.APPROVED or line.quantity <= 0:
            continue
        drafts.append(LineDraft(description=line.description, quantity=line.quantity,
                                unit_price=line.unit_price, kind=line.kind,
                                part_id=line.part_id, discount_percent=line.discount_percent,
                                takes_stock=line.part_id is not None and line.issued == 0))
    return drafts


def invoice_order(actor: Actor, repair_order_id: int) -> Invoice:
    """Turn a done repair order into a draft invoice of its approved work; the order
    becomes invoiced. Labour, fees and sublet reach the invoice with the parts."""
    require(actor, Permission.SELL)
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    with db.atomic():
        order = repair_orders.get(actor, repair_order_id)
        if order.status != Status.DONE:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "{number} is {status}: finish the "
                                                              "job before invoicing it"),
                                  number=order.number, status=Term(
                                      "Labels", repair_orders.STATUS_LABELS[Status(order.status)],
                                      lower=True))
        drafts = _line_drafts(actor, order)
        if not drafts:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "{number} has no approved work to "
                                                              "invoice"), number=order.number)
        invoice = invoices.create_draft(
            actor, order.customer_id, order.vehicle_id, drafts, odometer=order.odometer,
            notes=f"Repair order {order.number}", source="repair order", source_id=order.id,
            lines_checked=True)  # (each line's discount was checked on the repair order)
        order_basics.record_status_change(actor, order, Status.INVOICED, "draft invoice")
        order.status = Status.INVOICED.value
        order.invoice = invoice.id
        order.status_at = invoice.created_at
        order.save_checked()
        audit.record(actor, "invoice", "repair order", order.id,
                     f"{order.number}: draft invoice #{invoice.id}")
    return invoice


def invoice_of(actor: Actor, repair_order_id: int) -> Invoice | None:
    """The invoice (draft or issued) made from the order, if any."""
    order = repair_orders.get(actor, repair_order_id)
    if order.invoice_id is None:
        return None
    invoice = Invoice.get_or_none(Invoice.id == order.invoice_id)  # (no actor here yet)
    return None if invoice is None or invoice.status == InvoiceStatus.VOID else invoice


def order_of(actor: Actor, invoice: Invoice) -> RepairOrder | None:
    """The repair order an invoice was made from (None: a counter sale or other)."""
    return RepairOrder.get_or_none(RepairOrder.invoice == invoice.id)


def discard_draft(actor: Actor, invoice_id: int) -> Invoice:
    """Delete a draft invoice (it is voided: it never had a number). A draft made from a
    repair order puts the order back to done, to change the work and invoice it again."""
    with db.atomic():
        invoice = invoices.void_draft(actor, invoice_id, "deleted")
        order = order_of(actor, invoice)
        if order is not None and order.status == Status.INVOICED:
            require(actor, Permission.MANAGE_REPAIR_ORDERS)
            order_basics.record_status_change(actor, order, Status.DONE, "draft invoice deleted")
            order.status = Status.DONE.value
            order.invoice = None
            order.status_at = invoice.created_at
            order.save_checked()
    return invoice


def issue_order(actor: Actor, repair_order_id: int) -> Invoice:
    """Issue the invoice of a repair order: its draft invoice, made first from the approved
    work when the order is done and has none. All or nothing: a refused issue leaves no new
    draft behind and the order as it was."""
    require(actor, Permission.SELL)
    with writing():
        order = repair_orders.get(actor, repair_order_id)
        if order.invoice_id is None:
            draft = invoice_order(actor, order.id)
        else:
            draft = invoices.get(actor, order.invoice_id)
            if draft.status == InvoiceStatus.ISSUED:
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "Errors", "{order} is invoiced already: {number}"),
                    order=order.number, number=draft.number)
            if draft.status != InvoiceStatus.DRAFT:
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "Errors", "The draft invoice of {order} was voided; invoice it again in "
                              "the window"), order=order.number)
        return invoices.issue(actor, draft.id)
