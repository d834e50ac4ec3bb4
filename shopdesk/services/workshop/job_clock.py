"""Technicians clocking on and off jobs, and hours sold vs hours clocked per technician."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from shopdesk.errors import ValidationError
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.repair_orders import (
    Approval,
    LineKind,
    RepairOrder,
    RepairOrderLine,
    Status,
    TimeEntry,
)
from shopdesk.models.users import Role, User
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.workshop import order_basics

HOUR = Decimal("0.01")


def on_the_clock(actor: Actor, user_id: int) -> TimeEntry | None:
    """The job this technician is clocked on, if any."""
    return TimeEntry.get_or_none((TimeEntry.technician == user_id)
                                 & TimeEntry.ended_at.is_null())


def clock_on(actor: Actor, repair_order_id: int, *, line_id: int | None = None,
             technician_id: int | None = None, at: dt.datetime | None = None) -> TimeEntry:
    """Start the clock on a job (clocking off any other job first). A technician clocks
    only themselves and only on their own jobs; the first clock-on starts the work."""
    require(actor, Permission.WORK_JOBS)
    who = technician_id or actor.user_id
    if who is None:
        raise ValidationError("Choose the technician to clock on")
    if actor.role == Role.TECHNICIAN and who != actor.user_id:
        raise ValidationError("A technician clocks on only themselves")
    with db.atomic():
        order = order_basics.open_for(actor, repair_order_id)
        if Status(order.status) not in (Status.APPROVED, Status.IN_PROGRESS,
                                        Status.WAITING_PARTS):
            raise ValidationError(f"{order.number} is "
                                  f"{order_basics.STATUS_LABELS[Status(order.status)].lower()}"
                                  ": clock on once the customer approved the work")
        current = on_the_clock(actor, who)
        if current is not None:
            clock_off(actor, current.id, at=at)
        entry = TimeEntry.create(repair_order=order.id, line=line_id, technician=who,
                                 started_at=at or utcnow())
        name = User.get_by_id(who).label
        audit.record(actor, "clock on", "repair order", order.id,
                     f"{name} clocked on {order.number}")
        if order.status == Status.APPROVED:
            order_basics.move_status(actor, order, Status.IN_PROGRESS)  # the work starts
    return entry


def clock_off(actor: Actor, entry_id: int, *, at: dt.datetime | None = None) -> TimeEntry:
    """Stop a running clock."""
    require(actor, Permission.WORK_JOBS)
    with db.atomic():
        entry = TimeEntry.get_by_id(entry_id)
        if entry.ended_at is not None:
            raise ValidationError("That clock is already off")
        if actor.role == Role.TECHNICIAN and entry.technician_id != actor.user_id:
            raise ValidationError("A technician clocks off only themselves")
        end = at or utcnow()
        if end < entry.started_at:
            raise ValidationError("Clock-off cannot be before clock-on")
        entry.ended_at = end
        entry.save()
        audit.record(actor, "clock off", "repair order", entry.repair_order_id,
                     f"{User.get_by_id(entry.technician_id).label} clocked off "
                     f"({hours(entry)} h)")
    return entry


def clock_off_all(actor: Actor, repair_order_id: int) -> None:
    """Stop every clock still running on this order (the job is done)."""
    for entry in TimeEntry.select().where((TimeEntry.repair_order == repair_order_id)
                                          & TimeEntry.ended_at.is_null()):
        entry.ended_at = utcnow()
        entry.save()


def hours(entry: TimeEntry, now: dt.datetime | None = None) -> Decimal:
    """Clocked hours of one entry (a running one: until now), to the hundredth."""
    end = entry.ended_at or now or utcnow()
    seconds = Decimal(int((end - entry.started_at).total_seconds()))
    return (seconds / 3600).quantize(HOUR, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TechnicianHours:
    technician: str
    sold: Decimal  # labour hours on approved lines of finished orders
    clocked: Decimal

    @property
    def efficiency(self) -> Decimal | None:
        """Sold / clocked in percent (None when nothing clocked)."""
        if not self.clocked:
            return None
        return (self.sold * 100 / self.clocked).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def technician_hours(actor: Actor, start: dt.date, end: dt.date) -> list[TechnicianHours]:
    """Per technician: hours sold on orders finished in [start, end] and hours clocked (their
    efficiency): one of the owner's reports."""
    require(actor, Permission.VIEW_OWNER_REPORTS)
    lo = dt.datetime.combine(start, dt.time())
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    sold: dict[int, Decimal] = {}
    lines = (RepairOrderLine.select(RepairOrderLine.technician, RepairOrderLine.hours)
             .join(RepairOrder)
             .where((RepairOrderLine.kind == LineKind.LABOUR.value)
                    & (RepairOrderLine.approval == Approval.APPROVED.value)
                    & RepairOrderLine.technician.is_null(False)
                    & (RepairOrder.done_at >= lo) & (RepairOrder.done_at < hi)))
    for tech, h in lines.tuples():
        sold[tech] = sold.get(tech, Decimal(0)) + h
    clocked: dict[int, Decimal] = {}
    for entry in TimeEntry.select().where((TimeEntry.started_at >= lo)
                                          & (TimeEntry.started_at < hi)
                                          & TimeEntry.ended_at.is_null(False)):
        clocked[entry.technician_id] = clocked.get(entry.technician_id, Decimal(0)) + \
            hours(entry)
    names = {u.id: u.label for u in User.select().where(User.id.in_(set(sold) | set(clocked)))}
    return sorted((TechnicianHours(names[t], sold.get(t, Decimal(0)).quantize(HOUR),
                                   clocked.get(t, Decimal(0)))
                   for t in set(sold) | set(clocked)), key=lambda r: r.technician)
