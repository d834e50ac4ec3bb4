"""Parts on repair orders: reserved on the estimate, out of stock through the ledger when the
job is done (or when fitted, as the shop chooses), unused parts put back.

Reserved = quantity not yet issued on part lines of open orders that were not declined.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import peewee

from shopdesk.errors import ValidationError
from shopdesk.models.base import database_proxy as db
from shopdesk.models.parts import MovementKind, Part
from shopdesk.models.repair_orders import (
    OPEN_STATUSES,
    Approval,
    RepairOrder,
    RepairOrderLine,
    Status,
)
from shopdesk.models.users import Role
from shopdesk.money import ZERO, from_milli
from shopdesk.services import amounts, audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.stock import stock
from shopdesk.services.workshop import order_basics


def reserved(actor: Actor, part_ids: list[int] | None = None) -> dict[int, Decimal]:
    """Quantity of each part spoken for by open repair orders (one GROUP BY query)."""
    still = RepairOrderLine.quantity - RepairOrderLine.issued
    query = (RepairOrderLine.select(RepairOrderLine.part, peewee.fn.SUM(still).coerce(False))
             .join(RepairOrder)
             .where(RepairOrderLine.part.is_null(False)
                    & (RepairOrderLine.approval != Approval.DECLINED.value)
                    & RepairOrder.status.in_([s.value for s in OPEN_STATUSES]))
             .group_by(RepairOrderLine.part))
    if part_ids is not None:
        query = query.where(RepairOrderLine.part.in_(part_ids))
    return {pid: from_milli(int(total)) for pid, total in query.tuples() if total}


def available(actor: Actor, part_id: int) -> Decimal:
    """On hand less what open repair orders have reserved."""
    part = Part.get_by_id(part_id)
    return part.on_hand - reserved(actor, [part_id]).get(part_id, ZERO)


def check_available(actor: Actor, part_id: int, quantity: Decimal) -> None:
    """Refuse reserving more than is available when the shop does not allow negative stock."""
    if stock.negative_allowed():
        return
    part = Part.get_by_id(part_id)
    spoken = reserved(actor, [part_id]).get(part_id, ZERO)
    free = part.on_hand - spoken
    if quantity > free:
        held = f", {spoken.normalize():f} reserved for other repair orders" if spoken else ""
        raise ValidationError(
            f"Only {max(free, ZERO).normalize():f} {part.unit} of {part.sku} available "
            f"({part.on_hand.normalize():f} in stock{held}); the shop does not allow negative "
            "stock: order it, or set the order to waiting for parts", {"quantity": "Not in stock"})


def _workshop(actor: Actor) -> Actor:
    """A technician may take approved parts for their job (the customer approved them): the
    movement is booked in their name with the repair-order right the ledger asks for."""
    if actor.role == Role.TECHNICIAN:
        return replace(actor, role=Role.CLERK)
    return actor


def _issue(actor: Actor, order: RepairOrder, line: RepairOrderLine) -> None:
    left = line.quantity - line.issued
    if line.part_id is None or left <= 0:
        return
    stock.record_movement(_workshop(actor), line.part_id, MovementKind.REPAIR_USE, left,
                          reference=order.number)
    RepairOrderLine.update(issued=line.quantity, fitted=True).where(
        RepairOrderLine.id == line.id).execute()


def issue_approved(actor: Actor, order: RepairOrder) -> None:
    """Take every approved part line's remaining quantity out of stock (job done)."""
    for line in RepairOrderLine.select().where(
            (RepairOrderLine.repair_order == order.id)
            & (RepairOrderLine.approval == Approval.APPROVED.value)
            & RepairOrderLine.part.is_null(False)):
        _issue(actor, order, line)


def fit(actor: Actor, line_id: int) -> RepairOrderLine:
    """The technician fitted this part: it leaves stock now when the shop chose "fitted"."""
    require(actor, Permission.WORK_JOBS)
    with db.atomic():
        line = RepairOrderLine.get_by_id(line_id)
        order = order_basics.open_for(actor, line.repair_order_id)
        if line.approval != Approval.APPROVED:
            raise ValidationError("Only approved parts are fitted")
        if order_basics.settings(actor).parts_leave_stock == "fitted":
            _issue(actor, order, line)
        RepairOrderLine.update(fitted=True).where(RepairOrderLine.id == line.id).execute()
        audit.record(actor, "fit", "repair order", order.id,
                     f"{order.number}: fitted {line.description}")
    return RepairOrderLine.get_by_id(line_id)


def return_unused(actor: Actor, line_id: int, quantity: Decimal | int | str) -> RepairOrderLine:
    """An unused part comes back from the workshop: back into stock (if it had left) and
    off the order's line."""
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    qty = amounts.parse_quantity(quantity)
    with db.atomic():
        line = RepairOrderLine.get_by_id(line_id)
        order = order_basics.get(actor, line.repair_order_id)
        if Status(order.status) not in (*OPEN_STATUSES, Status.DONE):
            raise ValidationError(f"{order.number} is invoiced or closed: return the part "
                                  "with a credit note")
        if line.part_id is None or qty <= 0 or qty > line.quantity:
            raise ValidationError(f"Return between 0 and {line.quantity.normalize():f}",
                                  {"quantity": "Too many"})
        back = min(qty, line.issued)
        if back > 0:
            stock.record_movement(actor, line.part_id, MovementKind.REPAIR_RETURN, back,
                                  reference=order.number,
                                  reason=f"Unused part returned from {order.number}")
        remaining = line.quantity - qty
        # a line returned whole stays on the order at quantity 0 (nothing to invoice)
        RepairOrderLine.update(quantity=remaining, issued=line.issued - back,
                               fitted=line.fitted and remaining > 0).where(
            RepairOrderLine.id == line.id).execute()
        audit.record(actor, "return part", "repair order", order.id,
                     f"{order.number}: {qty.normalize():f} {line.description} returned unused")
    return RepairOrderLine.get_by_id(line_id)


def return_all(actor: Actor, order: RepairOrder) -> None:
    """Put back every part already issued to a cancelled order."""
    for line in RepairOrderLine.select().where((RepairOrderLine.repair_order == order.id)
                                               & (RepairOrderLine.issued > 0)):
        stock.record_movement(actor, line.part_id, MovementKind.REPAIR_RETURN, line.issued,
                              reference=order.number,
                              reason=f"Returned from cancelled {order.number}")
        RepairOrderLine.update(issued=0).where(RepairOrderLine.id == line.id).execute()
