"""Schema 8: price levels, per-level part prices, manual prices, the markup matrix, the
price-rounding rule, supplier catalogues, and a price level per customer."""

from __future__ import annotations

import datetime as dt

import peewee

VERSION = 8
TITLE = "Price levels, markup matrix, manual prices, supplier catalogues"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def apply(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Supplier(Frozen):  # exists since schema 4; referenced only
        class Meta:
            table_name = "supplier"

    class Part(Frozen):  # exists since schema 4; referenced only
        class Meta:
            table_name = "part"

    class PriceLevel(Frozen):
        code = peewee.CharField(unique=True)
        name = peewee.CharField()
        position = peewee.IntegerField(default=0)

    class PartLevelPrice(Frozen):
        part = peewee.ForeignKeyField(Part, on_delete="CASCADE")
        level = peewee.CharField()
        price = peewee.BigIntegerField()  # cents

        class Meta:
            indexes = ((("part", "level"), True),)

    class ManualPrice(Frozen):
        part = peewee.ForeignKeyField(Part, on_delete="CASCADE")
        level = peewee.CharField()
        set_by = peewee.CharField(default="")
        set_at = peewee.DateTimeField(default=_now)

        class Meta:
            indexes = ((("part", "level"), True),)

    class MarkupBand(Frozen):
        level = peewee.CharField()
        scope = peewee.CharField(default="")  # "" shop-wide, "category", "brand"
        scope_value = peewee.CharField(default="")
        cost_from = peewee.BigIntegerField()  # cents
        cost_to = peewee.BigIntegerField(null=True)  # cents; None: no upper end
        markup = peewee.BigIntegerField()  # thousandths of a percent

        class Meta:
            indexes = ((("level", "scope", "scope_value", "cost_from"), True),)

    class PricingSettings(Frozen):
        rounding = peewee.CharField(default="cent")
        version = peewee.IntegerField(default=1)

    class CatalogueLine(Frozen):
        supplier = peewee.ForeignKeyField(Supplier, on_delete="CASCADE")
        supplier_sku = peewee.CharField()
        description = peewee.CharField(default="")
        cost = peewee.BigIntegerField()  # cents, per pack
        pack_size = peewee.BigIntegerField(default=1000)  # thousandths
        barcode = peewee.CharField(default="", index=True)
        brand = peewee.CharField(default="")
        part = peewee.ForeignKeyField(Part, null=True, on_delete="SET NULL")
        updated_at = peewee.DateTimeField(default=_now)

        class Meta:
            indexes = ((("supplier", "supplier_sku"), True),)

    db.create_tables([PriceLevel, PartLevelPrice, ManualPrice, MarkupBand, PricingSettings,
                      CatalogueLine])
    PriceLevel.insert_many([{"code": "retail", "name": "Retail", "position": 0},
                            {"code": "trade", "name": "Trade", "position": 1}]).execute()
    PricingSettings.insert(id=1, rounding="cent").execute()
    # Plain ALTER TABLE on both databases: playhouse's SQLite add_column rebuilds the table
    # for a NOT NULL column, which foreign keys to the customer (vehicles, invoices) refuse.
    db.execute_sql("ALTER TABLE customer ADD COLUMN price_level VARCHAR(255) NOT NULL "
                   "DEFAULT 'retail'")
