"""The lazy lists of the customer area: customers, vehicles, follow-ups, complaints, lapsed.

Each returns a :class:`~shopdesk.services.listing.QueryList`: filtered and sorted in SQL and
fetched a page at a time, so 100,000 customers scroll like 100.
"""

from __future__ import annotations

import datetime as dt

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.bulk import ids_in
from shopdesk.models.crm import Complaint, ComplaintStatus, Interaction
from shopdesk.models.customers import Customer, CustomerPhone, CustomerTag, SearchKey
from shopdesk.models.users import User
from shopdesk.models.vehicles import Vehicle
from shopdesk.services.access import Actor
from shopdesk.services.crm import search
from shopdesk.services.crm.complaints import STATUS_LABELS as COMPLAINT_LABELS
from shopdesk.services.crm.grading import GRADE_LABELS
from shopdesk.services.crm.interactions import KIND_LABELS as INTERACTION_LABELS
from shopdesk.services.crm.search_index import compact
from shopdesk.services.listing import Column, Kind, QueryList

SEARCH_LIST_LIMIT = 200


def _prefix(field: peewee.Field, token: str) -> peewee.Expression:
    """``field`` starts with ``token`` (index-friendly on SQLite and PostgreSQL)."""
    wild = "%" if isinstance(db.obj, peewee.PostgresqlDatabase) else "*"
    return field % (token + wild)  # peewee: GLOB on SQLite, LIKE on PostgreSQL


def _labelled(field: peewee.Field, labels: dict) -> peewee.Node:
    """The label of a stored code (``vip`` -> ``VIP``), for lists that show it translated."""
    return peewee.Case(field, [(str(getattr(k, "value", k)), v) for k, v in labels.items()],
                       field)


def _main_phone() -> peewee.Node:
    phone = CustomerPhone.alias("main_phone")
    return (phone.select(phone.number)
            .where((phone.customer == Customer.id) & (phone.position == 0)).limit(1))


def customers(actor: Actor, text: str = "", grade: str | None = None, tag_id: int | None = None,
              archived: bool = False) -> QueryList:
    """Customers, optionally found by ``text`` (the search service), a grade and a tag."""
    ids = search.matching_ids(actor, text, SEARCH_LIST_LIMIT) if text.strip() else None

    def base() -> peewee.ModelSelect:
        query = Customer.select().where(Customer.archived == archived)
        if ids is not None:
            query = query.where(ids_in(Customer.id, ids))
        if grade:
            query = query.where(Customer.grade == grade)
        if tag_id:
            query = query.where(Customer.id.in_(
                CustomerTag.select(CustomerTag.customer).where(CustomerTag.tag == tag_id)))
        return query

    vehicle = Vehicle.alias("v")
    vehicle_count = (vehicle.select(peewee.fn.COUNT(vehicle.id))
                     .where((vehicle.customer == Customer.id) & (
                             vehicle.archived == False)))  # noqa: E712
    columns = [
        Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), Customer.display_name, width=28),
        Column("phone", QT_TRANSLATE_NOOP("Columns", "Phone"), _main_phone(), sortable=False,
                width=16),
        Column("city", QT_TRANSLATE_NOOP("Columns", "City"), Customer.city, width=14),
        Column("grade", QT_TRANSLATE_NOOP("Columns", "Grade"), _labelled(Customer.grade,
               GRADE_LABELS), width=10, labels=True),
        Column("vehicles", QT_TRANSLATE_NOOP("Columns", "Vehicles"), vehicle_count, Kind.NUMBER,
                sortable=False, width=8),
        Column("last_visit", QT_TRANSLATE_NOOP("Columns", "Last visit"), Customer.last_visit_on,
                Kind.DATE, width=12),
        Column("blacklisted", QT_TRANSLATE_NOOP("Columns", "Blacklist"), Customer.blacklisted,
                Kind.FLAG, width=8),
    ]
    return QueryList(columns, base, Customer.id, default_sort=[Customer.display_name],
                     row_styles=lambda row: "danger" if row[6] else None)


def vehicles(actor: Actor, text: str = "", archived: bool = False) -> QueryList:
    """Vehicles with their owner; ``text`` matches plate or VIN fragments (spaces ignored)."""
    token = compact(text)

    def base() -> peewee.ModelSelect:
        query = (Vehicle.select().join(Customer, on=(Vehicle.customer == Customer.id))
                 .where(Vehicle.archived == archived))
        if token:
            query = query.where(Vehicle.id.in_(
                SearchKey.select(SearchKey.vehicle_id)
                .where(_prefix(SearchKey.key, token) & SearchKey.vehicle_id.is_null(False))))
        return query

    columns = [
        Column("plate", QT_TRANSLATE_NOOP("Columns", "Plate"), Vehicle.plate, width=10),
        Column("make", QT_TRANSLATE_NOOP("Columns", "Make"), Vehicle.make, width=12),
        Column("model", QT_TRANSLATE_NOOP("Columns", "Model"), Vehicle.model, width=12),
        Column("year", QT_TRANSLATE_NOOP("Columns", "Year"), Vehicle.year, Kind.TEXT, width=6),
        Column("vin", QT_TRANSLATE_NOOP("Columns", "VIN"), Vehicle.vin, width=19),
        Column("owner", QT_TRANSLATE_NOOP("Columns", "Owner"), Customer.display_name, width=24),
        Column("odometer", QT_TRANSLATE_NOOP("Columns", "Odometer"), Vehicle.odometer, Kind.NUMBER,
                width=10),
    ]
    return QueryList(columns, base, Vehicle.id, default_sort=[Vehicle.plate_key])


def follow_ups(actor: Actor, user_id: int | None, day: dt.date | None = None) -> QueryList:
    """Open follow-ups due on or before ``day`` (today), for one user (None: everyone)."""
    day = day or dt.date.today()

    def base() -> peewee.ModelSelect:
        query = (Interaction.select().join(Customer, on=(Interaction.customer == Customer.id))
                 .where(Interaction.follow_up_on.is_null(False)
                        & Interaction.follow_up_done_at.is_null()
                        & (Interaction.follow_up_on <= day)))
        if user_id is not None:
            query = query.where(Interaction.follow_up_user == user_id)
        return query

    columns = [
        Column("due", QT_TRANSLATE_NOOP("Columns", "Due"), Interaction.follow_up_on, Kind.DATE,
                width=12),
        Column("customer", QT_TRANSLATE_NOOP("Columns", "Customer"), Customer.display_name,
                width=24),
        Column("phone", QT_TRANSLATE_NOOP("Columns", "Phone"), _main_phone(), sortable=False,
                width=16),
        Column("note", QT_TRANSLATE_NOOP("Columns", "To do"), Interaction.follow_up_note, width=30),
        Column("kind", QT_TRANSLATE_NOOP("Columns", "After"), _labelled(Interaction.kind,
               INTERACTION_LABELS), width=8, labels=True),
        Column("customer_id", "", Customer.id, sortable=False),
    ]
    return QueryList(columns, base, Interaction.id, default_sort=[Interaction.follow_up_on],
                     row_styles=lambda row: "warning" if _before(row[0], day) else None)


def _before(value: object, day: dt.date) -> bool:
    if value is None:
        return False
    if not isinstance(value, dt.date):
        value = dt.date.fromisoformat(str(value)[:10])
    return value < day


def complaints(actor: Actor, open_only: bool = True) -> QueryList:
    """Complaints, the unresolved ones by default, oldest first."""
    owner = User.alias("owner")

    def base() -> peewee.ModelSelect:
        query = (Complaint.select().join(Customer, on=(Complaint.customer == Customer.id))
                 .switch(Complaint).join(owner, peewee.JOIN.LEFT_OUTER,
                                         on=(Complaint.owner == owner.id)))
        if open_only:
            query = query.where(Complaint.status != ComplaintStatus.RESOLVED.value)
        return query

    columns = [
        Column("opened", QT_TRANSLATE_NOOP("Columns", "Opened"), Complaint.opened_on, Kind.DATE,
                width=12),
        Column("customer", QT_TRANSLATE_NOOP("Columns", "Customer"), Customer.display_name,
                width=22),
        Column("subject", QT_TRANSLATE_NOOP("Columns", "Subject"), Complaint.subject, width=30),
        Column("owner", QT_TRANSLATE_NOOP("Columns", "Handled by"),
                peewee.fn.COALESCE(owner.display_name, owner.username),
               width=14),
        Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), _labelled(Complaint.status,
               COMPLAINT_LABELS), width=10, labels=True),
        Column("customer_id", "", Customer.id, sortable=False),
    ]
    return QueryList(columns, base, Complaint.id, default_sort=[Complaint.opened_on])


def lapsed(actor: Actor, months: int, today: dt.date | None = None) -> QueryList:
    """Customers whose last visit is more than ``months`` ago, with their last vehicle."""
    today = today or dt.date.today()
    cutoff = _months_back(today, months)
    last_vehicle = Vehicle.alias("lv")
    vehicle_text = (last_vehicle.select(
        peewee.fn.TRIM(last_vehicle.plate.concat(" ").concat(last_vehicle.make).concat(" ")
                       .concat(peewee.FieldAlias.create(last_vehicle, Vehicle.model))))
        .where(last_vehicle.customer == Customer.id)
        .order_by(last_vehicle.id.desc()).limit(1))

    def base() -> peewee.ModelSelect:
        return Customer.select().where((Customer.archived == False)  # noqa: E712
                                       & (Customer.last_visit_on < cutoff))

    columns = [
        Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), Customer.display_name, width=26),
        Column("last_visit", QT_TRANSLATE_NOOP("Columns", "Last visit"), Customer.last_visit_on,
                Kind.DATE, width=12),
        Column("vehicle", QT_TRANSLATE_NOOP("Columns", "Last vehicle"), vehicle_text,
                sortable=False, width=24),
        Column("phone", QT_TRANSLATE_NOOP("Columns", "Phone"), _main_phone(), sortable=False,
                width=16),
        Column("email", QT_TRANSLATE_NOOP("Columns", "E-mail"), Customer.email, width=24),
        Column("consent", QT_TRANSLATE_NOOP("Columns", "Marketing OK"), Customer.marketing_consent,
                Kind.FLAG, width=8),
        Column("channel", QT_TRANSLATE_NOOP("Columns", "Prefers"), Customer.preferred_channel,
                width=8),
    ]
    return QueryList(columns, base, Customer.id, default_sort=[Customer.last_visit_on.desc()])


def _months_back(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")
