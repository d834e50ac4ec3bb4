"""Appointments: book a vehicle into a bay and/or with a technician, the day and week
calendar, tomorrow's list for confirmation calls, and check-in (appointment -> repair
order)."""

from __future__ import annotations

import datetime as dt

from shopdesk.errors import NotFoundError, ShopDeskError, Term, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.appointments import Appointment, AppointmentStatus
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.customers import Customer
from shopdesk.models.maintenance import MaintenancePackage, Reminder
from shopdesk.models.repair_orders import RepairOrder
from shopdesk.models.users import User
from shopdesk.models.vehicles import Vehicle
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.changes import Changes, touch
from shopdesk.services.workshop import maintenance, package_history, reminders, repair_orders

LIVE = (AppointmentStatus.BOOKED.value, AppointmentStatus.CONFIRMED.value)
STATUS_LABELS = {
    AppointmentStatus.BOOKED: QT_TRANSLATE_NOOP("Labels", "Booked"),
    AppointmentStatus.CONFIRMED: QT_TRANSLATE_NOOP("Labels", "Confirmed"),
    AppointmentStatus.CHECKED_IN: QT_TRANSLATE_NOOP("Labels", "Checked in"),
    AppointmentStatus.CANCELLED: QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    AppointmentStatus.NO_SHOW: QT_TRANSLATE_NOOP("Labels", "No-show"),
}


def get(actor: Actor, appointment_id: int) -> Appointment:
    row = Appointment.get_or_none(Appointment.id == appointment_id)
    if row is None:
        raise NotFoundError(f"There is no appointment #{appointment_id}")
    return row


def _clash(starts_at: dt.datetime, minutes: int, bay: str, technician_id: int | None,
           ignore: int | None = None) -> Appointment | None:
    end = starts_at + dt.timedelta(minutes=minutes)
    day = starts_at.replace(hour=0, minute=0, second=0, microsecond=0)
    for other in Appointment.select().where(
            (Appointment.starts_at >= day) & (Appointment.starts_at < day + dt.timedelta(days=1))
            & Appointment.status.in_(LIVE)):
        if other.id == ignore:
            continue
        other_end = other.starts_at + dt.timedelta(minutes=other.minutes)
        overlaps = other.starts_at < end and starts_at < other_end
        same = (bay and other.bay == bay) or (technician_id and
                                              other.technician_id == technician_id)
        if overlaps and same:
            return other
    return None


def book(actor: Actor, customer_id: int, starts_at: dt.datetime, *, vehicle_id: int | None = None,
         minutes: int = 60, bay: str = "", technician_id: int | None = None, what: str = "",
         reminder_id: int | None = None, package_id: int | None = None) -> Appointment:
    """Book an appointment (local shop time). Refuses a bay or technician already booked
    then. Booked from a reminder: the reminder counts as converted.

    ``package_id``: the maintenance package the car is booked for (booked from the list of
    services due); check-in then puts its lines on the repair order, and the reminder sent
    for that service (if any) is linked and counts as converted."""
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    if not 5 <= minutes <= 8 * 60 * 5:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "An appointment lasts from 5 minutes to a working week"),
            {"minutes": QT_TRANSLATE_NOOP("Errors", "5 minutes or more")})
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFoundError(f"There is no customer #{customer_id}")
        if vehicle_id is not None:
            vehicle = Vehicle.get_by_id(vehicle_id)
            if vehicle.customer_id != customer.id:
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "Errors", "That vehicle belongs to another customer"))
        if technician_id is not None and User.get_or_none(User.id == technician_id) is None:
            raise ValidationError(QT_TRANSLATE_NOOP(
                "Errors", "Choose a member of staff as technician"))
        if package_id is not None:
            if vehicle_id is None:
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "Errors", "Say which car the service is booked for"),
                    {"plate": QT_TRANSLATE_NOOP("Errors", "Needed")})
            if MaintenancePackage.get_or_none(MaintenancePackage.id == package_id) is None:
                raise NotFoundError(f"There is no maintenance package #{package_id}")
            if reminder_id is None:
                sent = reminders.open_reminder(actor, vehicle_id, package_id)
                reminder_id = sent.id if sent is not None else None
        other = _clash(starts_at, minutes, bay.strip(), technician_id)
        if other is not None:
            end = other.starts_at + dt.timedelta(minutes=other.minutes)
            values = {"start": f"{other.starts_at:%H:%M}", "end": f"{end:%H:%M}",
                      "customer": other.customer.display_name}
            if other.bay and other.bay == bay.strip():
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "Errors", "{bay} is already booked {start}–{end} ({customer}): choose "
                              "another time or bay"),
                    {"starts_at": QT_TRANSLATE_NOOP("Errors", "Already booked")},
                    bay=other.bay, **values)
            raise ValidationError(QT_TRANSLATE_NOOP(
                "Errors", "That technician is already booked {start}–{end} ({customer}): "
                          "choose another time or technician"),
                {"starts_at": QT_TRANSLATE_NOOP("Errors", "Already booked")}, **values)
        row = Appointment(customer=customer.id, vehicle=vehicle_id, starts_at=starts_at,
                          minutes=minutes, bay=bay.strip(), technician=technician_id,
                          what=what.strip(), reminder=reminder_id, package=package_id,
                          created_by=actor.username)
        row.save_checked()
        if reminder_id is not None:
            reminder = Reminder.get_or_none(Reminder.id == reminder_id)
            if reminder is not None:
                package_history.mark_converted(actor, reminder.vehicle_id, reminder.package_id,
                                         f"appointment {row.id}")
        elif vehicle_id is not None:
            package_history.mark_converted(actor, vehicle_id, package_id, f"appointment {row.id}")
        audit.record(actor, "book", "appointment", row.id,
                     f"Booked {customer.display_name} {starts_at:%Y-%m-%d %H:%M}"
                     + (f" in {bay}" if bay else ""))
    return row


def _set(actor: Actor, appointment_id: int, status: AppointmentStatus) -> Appointment:
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    with db.atomic():
        row = get(actor, appointment_id)
        if row.status not in LIVE:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors",
                                                    "This appointment is already {status}"),
                                  status=Term("Labels",
                                              STATUS_LABELS[AppointmentStatus(row.status)],
                                              lower=True))
        row.status = status.value
        if status is AppointmentStatus.CONFIRMED:
            row.confirmed_at = utcnow()
        row.save_checked()
        audit.record(actor, status.value, "appointment", row.id,
                     f"Appointment {row.starts_at:%Y-%m-%d %H:%M}: {STATUS_LABELS[status]}")
    return row


def confirm(actor: Actor, appointment_id: int) -> Appointment:
    """The customer confirmed on the phone."""
    return _set(actor, appointment_id, AppointmentStatus.CONFIRMED)


def cancel(actor: Actor, appointment_id: int) -> Appointment:
    return _set(actor, appointment_id, AppointmentStatus.CANCELLED)


def no_show(actor: Actor, appointment_id: int) -> Appointment:
    return _set(actor, appointment_id, AppointmentStatus.NO_SHOW)


def check_in(actor: Actor, appointment_id: int, *, odometer: int | None = None,
             concerns: str = "", odometer_reason: str = "",
             refusals: list[ShopDeskError] | None = None) -> RepairOrder:
    """The customer arrived: open the repair order (odometer recorded) from the booking.

    An appointment booked for a maintenance package gets that package's lines on the new
    order. If the package cannot be added (a part out of stock where negative stock is
    blocked, or it no longer fits the car) the order still opens with the concern, and the
    refusal is appended to ``refusals`` for the window to show."""
    with db.atomic():
        row = get(actor, appointment_id)
        if row.status not in LIVE:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "This appointment is {status}"),
                                  status=Term("Labels",
                                              STATUS_LABELS[AppointmentStatus(row.status)],
                                              lower=True))
        if row.vehicle_id is None:
            raise ValidationError(QT_TRANSLATE_NOOP(
                "Errors", "Say which vehicle came in before checking in"),
                {"vehicle": QT_TRANSLATE_NOOP("Errors", "Needed")})
        order = repair_orders.open_order(actor, row.vehicle_id, odometer=odometer,
                                         concerns=concerns or row.what,
                                         odometer_reason=odometer_reason)
        if row.package is not None:
            try:
                with db.atomic():  # a savepoint: a refused package leaves the order open
                    maintenance.add_to_order(actor, order.id, row.package)
            except ShopDeskError as exc:
                if refusals is not None:
                    refusals.append(exc)
        row.status = AppointmentStatus.CHECKED_IN.value
        row.repair_order = order.id
        row.save_checked()
        touch(Changes.APPOINTMENTS | Changes.REMINDERS)  # (the order's opening is audited)
        package_history.mark_converted(actor, row.vehicle_id, None, f"repair order {order.number}")
    return order


def between(actor: Actor, start: dt.datetime, end: dt.datetime, *,
            include_closed: bool = True) -> list[Appointment]:
    """Appointments starting in [start, end), in time order."""
    query = (Appointment.select(Appointment, Customer).join(Customer)
             .where((Appointment.starts_at >= start) & (Appointment.starts_at < end)))
    if not include_closed:
        query = query.where(Appointment.status.in_(LIVE))
    return list(query.order_by(Appointment.starts_at, Appointment.id))


def day(actor: Actor, on: dt.date, **kw) -> list[Appointment]:
    """One day's appointments."""
    start = dt.datetime.combine(on, dt.time())
    return between(actor, start, start + dt.timedelta(days=1), **kw)


def week(actor: Actor, containing: dt.date) -> list[Appointment]:
    """Monday to Sunday of the week holding ``containing``."""
    monday = containing - dt.timedelta(days=containing.weekday())
    start = dt.datetime.combine(monday, dt.time())
    return between(actor, start, start + dt.timedelta(days=7))


def to_confirm(actor: Actor, today: dt.date | None = None) -> list[Appointment]:
    """Tomorrow's appointments not yet confirmed: the confirmation call list."""
    tomorrow = (today or dt.date.today()) + dt.timedelta(days=1)
    return [a for a in day(actor, tomorrow, include_closed=False)
            if a.status == AppointmentStatus.BOOKED]
