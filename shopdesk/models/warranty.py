"""Warranty: default terms (per part, for labour, per maintenance package), the terms each
sold invoice line carries, comebacks (a repair order redoing an earlier one), the lines of a
comeback done as warranty work, and claims on suppliers (cores sent back, failed parts)
tracked from returned to credited.

Schema: migration 9 (:mod:`shopdesk.migrations.m0009_counter`).
"""

from __future__ import annotations

import enum

import peewee

from shopdesk.models.base import BaseModel, utcnow
from shopdesk.models.fields import MoneyField, QuantityField
from shopdesk.models.invoices import InvoiceLine
from shopdesk.models.maintenance import MaintenancePackage
from shopdesk.models.parts import Part, Supplier
from shopdesk.models.repair_orders import RepairOrder, RepairOrderLine


class ClaimKind(enum.StrEnum):
    """What a claim on a supplier is for."""

    CORE = "core"  # old units sent back for the supplier's core credit
    WARRANTY = "warranty"  # a failed part sent back under the supplier's warranty


class ClaimStatus(enum.StrEnum):
    OPEN = "open"  # returned, credit expected
    CREDITED = "credited"


class SupplierClaim(BaseModel):
    """Parts sent back to a supplier and the credit expected, until the credit arrives."""

    kind = peewee.CharField()
    supplier = peewee.ForeignKeyField(Supplier, on_delete="RESTRICT")
    part = peewee.ForeignKeyField(Part, on_delete="RESTRICT")
    quantity = QuantityField()
    expected = MoneyField(default=0)
    received = MoneyField(default=0)
    status = peewee.CharField(default=ClaimStatus.OPEN.value, index=True)
    repair_order = peewee.ForeignKeyField(RepairOrder, null=True, on_delete="RESTRICT")
    reference = peewee.CharField(default="")
    credit_reference = peewee.CharField(default="")
    note = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=utcnow)
    credited_at = peewee.DateTimeField(null=True)
    username = peewee.CharField()


class PartWarranty(BaseModel):
    """A part's warranty when sold: months and/or km (None: no limit of that kind)."""

    part = peewee.ForeignKeyField(Part, unique=True, on_delete="CASCADE")
    months = peewee.IntegerField(null=True)
    km = peewee.IntegerField(null=True)


class PackageWarranty(BaseModel):
    """The warranty on a maintenance package's labour."""

    package = peewee.ForeignKeyField(MaintenancePackage, unique=True, on_delete="CASCADE")
    months = peewee.IntegerField(null=True)
    km = peewee.IntegerField(null=True)


class WarrantySettings(BaseModel):
    """The shop's labour warranty and what one hour of warranty labour costs it (row id 1)."""

    labour_months = peewee.IntegerField(null=True)
    labour_km = peewee.IntegerField(null=True)
    labour_cost_rate = MoneyField(default=0)


class LineWarranty(BaseModel):
    """The terms an issued invoice line was sold with (copied when it was issued)."""

    line = peewee.ForeignKeyField(InvoiceLine, unique=True, on_delete="RESTRICT")
    months = peewee.IntegerField(null=True)
    km = peewee.IntegerField(null=True)
    starts_on = peewee.DateField()
    start_odometer = peewee.IntegerField(null=True)


class Comeback(BaseModel):
    """A repair order that redoes an earlier (invoiced) one on the same vehicle."""

    repair_order = peewee.ForeignKeyField(RepairOrder, unique=True, on_delete="CASCADE")
    original = peewee.ForeignKeyField(RepairOrder, on_delete="RESTRICT", backref="+")
    reason = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=utcnow)
    username = peewee.CharField()


class WarrantyLine(BaseModel):
    """A comeback line done at no charge: its list price before, and its unit cost (a part's
    average cost, or the labour cost rate per hour) booked as warranty cost."""

    line = peewee.ForeignKeyField(RepairOrderLine, unique=True, on_delete="CASCADE")
    list_price = MoneyField()
    unit_cost = MoneyField(default=0)


TABLES = [SupplierClaim, PartWarranty, PackageWarranty, WarrantySettings, LineWarranty,
          Comeback, WarrantyLine]
