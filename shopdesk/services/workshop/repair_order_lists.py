"""The repair-order list the screen shows lazily: by status, newest first, SQL-filtered."""

from __future__ import annotations

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.customers import Customer
from shopdesk.models.repair_orders import OPEN_STATUSES, RepairOrder, RepairOrderLine, Status
from shopdesk.models.users import Role
from shopdesk.models.vehicles import Vehicle
from shopdesk.services.access import Actor
from shopdesk.services.listing import Column, Kind, QueryList
from shopdesk.services.workshop.repair_orders import STATUS_LABELS

#: The status filter of the list: label -> statuses.
FILTERS: dict[str, tuple[Status, ...]] = {
    QT_TRANSLATE_NOOP("Labels", "Open (in the shop)"): (*OPEN_STATUSES, Status.DONE),
    QT_TRANSLATE_NOOP("Labels", "Estimates"): (Status.ESTIMATE,),
    QT_TRANSLATE_NOOP("Labels", "Approved"): (Status.APPROVED,),
    QT_TRANSLATE_NOOP("Labels", "In progress"): (Status.IN_PROGRESS,),
    QT_TRANSLATE_NOOP("Labels", "Waiting for parts"): (Status.WAITING_PARTS,),
    QT_TRANSLATE_NOOP("Labels", "Done (to invoice)"): (Status.DONE,),
    QT_TRANSLATE_NOOP("Labels", "Ready for collection"): (Status.INVOICED,),
    QT_TRANSLATE_NOOP("Labels", "Collected"): (Status.COLLECTED,),
    QT_TRANSLATE_NOOP("Labels", "Cancelled"): (Status.CANCELLED,),
    QT_TRANSLATE_NOOP("Labels", "All"): tuple(Status),
}


def order_list(actor: Actor, label: str = "Open (in the shop)", text: str = "") -> QueryList:
    """Repair orders with the statuses of ``label`` (a technician: their own jobs only);
    ``text`` narrows to a number, plate or customer name prefix."""
    statuses = [s.value for s in FILTERS[label]]

    def base():
        query = (RepairOrder.select().join(Vehicle).switch(RepairOrder).join(Customer)
                 .where(RepairOrder.status.in_(statuses)))
        if actor.role == Role.TECHNICIAN:
            mine = RepairOrderLine.select(RepairOrderLine.repair_order).where(
                RepairOrderLine.technician == actor.user_id)
            query = query.where(RepairOrder.id.in_(mine))
        if text.strip():
            t = text.strip()
            query = query.where(RepairOrder.number.contains(t.upper())
                                | Vehicle.plate_key.startswith(t.upper().replace(" ", "")
                                                              .replace("-", ""))
                                | Customer.display_name.startswith(t))
        return query

    # the screen shows each row on two lines: the number over the plate, the customer over
    # the status (see gui/workshop/repair_orders_screen.py); exports keep the columns apart
    return QueryList(
        columns=[Column("number", QT_TRANSLATE_NOOP("Columns", "Order"), RepairOrder.number,
                        width=10),
                 Column("plate", QT_TRANSLATE_NOOP("Columns", "Plate"), Vehicle.plate, width=10),
                 Column("customer", QT_TRANSLATE_NOOP("Columns", "Customer"),
                        Customer.display_name, width=22),
                 Column("status", QT_TRANSLATE_NOOP("Columns", "Status"),
                        peewee.Case(RepairOrder.status, [
                            (k.value, v) for k, v in STATUS_LABELS.items()], RepairOrder.status),
                        width=14, labels=True),
                 Column("opened", QT_TRANSLATE_NOOP("Columns", "Opened"), RepairOrder.created_at,
                        Kind.DATETIME, width=14)],
        base=base, key=RepairOrder.id, default_sort=[RepairOrder.created_at.desc()])
