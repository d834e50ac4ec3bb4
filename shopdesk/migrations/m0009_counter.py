"""Schema 9: the parts counter — core deposits and the cores-on-hand ledger, lost sales,
warranty terms (parts, labour, packages, sold lines), comebacks and their warranty lines,
and claims on suppliers (core returns and failed parts) tracked until credited."""

from __future__ import annotations

import datetime as dt

import peewee

VERSION = 9
TITLE = "Core charges, lost sales, warranty and comebacks"


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

    class Part(Frozen):
        class Meta:
            table_name = "part"

    class Supplier(Frozen):
        class Meta:
            table_name = "supplier"

    class Invoice(Frozen):
        class Meta:
            table_name = "invoice"

    class InvoiceLine(Frozen):
        class Meta:
            table_name = "invoice_line"

    class RepairOrder(Frozen):
        class Meta:
            table_name = "repair_order"

    class RepairOrderLine(Frozen):
        class Meta:
            table_name = "repair_order_line"

    class MaintenancePackage(Frozen):
        class Meta:
            table_name = "maintenance_package"

    class PartCore(Frozen):
        part = peewee.ForeignKeyField(Part, unique=True, on_delete="CASCADE")
        deposit = peewee.BigIntegerField(default=0)
        on_hand = peewee.BigIntegerField(default=0)

    class SupplierClaim(Frozen):
        kind = peewee.CharField()
        supplier = peewee.ForeignKeyField(Supplier, on_delete="RESTRICT")
        part = peewee.ForeignKeyField(Part, on_delete="RESTRICT")
        quantity = peewee.BigIntegerField()
        expected = peewee.BigIntegerField(default=0)
        received = peewee.BigIntegerField(default=0)
        status = peewee.CharField(default="open", index=True)
        repair_order = peewee.ForeignKeyField(RepairOrder, null=True, on_delete="RESTRICT")
        reference = peewee.CharField(default="")
        credit_reference = peewee.CharField(default="")
        note = peewee.TextField(default="")
        created_at = peewee.DateTimeField(default=_now)
        credited_at = peewee.DateTimeField(null=True)
        username = peewee.CharField()

    class CoreMovement(Frozen):
        part = peewee.ForeignKeyField(Part, on_delete="RESTRICT")
        kind = peewee.CharField()
        quantity = peewee.BigIntegerField()
        sale_line = peewee.ForeignKeyField(InvoiceLine, null=True, on_delete="RESTRICT")
        credit_note = peewee.ForeignKeyField(Invoice, null=True, on_delete="RESTRICT")
        claim = peewee.ForeignKeyField(SupplierClaim, null=True, on_delete="RESTRICT")
        at = peewee.DateTimeField(default=_now)
        user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        username = peewee.CharField()
        reference = peewee.CharField(default="")

        class Meta:
            indexes = ((("part", "at"), False),)

    class LostSale(Frozen):
        at = peewee.DateTimeField(default=_now, index=True)
        part = peewee.ForeignKeyField(Part, null=True, on_delete="RESTRICT")
        text = peewee.CharField(default="")
        quantity = peewee.BigIntegerField()
        reason = peewee.CharField()
        customer = peewee.ForeignKeyField(Customer, null=True, on_delete="RESTRICT")
        user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        username = peewee.CharField()

        class Meta:
            indexes = ((("part", "at"), False),)

    class PartWarranty(Frozen):
        part = peewee.ForeignKeyField(Part, unique=True, on_delete="CASCADE")
        months = peewee.IntegerField(null=True)
        km = peewee.IntegerField(null=True)

    class PackageWarranty(Frozen):
        package = peewee.ForeignKeyField(MaintenancePackage, unique=True, on_delete="CASCADE")
        months = peewee.IntegerField(null=True)
        km = peewee.IntegerField(null=True)

    class WarrantySettings(Frozen):
        labour_months = peewee.IntegerField(null=True)
        labour_km = peewee.IntegerField(null=True)
        labour_cost_rate = peewee.BigIntegerField(default=0)

    class LineWarranty(Frozen):
        line = peewee.ForeignKeyField(InvoiceLine, unique=True, on_delete="RESTRICT")
        months = peewee.IntegerField(null=True)
        km = peewee.IntegerField(null=True)
        starts_on = peewee.DateField()
        start_odometer = peewee.IntegerField(null=True)

    class Comeback(Frozen):
        repair_order = peewee.ForeignKeyField(RepairOrder, unique=True, on_delete="CASCADE")
        original = peewee.ForeignKeyField(RepairOrder, on_delete="RESTRICT", backref="+")
        reason = peewee.TextField(default="")
        created_at = peewee.DateTimeField(default=_now)
        username = peewee.CharField()

    class WarrantyLine(Frozen):
        line = peewee.ForeignKeyField(RepairOrderLine, unique=True, on_delete="CASCADE")
        list_price = peewee.BigIntegerField()
        unit_cost = peewee.BigIntegerField(default=0)

    db.create_tables([PartCore, SupplierClaim, CoreMovement, LostSale, PartWarranty,
                      PackageWarranty, WarrantySettings, LineWarranty, Comeback, WarrantyLine])
    WarrantySettings.create(id=1)
    # Core lines are a handful among a million invoice lines: the cores report finds them by
    # kind instead of reading every line (1 s -> ms on the large demo shop).
    db.execute_sql("CREATE INDEX invoice_line_kind ON invoice_line (kind)")
