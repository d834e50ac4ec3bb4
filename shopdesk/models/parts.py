"""Parts, suppliers, the stock ledger, purchase orders and stock-takes.

Stock is a ledger: :class:`StockMovement` rows are the truth; ``Part.on_hand`` is a cache
kept equal to their sum in the same transaction (``shopdesk check`` proves it).
"""

from __future__ import annotations

import enum

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import BaseModel, VersionedModel, utcnow
from shopdesk.models.fields import MoneyField, QuantityField
from shopdesk.models.users import User


class MovementKind(enum.StrEnum):
    """Why stock changed. Each kind has a fixed direction except adjustments and stock-takes."""

    RECEIPT = "receipt"
    SALE = "sale"
    REPAIR_USE = "repair_use"
    REPAIR_RETURN = "repair_return"  # an unused part back from a repair order
    SUPPLIER_RETURN = "supplier_return"
    CUSTOMER_RETURN = "customer_return"
    ADJUSTMENT = "adjustment"
    STOCKTAKE = "stocktake"


class OrderStatus(enum.StrEnum):
    """Where a purchase order stands."""

    DRAFT = "draft"
    ORDERED = "ordered"
    PARTLY_RECEIVED = "partly_received"
    RECEIVED = "received"
    CANCELLED = "cancelled"


class Supplier(VersionedModel):
    """Someone the shop buys parts from."""

    noun = QT_TRANSLATE_NOOP("Records", "supplier")

    name = peewee.CharField(unique=True)
    contact_name = peewee.CharField(default="")
    phone = peewee.CharField(default="")
    email = peewee.CharField(default="")
    address = peewee.TextField(default="")
    account_number = peewee.CharField(default="")
    lead_time_days = peewee.IntegerField(default=2)
    terms = peewee.CharField(default="")
    archived = peewee.BooleanField(default=False)


class Part(VersionedModel):
    """A stocked or orderable part. ``on_hand`` is the ledger's cached sum."""

    noun = QT_TRANSLATE_NOOP("Records", "part")

    sku = peewee.CharField(unique=True)
    name = peewee.CharField(index=True)
    brand = peewee.CharField(default="", index=True)
    category = peewee.CharField(default="", index=True)
    unit = peewee.CharField(default="piece")
    cost = MoneyField(default=0)  # moving average cost of one unit
    retail_price = MoneyField(default=0)
    trade_price = MoneyField(default=0)
    tax_code = peewee.CharField(default="STD")
    bin_location = peewee.CharField(default="", index=True)
    reorder_point = QuantityField(default=0)
    reorder_qty = QuantityField(default=0)
    supplier = peewee.ForeignKeyField(Supplier, null=True, on_delete="RESTRICT")
    on_hand = QuantityField(default=0)
    archived = peewee.BooleanField(default=False)
    created_at = peewee.DateTimeField(default=utcnow)


class PartBarcode(BaseModel):
    """A barcode printed on a part's box; one part may have several, a code only one part."""

    code = peewee.CharField(unique=True)
    part = peewee.ForeignKeyField(Part, backref="barcodes", on_delete="CASCADE")


class SupplierPart(BaseModel):
    """The supplier's own number for a part."""

    supplier = peewee.ForeignKeyField(Supplier, on_delete="CASCADE")
    part = peewee.ForeignKeyField(Part, backref="supplier_numbers", on_delete="CASCADE")
    supplier_sku = peewee.CharField()

    class Meta:
        indexes = ((("supplier", "part"), True),)


class StockMovement(BaseModel):
    """One change of stock: signed quantity (+ in, - out) at a unit cost, by whom and when."""

    part = peewee.ForeignKeyField(Part, on_delete="RESTRICT")
    kind = peewee.CharField()
    quantity = QuantityField()
    unit_cost = MoneyField(default=0)
    at = peewee.DateTimeField(default=utcnow, index=True)
    user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
    username = peewee.CharField()
    reference = peewee.CharField(default="")
    reason = peewee.TextField(default="")

    class Meta:
        indexes = ((("part", "at"), False),)


class StockMonth(BaseModel):
    """The stock ledger's value moved in one calendar month of ``StockMovement.at`` (UTC): the
    sum of quantity x unit cost, in thousandths of a cent. Kept in step by database triggers
    on the ledger (schema 18); ``shopdesk check`` compares it with the ledger."""

    month = peewee.DateField(primary_key=True)  # its first day
    value = peewee.BigIntegerField()


class PurchaseOrder(VersionedModel):
    """An order to a supplier: draft → ordered → partly received → received (or cancelled)."""

    noun = QT_TRANSLATE_NOOP("Records", "purchase order")

    number = peewee.CharField(unique=True)
    supplier = peewee.ForeignKeyField(Supplier, on_delete="RESTRICT")
    status = peewee.CharField(default=OrderStatus.DRAFT.value, index=True)
    created_at = peewee.DateTimeField(default=utcnow)
    ordered_at = peewee.DateTimeField(null=True)
    note = peewee.TextField(default="")
    created_by = peewee.CharField(default="")


class PurchaseOrderLine(BaseModel):
    """What was ordered of one part, and how much of it has arrived so far."""

    order = peewee.ForeignKeyField(PurchaseOrder, backref="lines", on_delete="CASCADE")
    part = peewee.ForeignKeyField(Part, on_delete="RESTRICT")
    quantity = QuantityField()
    received = QuantityField(default=0)
    unit_cost = MoneyField(default=0)


class GoodsReceipt(BaseModel):
    """One delivery booked against a purchase order, with the supplier's invoice number."""

    order = peewee.ForeignKeyField(PurchaseOrder, backref="receipts", on_delete="RESTRICT")
    supplier_invoice = peewee.CharField(default="")
    at = peewee.DateTimeField(default=utcnow)
    username = peewee.CharField()


class StockTake(BaseModel):
    """A count of some or all parts; posting turns differences into stock-take movements."""

    number = peewee.CharField(unique=True)
    location = peewee.CharField(default="")  # bin prefix counted ("" = all)
    category = peewee.CharField(default="")
    status = peewee.CharField(default="open")  # open, posted, cancelled
    started_at = peewee.DateTimeField(default=utcnow)
    posted_at = peewee.DateTimeField(null=True)
    username = peewee.CharField()


class StockTakeLine(BaseModel):
    """One part on the count sheet: what the ledger said when the sheet was made, and the count."""

    stocktake = peewee.ForeignKeyField(StockTake, backref="lines", on_delete="CASCADE")
    part = peewee.ForeignKeyField(Part, on_delete="RESTRICT")
    expected = QuantityField()
    counted = QuantityField(null=True)
    unit_cost = MoneyField(default=0)

    class Meta:
        indexes = ((("stocktake", "part"), True),)


TABLES = [Supplier, Part, PartBarcode, SupplierPart, StockMovement, StockMonth, PurchaseOrder,
          PurchaseOrderLine, GoodsReceipt, StockTake, StockTakeLine]
