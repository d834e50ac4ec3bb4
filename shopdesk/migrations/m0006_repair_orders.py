"""Schema 6: repair orders (lines, inspection, status changes, technician time), workshop
settings, maintenance packages, package services, reminders and appointments."""

from __future__ import annotations

import datetime as dt

import peewee

VERSION = 6
TITLE = "Repair orders, maintenance packages, reminders, appointments"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def apply(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Frozen):
        class Meta:
            table_name = "user"

    class Customer(Frozen):
        class Meta:
            table_name = "customer"

    class Vehicle(Frozen):
        class Meta:
            table_name = "vehicle"

    class Part(Frozen):
        class Meta:
            table_name = "part"

    class Invoice(Frozen):
        class Meta:
            table_name = "invoice"

    class WorkshopSettings(Frozen):
        parts_leave_stock = peewee.CharField(default="done")
        labour_rate = peewee.BigIntegerField(default=0)
        bays = peewee.TextField(default="Bay 1\nBay 2\nBay 3")

    class RepairOrder(Frozen):
        number = peewee.CharField(unique=True)
        customer = peewee.ForeignKeyField(Customer, on_delete="RESTRICT")
        vehicle = peewee.ForeignKeyField(Vehicle, on_delete="RESTRICT")
        status = peewee.CharField(default="estimate", index=True)
        odometer = peewee.IntegerField(null=True)
        concerns = peewee.TextField(default="")
        notes = peewee.TextField(default="")
        promised_at = peewee.DateTimeField(null=True)
        created_at = peewee.DateTimeField(default=_now)
        created_by = peewee.CharField(default="")
        status_at = peewee.DateTimeField(default=_now)
        approved_at = peewee.DateTimeField(null=True)
        done_at = peewee.DateTimeField(null=True)
        collected_at = peewee.DateTimeField(null=True)
        invoice = peewee.ForeignKeyField(Invoice, null=True, on_delete="RESTRICT")
        version = peewee.IntegerField(default=1)

        class Meta:
            indexes = ((("vehicle", "created_at"), False), (("customer", "created_at"), False))

    class StatusChange(Frozen):
        repair_order = peewee.ForeignKeyField(RepairOrder, on_delete="CASCADE")
        from_status = peewee.CharField(default="")
        to_status = peewee.CharField()
        at = peewee.DateTimeField(default=_now)
        username = peewee.CharField()

    class InspectionItem(Frozen):
        repair_order = peewee.ForeignKeyField(RepairOrder, on_delete="CASCADE")
        position = peewee.IntegerField(default=0)
        item = peewee.CharField()
        condition = peewee.CharField(default="ok")
        note = peewee.CharField(default="")

    class RepairOrderLine(Frozen):
        repair_order = peewee.ForeignKeyField(RepairOrder, on_delete="CASCADE")
        position = peewee.IntegerField(default=0)
        kind = peewee.CharField()
        description = peewee.CharField()
        part = peewee.ForeignKeyField(Part, null=True, on_delete="RESTRICT")
        sku = peewee.CharField(default="")
        quantity = peewee.BigIntegerField()
        unit_price = peewee.BigIntegerField()
        discount_percent = peewee.BigIntegerField(default=0)
        hours = peewee.BigIntegerField(default=0)
        technician = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        package = peewee.IntegerField(null=True)
        approval = peewee.CharField(default="pending")
        approval_at = peewee.DateTimeField(null=True)
        approval_method = peewee.CharField(default="")
        approval_note = peewee.CharField(default="")
        issued = peewee.BigIntegerField(default=0)
        fitted = peewee.BooleanField(default=False)
        recommendation_closed_at = peewee.DateTimeField(null=True)

        class Meta:
            indexes = ((("part", "approval"), False),)

    class TimeEntry(Frozen):
        repair_order = peewee.ForeignKeyField(RepairOrder, on_delete="CASCADE")
        line = peewee.ForeignKeyField(RepairOrderLine, null=True, on_delete="SET NULL")
        technician = peewee.ForeignKeyField(User, on_delete="RESTRICT")
        started_at = peewee.DateTimeField(default=_now)
        ended_at = peewee.DateTimeField(null=True)

    class MaintenancePackage(Frozen):
        name = peewee.CharField(unique=True)
        description = peewee.TextField(default="")
        fixed_price = peewee.BigIntegerField(null=True)
        make = peewee.CharField(default="")
        model = peewee.CharField(default="")
        engine = peewee.CharField(default="")
        year_from = peewee.IntegerField(null=True)
        year_to = peewee.IntegerField(null=True)
        interval_km = peewee.IntegerField(null=True)
        interval_months = peewee.IntegerField(null=True)
        season_from = peewee.CharField(default="")
        season_to = peewee.CharField(default="")
        archived = peewee.BooleanField(default=False)
        version = peewee.IntegerField(default=1)

    class PackageLine(Frozen):
        package = peewee.ForeignKeyField(MaintenancePackage, on_delete="CASCADE")
        position = peewee.IntegerField(default=0)
        kind = peewee.CharField()
        description = peewee.CharField(default="")
        part = peewee.ForeignKeyField(Part, null=True, on_delete="RESTRICT")
        quantity = peewee.BigIntegerField()
        unit_price = peewee.BigIntegerField(null=True)
        hours = peewee.BigIntegerField(default=0)

    class PackageService(Frozen):
        vehicle = peewee.ForeignKeyField(Vehicle, on_delete="CASCADE")
        package = peewee.ForeignKeyField(MaintenancePackage, on_delete="CASCADE")
        done_on = peewee.DateField()
        odometer = peewee.IntegerField(null=True)
        repair_order = peewee.IntegerField(null=True)

        class Meta:
            indexes = ((("vehicle", "package", "done_on"), False),)

    class Reminder(Frozen):
        vehicle = peewee.ForeignKeyField(Vehicle, on_delete="CASCADE")
        customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE")
        package = peewee.ForeignKeyField(MaintenancePackage, on_delete="CASCADE")
        due_on = peewee.DateField()
        channel = peewee.CharField(default="")
        sent_at = peewee.DateTimeField(default=_now, index=True)
        sent_by = peewee.CharField(default="")
        interaction = peewee.IntegerField(null=True)
        converted_at = peewee.DateTimeField(null=True)
        converted_to = peewee.CharField(default="")

        class Meta:
            indexes = ((("vehicle", "package"), False),)

    class Appointment(Frozen):
        customer = peewee.ForeignKeyField(Customer, on_delete="RESTRICT")
        vehicle = peewee.ForeignKeyField(Vehicle, null=True, on_delete="RESTRICT")
        starts_at = peewee.DateTimeField(index=True)
        minutes = peewee.IntegerField(default=60)
        bay = peewee.CharField(default="")
        technician = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        what = peewee.TextField(default="")
        status = peewee.CharField(default="booked")
        confirmed_at = peewee.DateTimeField(null=True)
        repair_order = peewee.IntegerField(null=True)
        reminder = peewee.IntegerField(null=True)
        created_at = peewee.DateTimeField(default=_now)
        created_by = peewee.CharField(default="")
        version = peewee.IntegerField(default=1)

    db.create_tables([WorkshopSettings, RepairOrder, StatusChange, InspectionItem,
                      RepairOrderLine, TimeEntry, MaintenancePackage, PackageLine,
                      PackageService, Reminder, Appointment])
    WorkshopSettings.create(id=1)
