"""Appointments: a vehicle booked into a bay and/or with a technician. Schema: migration 6
(``package``: migration 12)."""

from __future__ import annotations

import enum

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import VersionedModel, utcnow
from shopdesk.models.customers import Customer
from shopdesk.models.users import User
from shopdesk.models.vehicles import Vehicle


class AppointmentStatus(enum.StrEnum):
    BOOKED = "booked"
    CONFIRMED = "confirmed"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class Appointment(VersionedModel):
    """A booking. Check-in turns it into a repair order (``repair_order`` then set)."""

    noun = QT_TRANSLATE_NOOP("Records", "appointment")

    customer = peewee.ForeignKeyField(Customer, on_delete="RESTRICT")
    vehicle = peewee.ForeignKeyField(Vehicle, null=True, on_delete="RESTRICT")
    starts_at = peewee.DateTimeField(index=True)  # local shop time
    minutes = peewee.IntegerField(default=60)
    bay = peewee.CharField(default="")
    technician = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
    what = peewee.TextField(default="")
    status = peewee.CharField(default=AppointmentStatus.BOOKED.value)
    confirmed_at = peewee.DateTimeField(null=True)
    repair_order = peewee.IntegerField(null=True)
    reminder = peewee.IntegerField(null=True)
    package = peewee.IntegerField(null=True)  # the maintenance package booked (m0013)
    created_at = peewee.DateTimeField(default=utcnow)
    created_by = peewee.CharField(default="")


TABLES = [Appointment]
