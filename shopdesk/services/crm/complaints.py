"""Complaints: opened, owned by a member of staff, worked, resolved with the customer's view."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.crm import Complaint, ComplaintStatus
from shopdesk.models.customers import Customer
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.sales import invoices
from shopdesk.services.workshop import repair_order_invoicing, repair_orders

STATUS_LABELS = {
    ComplaintStatus.OPEN: QT_TRANSLATE_NOOP("Labels", "Open"),
    ComplaintStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("Labels", "In progress"),
    ComplaintStatus.RESOLVED: QT_TRANSLATE_NOOP("Labels", "Resolved"),
}


def get(actor: Actor, complaint_id: int) -> Complaint:
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None:
        raise NotFoundError(f"There is no complaint number {complaint_id}")
    return row


def open_complaint(actor: Actor, customer_id: int, subject: str, details: str = "", *,
                   owner_id: int | None = None, repair_order_id: int | None = None,
                   invoice_id: int | None = None, opened_on: dt.date | None = None,
                   repair_order_number: str = "", invoice_number: str = "") -> Complaint:
    """Log a complaint; it is owned by ``owner_id`` (default: whoever logs it). The repair
    order and invoice it is about may be given by their printed numbers (``RO-000123``,
    ``RA-2026-00184``, any case, padding optional); an unknown number is refused on its field
    (``repair_order`` / ``invoice``)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    if not subject.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Give the complaint a subject"),
                              {"subject": QT_TRANSLATE_NOOP("Errors", "What it is about")})
    if repair_order_number.strip():
        repair_order_id = _linked(actor, repair_order_number, "repair_order", customer_id).id
    if invoice_number.strip():
        invoice = _linked(actor, invoice_number, "invoice", customer_id)
        invoice_id = invoice.id
        if repair_order_id is None:  # the printed invoice of a repair: the complaint is about it
            order = repair_order_invoicing.order_of(actor, invoice)
            repair_order_id = order.id if order is not None else None
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFoundError(f"There is no customer number {customer_id}")
        row = Complaint(customer=customer_id, subject=subject.strip(), details=details.strip(),
                        owner=owner_id or actor.user_id, repair_order_id=repair_order_id,
                        invoice_id=invoice_id, opened_on=opened_on or dt.date.today(),
                        created_by=actor.user_id)
        row.save_checked()
        audit.record(actor, "create", "complaint", row.id,
                     f"Complaint from {customer.display_name}: {row.subject}")
    return row


def _linked(actor: Actor, number: str, field: str, customer_id: int) -> Any:
    """The repair order or invoice with this printed number, or a refusal on ``field`` (also
    when it is another customer's: a number typed wrong must not link someone else's)."""
    try:
        found = invoices.by_number(actor, number) if field == "invoice" else \
            repair_orders.by_number(actor, number)
    except NotFoundError:
        if field == "invoice":
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "There is no invoice numbered '{number}'"),
                {"invoice": QT_TRANSLATE_NOOP("Errors", "No invoice has this number")},
                number=number.strip()) from None
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "There is no repair order '{number}'"),
            {"repair_order": QT_TRANSLATE_NOOP("Errors", "No repair order has this number")},
            number=number.strip()) from None
    if found.customer_id is not None and found.customer_id != customer_id:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "{number} is another customer's"),
            {field: QT_TRANSLATE_NOOP("Errors", "Another customer's")}, number=found.number)
    return found


def start_work(actor: Actor, complaint: Complaint, owner_id: int | None = None) -> Complaint:
    """Open -> in progress (optionally handing it to another owner)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    if complaint.status == ComplaintStatus.RESOLVED.value:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors",
                                                "This complaint is resolved; reopen it first"))
    with db.atomic():
        complaint.status = ComplaintStatus.IN_PROGRESS.value
        if owner_id:
            complaint.owner = owner_id
        complaint.save_checked()
        audit.record(actor, "progress", "complaint", complaint.id,
                     f"Working on complaint: {complaint.subject}")
    return complaint


def resolve(actor: Actor, complaint: Complaint, resolution: str,
            satisfaction: int | None = None, on: dt.date | None = None) -> Complaint:
    """Resolve with what was done and, if known, the customer's satisfaction (1-5)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    problems = {}
    if not resolution.strip():
        problems["resolution"] = QT_TRANSLATE_NOOP("Errors", "Say what was done")
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        problems["satisfaction"] = QT_TRANSLATE_NOOP("Errors", "From 1 (unhappy) to 5 (delighted)")
    if complaint.status == ComplaintStatus.RESOLVED.value:
        problems["status"] = QT_TRANSLATE_NOOP("Errors", "Already resolved")
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)
    with db.atomic():
        complaint.status = ComplaintStatus.RESOLVED.value
        complaint.resolution = resolution.strip()
        complaint.satisfaction = satisfaction
        complaint.resolved_on = on or dt.date.today()
        complaint.save_checked()
        audit.record(actor, "resolve", "complaint", complaint.id,
                     f"Resolved complaint: {complaint.subject}", None,
                     {"resolution": complaint.resolution, "satisfaction": satisfaction})
    return complaint


def reopen(actor: Actor, complaint: Complaint, reason: str) -> Complaint:
    """A resolved complaint back to in progress (the customer came back)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    if not reason.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Say why it is reopened"),
                              {"reason": QT_TRANSLATE_NOOP("Errors", "Why")})
    with db.atomic():
        complaint.status = ComplaintStatus.IN_PROGRESS.value
        complaint.resolved_on = None
        complaint.save_checked()
        audit.record(actor, "reopen", "complaint", complaint.id,
                     f"Reopened complaint: {complaint.subject} ({reason.strip()})")
    return complaint


def of_customer(actor: Actor, customer_id: int) -> list[Complaint]:
    return list(Complaint.select().where(Complaint.customer == customer_id)
                .order_by(Complaint.opened_on.desc(), Complaint.id.desc()))
