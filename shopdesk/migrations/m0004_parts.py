"""Schema 4: parts, suppliers, the stock ledger, purchase orders and stock-takes."""

from __future__ import annotations

import datetime as dt

import peewee

VERSION = 4
TITLE = "Parts, suppliers, stock ledger, purchase orders, stock-takes"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def apply(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Frozen):  # exists since schema 1; referenced only
        class Meta:
            table_name = "user"

    class Supplier(Frozen):
        name = peewee.CharField(unique=True)
        contact_name = peewee.CharField(default="")
        phone = peewee.CharField(default="")
        email = peewee.CharField(default="")
        address = peewee.TextField(default="")
        account_number = peewee.CharField(default="")
        lead_time_days = peewee.IntegerField(default=2)
        terms = peewee.CharField(default="")
        archived = peewee.BooleanField(default=False)
        version = peewee.IntegerField(default=1)

    class Part(Frozen):
        sku = peewee.CharField(unique=True)
        name = peewee.CharField(index=True)
        brand = peewee.CharField(default="", index=True)
        category = peewee.CharField(default="", index=True)
        unit = peewee.CharField(default="piece")
        cost = peewee.BigIntegerField(default=0)  # cents
        retail_price = peewee.BigIntegerField(default=0)
        trade_price = peewee.BigIntegerField(default=0)
        tax_code = peewee.CharField(default="STD")
        bin_location = peewee.CharField(default="", index=True)
        reorder_point = peewee.BigIntegerField(default=0)  # thousandths
        reorder_qty = peewee.BigIntegerField(default=0)
        supplier = peewee.ForeignKeyField(Supplier, null=True, on_delete="RESTRICT")
        on_hand = peewee.BigIntegerField(default=0)
        archived = peewee.BooleanField(default=False)
        created_at = peewee.DateTimeField(default=_now)
        version = peewee.IntegerField(default=1)

    class PartBarcode(Frozen):
        code = peewee.CharField(unique=True)
        part = peewee.ForeignKeyField(Part, on_delete="CASCADE")

    class SupplierPart(Frozen):
        supplier = peewee.ForeignKeyField(Supplier, on_delete="CASCADE")
        part = peewee.ForeignKeyField(Part, on_delete="CASCADE")
        supplier_sku = peewee.CharField()

        class Meta:
            indexes = ((("supplier", "part"), True),)

    class StockMovement(Frozen):
        part = peewee.ForeignKeyField(Part, on_delete="RESTRICT")
        kind = peewee.CharField()
        quantity = peewee.BigIntegerField()
        unit_cost = peewee.BigIntegerField(default=0)
        at = peewee.DateTimeField(default=_now, index=True)
        user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        username = peewee.CharField()
        reference = peewee.CharField(default="")
        reason = peewee.TextField(default="")

        class Meta:
            indexes = ((("part", "at"), False),)

    class PurchaseOrder(Frozen):
        number = peewee.CharField(unique=True)
        supplier = peewee.ForeignKeyField(Supplier, on_delete="RESTRICT")
        status = peewee.CharField(default="draft", index=True)
        created_at = peewee.DateTimeField(default=_now)
        ordered_at = peewee.DateTimeField(null=True)
        note = peewee.TextField(default="")
        created_by = peewee.CharField(default="")
        version = peewee.IntegerField(default=1)

    class PurchaseOrderLine(Frozen):
        order = peewee.ForeignKeyField(PurchaseOrder, on_delete="CASCADE")
        part = peewee.ForeignKeyField(Part, on_delete="RESTRICT")
        quantity = peewee.BigIntegerField()
        received = peewee.BigIntegerField(default=0)
        unit_cost = peewee.BigIntegerField(default=0)

    class GoodsReceipt(Frozen):
        order = peewee.ForeignKeyField(PurchaseOrder, on_delete="RESTRICT")
        supplier_invoice = peewee.CharField(default="")
        at = peewee.DateTimeField(default=_now)
        username = peewee.CharField()

    class StockTake(Frozen):
        number = peewee.CharField(unique=True)
        location = peewee.CharField(default="")
        category = peewee.CharField(default="")
        status = peewee.CharField(default="open")
        started_at = peewee.DateTimeField(default=_now)
        posted_at = peewee.DateTimeField(null=True)
        username = peewee.CharField()

    class StockTakeLine(Frozen):
        stocktake = peewee.ForeignKeyField(StockTake, on_delete="CASCADE")
        part = peewee.ForeignKeyField(Part, on_delete="RESTRICT")
        expected = peewee.BigIntegerField()
        counted = peewee.BigIntegerField(null=True)
        unit_cost = peewee.BigIntegerField(default=0)

        class Meta:
            indexes = ((("stocktake", "part"), True),)

    db.create_tables([Supplier, Part, PartBarcode, SupplierPart, StockMovement, PurchaseOrder,
                      PurchaseOrderLine, GoodsReceipt, StockTake, StockTakeLine])
