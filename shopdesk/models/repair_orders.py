"""Repair orders: the customer's concerns, inspection findings, estimate lines with the
customer's approval per line, technician time, and every status change timed.

Schema: migration 6 (:mod:`shopdesk.migrations.m0006_repair_orders`).
"""

from __future__ import annotations

import enum

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import BaseModel, VersionedModel, utcnow
from shopdesk.models.customers import Customer
from shopdesk.models.fields import MoneyField, PercentField, QuantityField
from shopdesk.models.invoices import Invoice
from shopdesk.models.parts import Part
from shopdesk.models.users import User
from shopdesk.models.vehicles import Vehicle


class Status(enum.StrEnum):
    """Where a repair order stands, in the order the work flows."""

    ESTIMATE = "estimate"
    APPROVED = "approved"
    IN_PROGRESS = "in_progress"
    WAITING_PARTS = "waiting_parts"
    DONE = "done"
    INVOICED = "invoiced"
    COLLECTED = "collected"
    CANCELLED = "cancelled"


#: Statuses in which the car is in the shop and parts on the order are spoken for.
OPEN_STATUSES = (Status.ESTIMATE, Status.APPROVED, Status.IN_PROGRESS, Status.WAITING_PARTS)


class LineKind(enum.StrEnum):
    """What an estimate line charges for (same words as invoice lines)."""

    LABOUR = "labour"
    PART = "part"
    FEE = "fee"
    SUBLET = "sublet"


class Approval(enum.StrEnum):
    """The customer's answer to one estimate line."""

    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class Condition(enum.StrEnum):
    """An inspection finding."""

    OK = "ok"
    SOON = "soon"  # needs attention soon
    URGENT = "urgent"


class WorkshopSettings(VersionedModel):
    """The workshop's own options (one row, id 1; versioned since m0014)."""

    noun = QT_TRANSLATE_NOOP("Records", "workshop options")

    parts_leave_stock = peewee.CharField(default="done")  # "done" or "fitted"
    labour_rate = MoneyField(default=0)
    bays = peewee.TextField(default="Bay 1\nBay 2\nBay 3")
    #: a service overdue by more months than this is folded in reminders (schema 20)
    reminder_fold_months = peewee.IntegerField(default=6)


class RepairOrder(VersionedModel):
    """One visit of one vehicle: from estimate to collection."""

    noun = QT_TRANSLATE_NOOP("Records", "repair order")

    number = peewee.CharField(unique=True)
    customer = peewee.ForeignKeyField(Customer, on_delete="RESTRICT")
    vehicle = peewee.ForeignKeyField(Vehicle, on_delete="RESTRICT")
    status = peewee.CharField(default=Status.ESTIMATE.value, index=True)
    odometer = peewee.IntegerField(null=True)
    concerns = peewee.TextField(default="")  # in the customer's own words
    notes = peewee.TextField(default="")
    promised_at = peewee.DateTimeField(null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    created_by = peewee.CharField(default="")
    status_at = peewee.DateTimeField(default=utcnow)
    approved_at = peewee.DateTimeField(null=True)
    done_at = peewee.DateTimeField(null=True)
    collected_at = peewee.DateTimeField(null=True)
    invoice = peewee.ForeignKeyField(Invoice, null=True, on_delete="RESTRICT")

    class Meta:
        indexes = ((("vehicle", "created_at"), False), (("customer", "created_at"), False))


class StatusChange(BaseModel):
    """One step of a repair order's status flow: from, to, when, by whom."""

    repair_order = peewee.ForeignKeyField(RepairOrder, backref="changes", on_delete="CASCADE")
    from_status = peewee.CharField(default="")
    to_status = peewee.CharField()
    at = peewee.DateTimeField(default=utcnow)
    username = peewee.CharField()


class InspectionItem(BaseModel):
    """One checked item: ok / needs attention soon / urgent, with a note."""

    repair_order = peewee.ForeignKeyField(RepairOrder, backref="inspection",
                                          on_delete="CASCADE")
    position = peewee.IntegerField(default=0)
    item = peewee.CharField()
    condition = peewee.CharField(default=Condition.OK.value)
    note = peewee.CharField(default="")


class RepairOrderLine(VersionedModel):
    """An estimate line. Labour: quantity = hours at a rate, or 1 at a flat price with
    ``hours`` the hours sold. Parts: ``issued`` is what has left stock so far. Versioned
    (m0014)."""

    noun = QT_TRANSLATE_NOOP("Records", "repair-order line")

    repair_order = peewee.ForeignKeyField(RepairOrder, backref="lines", on_delete="CASCADE")
    position = peewee.IntegerField(default=0)
    kind = peewee.CharField()
    description = peewee.CharField()
    part = peewee.ForeignKeyField(Part, null=True, on_delete="RESTRICT")
    sku = peewee.CharField(default="")
    quantity = QuantityField()
    unit_price = MoneyField()
    discount_percent = PercentField(default=0)
    hours = QuantityField(default=0)  # labour hours sold
    technician = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
    package = peewee.IntegerField(null=True)  # maintenance package id it came from
    approval = peewee.CharField(default=Approval.PENDING.value)
    approval_at = peewee.DateTimeField(null=True)
    approval_method = peewee.CharField(default="")  # in person, phone, ...
    approval_note = peewee.CharField(default="")
    issued = QuantityField(default=0)
    fitted = peewee.BooleanField(default=False)
    recommendation_closed_at = peewee.DateTimeField(null=True)  # declined work dealt with

    class Meta:
        indexes = ((("part", "approval"), False),)


class TimeEntry(BaseModel):
    """A technician clocked on a job (``ended_at`` None: still on it)."""

    repair_order = peewee.ForeignKeyField(RepairOrder, backref="time", on_delete="CASCADE")
    line = peewee.ForeignKeyField(RepairOrderLine, null=True, on_delete="SET NULL")
    technician = peewee.ForeignKeyField(User, on_delete="RESTRICT")
    started_at = peewee.DateTimeField(default=utcnow)
    ended_at = peewee.DateTimeField(null=True)


TABLES = [WorkshopSettings, RepairOrder, StatusChange, InspectionItem, RepairOrderLine,
          TimeEntry]
