"""Service reminders: the list of due and overdue services with the customer's contact and
preferred channel, marking a reminder sent (logged as an interaction), and counting the
reminders that turned into a booking or a repair order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import peewee

from shopdesk import formatting
from shopdesk.bulk_building import collection_paused
from shopdesk.errors import ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.bulk import chunks, ids_in, raw_rows
from shopdesk.models.crm import InteractionKind
from shopdesk.models.customers import Channel, Customer, CustomerPhone
from shopdesk.models.maintenance import MaintenancePackage, Reminder
from shopdesk.models.repair_orders import Approval, RepairOrder, RepairOrderLine
from shopdesk.models.vehicles import OdometerReading, Vehicle
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.crm import interactions, names, search
from shopdesk.services.workshop import order_basics, service_due

CHANNEL_KIND = {Channel.PHONE: InteractionKind.CALL, Channel.SMS: InteractionKind.MESSAGE,
                Channel.EMAIL: InteractionKind.EMAIL, Channel.LETTER: InteractionKind.MESSAGE,
                Channel.NONE: InteractionKind.MESSAGE}
#: The statuses of the list as a person reads them (context "Reminders"); a long-overdue
#: service reads "not seen since {date}" (the car's last visit).
STATUS_LABELS = {"overdue": QT_TRANSLATE_NOOP("Reminders", "overdue"),
                 "this month": QT_TRANSLATE_NOOP("Reminders", "this month"),
                 "next month": QT_TRANSLATE_NOOP("Reminders", "next month"),
                 "later": QT_TRANSLATE_NOOP("Reminders", "later")}
NOT_SEEN = QT_TRANSLATE_NOOP("Reminders", "not seen since {date}")
LONG_OVERDUE = QT_TRANSLATE_NOOP("Reminders", "long overdue")
#: A reminder sent within this many days counts as already sent for the same due service.
RESEND_DAYS = 60
#: A service overdue by more than this many months (the workshop's setting, this when unset)
#: is "long overdue": the list says the car was not seen since its last visit and a letter
#: offers one check-up instead of every service.
FOLD_MONTHS = 6


@dataclass(slots=True)
class ReminderRow:
    """One line of the reminder list (a whole shop's list has hundreds of thousands)."""

    due: service_due.DueService
    status: str  # overdue, this month, next month, later
    customer: str
    phone: str
    email: str
    address: str
    channel: str
    marketing_consent: bool
    plate: str
    vehicle: str
    package: str
    recommendations: list[str]
    sent_on: dt.date | None  # a reminder already sent for it
    kind: str = "person"  # the customer's name parts, for the letter's address and greeting
    first_name: str = ""
    last_name: str = ""
    company_name: str = ""
    last_seen: dt.date | None = None  # the car's last visit (odometer read) or service done
    long_overdue: bool = False  # overdue by more than the fold limit
    seen_lately: bool = False  # the car's last visit is within the fold limit

    @property
    def addressee(self) -> str:
        """The name on the envelope: "Nathan Jackson", "张伟", the company."""
        if self.kind == "company" and self.company_name.strip():
            return self.company_name.strip()
        return names.full_name(self.first_name, self.last_name) or self.customer


def status_text(row: ReminderRow) -> str:
    """The row's status as the list, the command line and the export show it, in the
    language in use on this thread: "overdue", "this month", ..., or for a long-overdue
    service "not seen since Mar 12, 2024" ("long overdue" when the car was never seen, or
    was seen within the limit without the service being done)."""
    if row.long_overdue:
        if row.last_seen is None or row.seen_lately:
            return translate("Reminders", LONG_OVERDUE)
        return translate("Reminders", NOT_SEEN).format(date=formatting.date(row.last_seen))
    return translate("Reminders", STATUS_LABELS.get(row.status, row.status))


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@collection_paused()
def found(actor: Actor, text: str, due_by: dt.date | None = None, *,
          today: dt.date | None = None, limit: int = search.DEFAULT_LIMIT) -> list[ReminderRow]:
    """The services due (up to ``due_by``) of the customers a search for ``text`` finds (name,
    phone digits, plate, VIN tail): the find box's answer in milliseconds, while the whole
    shop's list is still being made (or without it)."""
    customer_ids = search.matching_ids(actor, text, limit)
    if not customer_ids:
        return []
    vehicle_ids = [vid for (vid,) in Vehicle.select(Vehicle.id).where(
        Vehicle.customer.in_(customer_ids) & (Vehicle.archived == False)).tuples()]  # noqa: E712
    return reminder_list(actor, due_by, today=today, vehicle_ids=vehicle_ids) if vehicle_ids else []


def reminder_list(actor: Actor, due_by: dt.date | None = None, *, today: dt.date | None = None,
                  vehicle_ids: list[int] | None = None,
                  fold_months: int | None = None) -> list[ReminderRow]:
    """Due and overdue services up to ``due_by`` (default: end of next month), with contact.
    A service due more than ``fold_months`` (default: the workshop's setting) before ``today``
    is marked ``long_overdue``, with the day the car was last seen.

    The contacts are read in a few chunked queries (ids written into the SQL, rows as the
    driver returns them) and each customer's and vehicle's text is built once, however many
    services they have due. Built with automatic garbage collection paused (a whole shop's
    list is hundreds of thousands of rows)."""
    today = today or dt.date.today()
    if due_by is None:
        due_by = service_due.add_months(today.replace(day=1), 2) - dt.timedelta(days=1)
    due = service_due.due_by(actor, due_by, vehicle_ids, today=today)
    if not due:
        return []
    vids = sorted({d.vehicle_id for d in due})
    cids = sorted({d.customer_id for d in due})
    customers: dict[int, tuple] = {}
    phones: dict[int, str] = {}
    cars: dict[int, tuple[str, str]] = {}
    seen: dict[int, dt.date] = {}
    recs: dict[int, list[str]] = {}
    sent: dict[tuple[int, int], dt.date] = {}
    since = utcnow() - dt.timedelta(days=RESEND_DAYS)
    for chunk in chunks(cids):
        for (cid, name, email, address, postcode, city, channel, consent, kind, first, last,
             company) in raw_rows(
                Customer.select(Customer.id, Customer.display_name, Customer.email,
                                Customer.address, Customer.postcode, Customer.city,
                                Customer.preferred_channel, Customer.marketing_consent,
                                Customer.kind, Customer.first_name, Customer.last_name,
                                Customer.company_name)
                .where(ids_in(Customer.id, chunk) & (Customer.archived == False))):  # noqa: E712
            town = f"{postcode} {city}" if postcode and city else postcode or city
            full = f"{address}\n{town}" if address and town else address or town
            customers[cid] = (name, email, full, channel, bool(consent), kind or "person",
                              first or "", last or "", company or "")
        for cid, number in raw_rows(
                CustomerPhone.select(CustomerPhone.customer, CustomerPhone.number)
                .where(ids_in(CustomerPhone.customer, chunk))
                .order_by(CustomerPhone.position.desc())):
            phones[cid] = number  # position 0 (main) comes last and wins
    for chunk in chunks(vids):
        for vid, plate, year, make, model in raw_rows(
                Vehicle.select(Vehicle.id, Vehicle.plate, Vehicle.year, Vehicle.make,
                               Vehicle.model).where(ids_in(Vehicle.id, chunk))):
            cars[vid] = (plate, " ".join(str(x) for x in (year, make, model) if x))
        for vid, last_read in raw_rows(
                OdometerReading.select(OdometerReading.vehicle,
                                       peewee.fn.MAX(OdometerReading.read_on))
                .where(ids_in(OdometerReading.vehicle, chunk))
                .group_by(OdometerReading.vehicle)):
            if last_read is not None:
                seen[vid] = _day(last_read)
        for vid, text in raw_rows(
                RepairOrderLine.select(RepairOrder.vehicle, RepairOrderLine.description)
                .join(RepairOrder)
                .where(ids_in(RepairOrder.vehicle, chunk)
                       & (RepairOrderLine.approval == Approval.DECLINED.value)
                       & RepairOrderLine.recommendation_closed_at.is_null())):
            recs.setdefault(vid, []).append(text)
        for vid, pid, at in (Reminder.select(Reminder.vehicle, Reminder.package, Reminder.sent_at)
                             .where(ids_in(Reminder.vehicle, chunk) & (Reminder.sent_at >= since))
                             .tuples()):
            day = _day(at)
            sent[(vid, pid)] = max(day, sent.get((vid, pid), day))
    packages = {p.id: p.name for p in MaintenancePackage.select(MaintenancePackage.id,
                                                                MaintenancePackage.name)}
    status = _status_by_day(today)
    if fold_months is None:
        fold_months = order_basics.settings(actor).reminder_fold_months or FOLD_MONTHS
    fold_before = service_due.add_months(today, -fold_months)
    rows = []
    append = rows.append
    no_recs: list[str] = []
    for d in due:
        c = customers.get(d.customer_id)
        if c is None:
            continue  # archived
        vid = d.vehicle_id
        plate, car = cars[vid]
        last_seen = max((x for x in (seen.get(vid), d.last_done_on) if x), default=None)
        append(ReminderRow(d, status(d.due_on), c[0], phones.get(d.customer_id, ""), c[1],
                           c[2], c[3], c[4], plate, car, packages[d.package_id],
                           recs.get(vid, no_recs), sent.get((vid, d.package_id)), c[5], c[6],
                           c[7], c[8], last_seen, d.due_on < fold_before,
                           last_seen is not None and last_seen >= fold_before))
    return rows


def _status_by_day(today: dt.date) -> Callable[[dt.date], str]:
    """``DueService.status`` as a function of the due date, cached per date."""
    cache: dict[dt.date, str] = {}
    probe = service_due.DueService(0, 0, 0, today, None, None, 0.0, "")

    def status(day: dt.date) -> str:
        found = cache.get(day)
        if found is None:
            found = cache[day] = probe._replace(due_on=day).status(today)
        return found

    return status


def mark_sent(actor: Actor, vehicle_id: int, package_id: int, due_on: dt.date, *,
              channel: str | None = None, note: str = "") -> Reminder:
    """Record a reminder as sent and log it on the customer's file as an interaction."""
    require(actor, Permission.EDIT_CUSTOMERS)
    with db.atomic():
        vehicle = Vehicle.get_by_id(vehicle_id)
        customer = Customer.get_by_id(vehicle.customer_id)
        package = MaintenancePackage.get_or_none(MaintenancePackage.id == package_id)
        if package is None:
            raise ValidationError(f"There is no maintenance package #{package_id}")
        try:
            how = Channel(channel or customer.preferred_channel)
        except ValueError:
            raise ValidationError(f"Unknown channel {channel!r}") from None
        summary = (f"Service reminder: {package.name} for {vehicle.plate or vehicle.make} due "
                   f"{due_on:%Y-%m-%d} ({how.value})" + (f". {note.strip()}" if note.strip()
                                                         else ""))
        logged = interactions.log(actor, customer.id, CHANNEL_KIND[how], summary,
                                  vehicle_id=vehicle.id)
        row = Reminder.create(vehicle=vehicle.id, customer=customer.id, package=package.id,
                              due_on=due_on, channel=how.value, sent_by=actor.username,
                              interaction=logged.id)
        audit.record(actor, "remind", "vehicle", vehicle.id, summary)
    return row


def open_reminder(actor: Actor, vehicle_id: int, package_id: int) -> Reminder | None:
    """The latest reminder sent for this vehicle and package within a year that has not led
    to a booking or repair order yet (None: none was sent)."""
    return (Reminder.select()
            .where((Reminder.vehicle == vehicle_id) & (Reminder.package == package_id)
                   & Reminder.converted_at.is_null()
                   & (Reminder.sent_at >= utcnow() - dt.timedelta(days=365)))
            .order_by(Reminder.sent_at.desc(), Reminder.id.desc()).first())


@dataclass(frozen=True)
class Conversion:
    sent: int
    converted: int

    @property
    def rate_percent(self) -> int:
        return round(self.converted * 100 / self.sent) if self.sent else 0


def conversion(actor: Actor, start: dt.date, end: dt.date) -> Conversion:
    """Reminders sent in [start, end] and how many of them converted (for the reports)."""
    lo = dt.datetime.combine(start, dt.time())
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    base = Reminder.select().where((Reminder.sent_at >= lo) & (Reminder.sent_at < hi))
    return Conversion(base.count(), base.where(Reminder.converted_at.is_null(False)).count())
