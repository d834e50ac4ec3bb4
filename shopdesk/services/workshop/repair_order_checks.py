"""``shopdesk check`` for the workshop: parts issued within what the line says, at most one
running clock per technician, no running clock on a finished order, invoiced orders point
at their invoice, every order's status is the last step of its timed history."""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from shopdesk.i18n import translate
from shopdesk.models.repair_orders import RepairOrder, RepairOrderLine, Status, StatusChange
from shopdesk.models.repair_orders import TimeEntry as T
from shopdesk.services.faults import Fault, invariant

CHECK = "repair orders"
FINISHED = [s.value for s in (Status.DONE, Status.INVOICED, Status.COLLECTED, Status.CANCELLED)]


@invariant(CHECK)
def _workshop(db: peewee.Database) -> Iterable[Fault]:
    over = (RepairOrderLine.select(RepairOrderLine.id, RepairOrderLine.repair_order)
            .where((RepairOrderLine.issued > RepairOrderLine.quantity)
                   | (RepairOrderLine.issued < 0)).limit(20))
    for line_id, order_id in over.tuples():
        yield Fault(CHECK, translate(
            "Checks", "line #{line} of order #{order} issued more parts than it holds")
            .format(line=line_id, order=order_id))
    running = (T.select(T.technician, peewee.fn.COUNT(T.id)).where(T.ended_at.is_null())
               .group_by(T.technician).having(peewee.fn.COUNT(T.id) > 1))
    for tech, count in running.tuples():
        yield Fault(CHECK, translate(
            "Checks", "technician #{id} is clocked on {count} jobs at once").format(
            id=tech, count=count))
    stale = (T.select(RepairOrder.number).join(RepairOrder)
             .where(T.ended_at.is_null() & RepairOrder.status.in_(FINISHED)).limit(20))
    for (number,) in stale.tuples():
        yield Fault(CHECK, translate(
            "Checks", "{number} is finished but a clock is still running on it").format(
            number=number))
    no_invoice = (RepairOrder.select(RepairOrder.number)
                  .where((RepairOrder.status == Status.INVOICED.value)
                         & RepairOrder.invoice.is_null() & RepairOrder.done_at.is_null())
                  .limit(20))
    for (number,) in no_invoice.tuples():
        yield Fault(CHECK, translate("Checks", "{number} is invoiced but was never done")
                    .format(number=number))
    last = (StatusChange.select(StatusChange.repair_order,
                                peewee.fn.MAX(StatusChange.id).alias("last"))
            .group_by(StatusChange.repair_order).alias("last"))
    wrong = (RepairOrder.select(RepairOrder.number)
             .join(last, on=(last.c.repair_order_id == RepairOrder.id))
             .join(StatusChange, on=(StatusChange.id == last.c.last))
             .where(StatusChange.to_status != RepairOrder.status).limit(20))
    for (number,) in wrong.tuples():
        yield Fault(CHECK, translate(
            "Checks", "{number}: its status differs from the last step of its history")
            .format(number=number))
