"""Price levels, per-level part prices, manual prices, the markup matrix and supplier
catalogues (schema 8).

Retail and trade prices stay on :class:`~shopdesk.models.parts.Part` (``retail_price``,
``trade_price``); any further level the shop defines (fleet, ...) keeps its prices in
:class:`PartLevelPrice`. A :class:`ManualPrice` row marks a part's price at a level as set by
hand: the markup matrix leaves it alone until the owner resets it.
"""

from __future__ import annotations

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import BaseModel, VersionedModel, utcnow
from shopdesk.models.fields import MoneyField, PercentField, QuantityField
from shopdesk.models.parts import Part, Supplier

#: Levels whose prices live on the part itself.
BUILT_IN_LEVELS = ("retail", "trade")
PRICING_SETTINGS_ID = 1


class PriceLevel(BaseModel):
    """A customer price level (retail, trade, fleet...). ``code`` never changes."""

    code = peewee.CharField(unique=True)
    name = peewee.CharField()
    position = peewee.IntegerField(default=0)


class PartLevelPrice(BaseModel):
    """A part's price at a level other than retail and trade."""

    part = peewee.ForeignKeyField(Part, on_delete="CASCADE")
    level = peewee.CharField()
    price = MoneyField()

    class Meta:
        indexes = ((("part", "level"), True),)


class ManualPrice(BaseModel):
    """The part's price at ``level`` was set by hand: the matrix does not touch it."""

    part = peewee.ForeignKeyField(Part, on_delete="CASCADE")
    level = peewee.CharField()
    set_by = peewee.CharField(default="")
    set_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("part", "level"), True),)


class MarkupBand(BaseModel):
    """One row of a markup matrix: parts costing ``cost_from`` up to (not including)
    ``cost_to`` sell at cost plus ``markup`` percent. A matrix is all the bands of one level
    and scope (shop-wide, one category or one brand)."""

    level = peewee.CharField()
    scope = peewee.CharField(default="")  # "" shop-wide, "category", "brand"
    scope_value = peewee.CharField(default="")
    cost_from = MoneyField()
    cost_to = MoneyField(null=True)
    markup = PercentField()

    class Meta:
        indexes = ((("level", "scope", "scope_value", "cost_from"), True),)


class PricingSettings(VersionedModel):
    """The shop's price-rounding rule (one row, id 1)."""

    noun = QT_TRANSLATE_NOOP("Records", "pricing settings")

    rounding = peewee.CharField(default="cent")


class CatalogueLine(BaseModel):
    """One line of a supplier's price file: their number, description, cost per pack."""

    supplier = peewee.ForeignKeyField(Supplier, on_delete="CASCADE")
    supplier_sku = peewee.CharField()
    description = peewee.CharField(default="")
    cost = MoneyField()
    pack_size = QuantityField(default=1)
    barcode = peewee.CharField(default="", index=True)
    brand = peewee.CharField(default="")
    part = peewee.ForeignKeyField(Part, null=True, on_delete="SET NULL")
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("supplier", "supplier_sku"), True),)


TABLES = [PriceLevel, PartLevelPrice, ManualPrice, MarkupBand, PricingSettings, CatalogueLine]
