"""Maintenance packages (bundles by interval or season), when each was done on a vehicle,
and service reminders sent. Schema: migration 6 (package fuel types: 19)."""

from __future__ import annotations

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import BaseModel, VersionedModel, utcnow
from shopdesk.models.customers import Customer
from shopdesk.models.fields import MoneyField, QuantityField
from shopdesk.models.parts import Part
from shopdesk.models.vehicles import Vehicle


class MaintenancePackage(VersionedModel):
    """A named bundle. ``fixed_price`` None: the sum of its lines. Applies to vehicles
    matching make/model/engine (empty: any), the year range and the fuel types (a
    comma-separated set of ``services/crm/fuel`` values, empty: any); due every ``interval_km``
    and/or ``interval_months`` (whichever first), or in a season window (``MM-DD``)."""

    noun = QT_TRANSLATE_NOOP("Records", "maintenance package")

    name = peewee.CharField(unique=True)
    description = peewee.TextField(default="")
    fixed_price = MoneyField(null=True)
    make = peewee.CharField(default="")
    model = peewee.CharField(default="")
    engine = peewee.CharField(default="")
    year_from = peewee.IntegerField(null=True)
    year_to = peewee.IntegerField(null=True)
    fuel_types = peewee.CharField(default="")  # "petrol,diesel"; "" = any fuel (schema 19)
    interval_km = peewee.IntegerField(null=True)
    interval_months = peewee.IntegerField(null=True)
    season_from = peewee.CharField(default="")  # "11-01"
    season_to = peewee.CharField(default="")  # "02-28"
    archived = peewee.BooleanField(default=False)


class PackageLine(BaseModel):
    """One line of a package. ``unit_price`` None: the part's retail price."""

    package = peewee.ForeignKeyField(MaintenancePackage, backref="lines", on_delete="CASCADE")
    position = peewee.IntegerField(default=0)
    kind = peewee.CharField()
    description = peewee.CharField(default="")
    part = peewee.ForeignKeyField(Part, null=True, on_delete="RESTRICT")
    quantity = QuantityField()
    unit_price = MoneyField(null=True)
    hours = QuantityField(default=0)


class PackageService(BaseModel):
    """A package done on a vehicle (written when its repair order is done)."""

    vehicle = peewee.ForeignKeyField(Vehicle, on_delete="CASCADE")
    package = peewee.ForeignKeyField(MaintenancePackage, on_delete="CASCADE")
    done_on = peewee.DateField()
    odometer = peewee.IntegerField(null=True)
    repair_order = peewee.IntegerField(null=True)

    class Meta:
        indexes = ((("vehicle", "package", "done_on"), False),)


class Reminder(BaseModel):
    """A service reminder sent for a vehicle and package; converted when it led to a booking
    or a repair order."""

    vehicle = peewee.ForeignKeyField(Vehicle, on_delete="CASCADE")
    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE")
    package = peewee.ForeignKeyField(MaintenancePackage, on_delete="CASCADE")
    due_on = peewee.DateField()
    channel = peewee.CharField(default="")
    sent_at = peewee.DateTimeField(default=utcnow, index=True)
    sent_by = peewee.CharField(default="")
    interaction = peewee.IntegerField(null=True)
    converted_at = peewee.DateTimeField(null=True)
    converted_to = peewee.CharField(default="")  # "appointment 12", "repair order RO-000031"

    class Meta:
        indexes = ((("vehicle", "package"), False),)


TABLES = [MaintenancePackage, PackageLine, PackageService, Reminder]
