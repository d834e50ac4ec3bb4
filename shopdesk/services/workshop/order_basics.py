"""The repair order as every part of the workshop reads it: the labels of its statuses, line
kinds and findings, which status may follow which, the workshop's settings, the order and its
lines (a technician: only their own jobs), and the one way a status moves (timed in
:class:`StatusChange` and audited). :mod:`repair_orders` (the estimate, approval and the whole
flow), :mod:`job_clock` and :mod:`workshop_parts` build on it."""

from __future__ import annotations

from shopdesk.errors import AccessDenied, NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import utcnow
from shopdesk.models.repair_orders import (
    Condition,
    LineKind,
    RepairOrder,
    RepairOrderLine,
    Status,
    StatusChange,
    WorkshopSettings,
)
from shopdesk.models.users import Role
from shopdesk.services import audit
from shopdesk.services.access import Actor

STATUS_LABELS = {
    Status.ESTIMATE: QT_TRANSLATE_NOOP("Labels", "Estimate"),
    Status.APPROVED: QT_TRANSLATE_NOOP("Labels", "Approved"),
    Status.IN_PROGRESS: QT_TRANSLATE_NOOP("Labels", "In progress"),
    Status.WAITING_PARTS: QT_TRANSLATE_NOOP("Labels", "Waiting for parts"),
    Status.DONE: QT_TRANSLATE_NOOP("Labels", "Done"),
    Status.INVOICED: QT_TRANSLATE_NOOP("Labels", "Invoiced"),
    Status.COLLECTED: QT_TRANSLATE_NOOP("Labels", "Collected"),
    Status.CANCELLED: QT_TRANSLATE_NOOP("Labels", "Cancelled"),
}

KIND_LABELS = {
    LineKind.LABOUR: QT_TRANSLATE_NOOP("Labels", "Labour"),
    LineKind.PART: QT_TRANSLATE_NOOP("Labels", "Part"),
    LineKind.FEE: QT_TRANSLATE_NOOP("Labels", "Fee"),
    LineKind.SUBLET: QT_TRANSLATE_NOOP("Labels", "Sublet"),
}

CONDITION_LABELS = {
    Condition.OK: QT_TRANSLATE_NOOP("Labels", "OK"),
    Condition.SOON: QT_TRANSLATE_NOOP("Labels", "Needs attention soon"),
    Condition.URGENT: QT_TRANSLATE_NOOP("Labels", "Urgent"),
}

#: Which status may follow which (invoicing goes through :mod:`repair_order_invoicing`).
NEXT = {
    Status.ESTIMATE: {Status.APPROVED, Status.CANCELLED},
    Status.APPROVED: {Status.IN_PROGRESS, Status.WAITING_PARTS, Status.DONE, Status.CANCELLED,
                      Status.ESTIMATE},
    Status.IN_PROGRESS: {Status.WAITING_PARTS, Status.DONE},
    Status.WAITING_PARTS: {Status.IN_PROGRESS, Status.DONE},
    Status.DONE: {Status.INVOICED, Status.IN_PROGRESS},
    Status.INVOICED: {Status.COLLECTED},
    Status.COLLECTED: set(),
    Status.CANCELLED: set(),
}

EDITABLE = (Status.ESTIMATE, Status.APPROVED, Status.IN_PROGRESS, Status.WAITING_PARTS)


def settings(actor: Actor) -> WorkshopSettings:
    """The workshop's options (the row is made by migration 6)."""
    row = WorkshopSettings.get_or_none(WorkshopSettings.id == 1)
    return row or WorkshopSettings.create(id=1)


def get(actor: Actor, repair_order_id: int) -> RepairOrder:
    """The repair order with this id, if the actor may see it: a technician sees only their
    own jobs (an order with a line assigned to them)."""
    order = RepairOrder.get_or_none(RepairOrder.id == repair_order_id)
    if order is None:
        raise NotFoundError(f"There is no repair order #{repair_order_id}")
    check_sees(actor, order)
    return order


def check_sees(actor: Actor, order: RepairOrder) -> None:
    """Refuse a technician an order none of whose lines is theirs."""
    if actor.role == Role.TECHNICIAN and not _assigned_to(order.id, actor.user_id):
        raise AccessDenied(f"{order.number} is not one of your jobs")


def _assigned_to(order_id: int, user_id: int | None) -> bool:
    """Whether a line of the order is assigned to this technician."""
    return (RepairOrderLine.select().where((RepairOrderLine.repair_order == order_id)
                                           & (RepairOrderLine.technician == user_id)).exists())


def open_for(actor: Actor, repair_order_id: int) -> RepairOrder:
    """The order, if the actor may see it (a technician: only their own jobs), as :func:`get`."""
    return get(actor, repair_order_id)


def lines_of(actor: Actor, order: RepairOrder | int) -> list[RepairOrderLine]:
    """The order's lines in estimate order."""
    order_id = order if isinstance(order, int) else order.id
    return list(RepairOrderLine.select().where(RepairOrderLine.repair_order == order_id)
                .order_by(RepairOrderLine.position, RepairOrderLine.id))


def record_status_change(actor: Actor, order: RepairOrder, to: Status, note: str = "") -> None:
    """Write the status change and its audit record (inside the caller's transaction)."""
    StatusChange.create(repair_order=order.id, from_status=order.status if order.id else "",
                        to_status=to.value, username=actor.username)
    audit.record(actor, "status", "repair order", order.id,
                 f"{order.number}: {STATUS_LABELS.get(Status(order.status), order.status)} -> "
                 f"{STATUS_LABELS[to]}" + (f" ({note})" if note else ""),
                 {"status": order.status}, {"status": to.value})


def require_editable(order: RepairOrder) -> None:
    """Refuse a change to the work of an order that is done, invoiced or closed."""
    if Status(order.status) not in EDITABLE:
        raise ValidationError(f"{order.number} is {STATUS_LABELS[Status(order.status)].lower()}"
                              ": its work can no longer be changed")


def check_next(order: RepairOrder, to: Status) -> None:
    """Refuse a status that may not follow the order's (see :data:`NEXT`)."""
    current = Status(order.status)
    if to not in NEXT[current]:
        raise ValidationError(f"{order.number} is {STATUS_LABELS[current].lower()}: it "
                              f"cannot become {STATUS_LABELS[to].lower()}")


def move_status(actor: Actor, order: RepairOrder, to: Status, note: str = "") -> None:
    """Move the order to ``to`` (inside the caller's transaction): checked against
    :data:`NEXT`, recorded, audited and saved (a stale copy is refused)."""
    check_next(order, to)
    record_status_change(actor, order, to, note)
    order.status = to.value
    order.status_at = utcnow()
    order.save_checked()
