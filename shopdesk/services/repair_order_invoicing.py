"""A finished repair order becomes a draft invoice in one call (the invoicing service does
the numbering, totals and payment later)."""

from __future__ import annotations

from shopdesk.errors import ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.models.base import database_proxy as db
from shopdesk.models.invoices import Invoice, InvoiceStatus
from shopdesk.models.repair_orders import Approval, RepairOrder, Status
from shopdesk.services import audit, invoices, repair_orders, stock
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.invoices import LineDraft


def line_drafts(order: RepairOrder) -> list[LineDraft]:
    """The approved lines as invoice lines; parts already left stock as repair-order use."""
    drafts = []
    for line in repair_orders.lines_of(order):
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
        order = repair_orders.get(repair_order_id)
        if order.status != Status.DONE:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "{order} is {status}: finish the job before "
                                            "invoicing it"), order=order.number,
                status=translate("Labels",
                                 repair_orders.STATUS_LABELS[Status(order.status)]).lower())
        drafts = line_drafts(order)
        if not drafts:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "{order} has no approved work to "
                                                              "invoice"), order=order.number)
        invoice = invoices.create_draft(
            actor, order.customer_id, order.vehicle_id, drafts, odometer=order.odometer,
            notes=f"Repair order {order.number}", source="repair order", source_id=order.id)
        repair_orders._change(actor, order, Status.INVOICED, "draft invoice")
        order.status = Status.INVOICED.value
        order.invoice = invoice.id
        order.status_at = invoice.created_at
        order.save_checked()
        audit.record(actor, "invoice", "repair order", order.id,
                     f"{order.number}: draft invoice #{invoice.id}")
    return invoice


def issue_order(actor: Actor, repair_order_id: int) -> Invoice:
    """Issue the invoice of a repair order: its draft invoice, made first from the approved
    work when the order is done and has none. All or nothing: a refused issue leaves no new
    draft behind and the order as it was."""
    require(actor, Permission.SELL)
    with stock.writing():
        order = repair_orders.get(repair_order_id)
        if order.invoice_id is None:
            draft = invoice_order(actor, order.id)
        else:
            draft = invoices.get(order.invoice_id)
            if draft.status == InvoiceStatus.ISSUED:
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "Errors", "{order} is invoiced already: {number}"),
                    order=order.number, number=draft.number)
            if draft.status != InvoiceStatus.DRAFT:
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "Errors", "The draft invoice of {order} was voided; invoice it again in "
                              "the window"), order=order.number)
        return invoices.issue(actor, draft.id)
