"""What was done on a vehicle: the maintenance packages of its finished orders, and the
service reminders that a booking or an order answered (converted). Written inside the
transaction of the appointment or the repair order; read by :mod:`service_due` and
:mod:`reminders`."""

from __future__ import annotations

import datetime as dt

from shopdesk.models.base import utcnow
from shopdesk.models.maintenance import PackageService, Reminder
from shopdesk.models.repair_orders import Approval, RepairOrder, RepairOrderLine
from shopdesk.services.access import Actor


def mark_converted(actor: Actor, vehicle_id: int, package_id: int | None, what: str) -> int:
    """Reminders of this vehicle (and package) still open count as converted by ``what``
    (an appointment or repair order). Returns how many. Call inside the caller's
    transaction."""
    query = Reminder.update(converted_at=utcnow(), converted_to=what[:100]).where(
        (Reminder.vehicle == vehicle_id) & Reminder.converted_at.is_null()
        & (Reminder.sent_at >= utcnow() - dt.timedelta(days=365)))
    if package_id is not None:
        query = query.where(Reminder.package == package_id)
    return query.execute()


def record_packages(actor: Actor, order: RepairOrder, lines: list[RepairOrderLine]) -> None:
    """Note each approved maintenance package of a finished order as done on the vehicle
    today, and the reminders sent for it as converted (inside the caller's transaction)."""
    done = {li.package for li in lines if li.package and li.approval == Approval.APPROVED}
    for package_id in sorted(done):
        PackageService.create(vehicle=order.vehicle_id, package=package_id,
                              done_on=dt.date.today(), odometer=order.odometer,
                              repair_order=order.id)
        mark_converted(actor, order.vehicle_id, package_id, f"repair order {order.number}")
