"""Vehicles, their odometer readings and who owned them when."""

from __future__ import annotations

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import BaseModel, VersionedModel, utcnow
from shopdesk.models.customers import Customer
from shopdesk.models.users import User


class Vehicle(VersionedModel):
    """A car or van. ``customer`` is the current owner; :class:`Ownership` keeps the history."""

    noun = QT_TRANSLATE_NOOP("Records", "vehicle")

    customer = peewee.ForeignKeyField(Customer, backref="vehicles", on_delete="RESTRICT")
    vin = peewee.CharField(default="", index=True)
    vin_problem = peewee.CharField(default="")  # non-empty: saved anyway, flagged
    plate = peewee.CharField(default="")
    plate_key = peewee.CharField(default="", index=True)  # upper case, no spaces or dashes
    make = peewee.CharField(default="")
    model = peewee.CharField(default="")
    year = peewee.IntegerField(null=True)
    engine = peewee.CharField(default="")
    fuel = peewee.CharField(default="")
    colour = peewee.CharField(default="")
    odometer = peewee.IntegerField(null=True)  # the latest reading (cache of the readings)
    notes = peewee.TextField(default="")
    archived = peewee.BooleanField(default=False)
    created_at = peewee.DateTimeField(default=utcnow)


class OdometerReading(BaseModel):
    """One odometer reading. A reading lower than the last needs a reason (clock swap, typo)."""

    vehicle = peewee.ForeignKeyField(Vehicle, backref="readings", on_delete="CASCADE")
    reading = peewee.IntegerField()
    read_on = peewee.DateField()
    reason = peewee.CharField(default="")  # why it is lower than the previous one
    user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
    recorded_at = peewee.DateTimeField(default=utcnow)


class Ownership(BaseModel):
    """A stretch of time a customer owned a vehicle (``until`` None: owns it now)."""

    vehicle = peewee.ForeignKeyField(Vehicle, backref="ownerships", on_delete="CASCADE")
    customer = peewee.ForeignKeyField(Customer, backref="ownerships", on_delete="RESTRICT")
    since = peewee.DateField()
    until = peewee.DateField(null=True)
    note = peewee.CharField(default="")
