"""Shop settings (one row) and the tax rates the shop charges."""

from __future__ import annotations

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import BaseModel, VersionedModel
from shopdesk.models.fields import BytesField, PercentField

SETTINGS_ID = 1


class ShopSettings(VersionedModel):
    """The shop's own details, printed on every document. Exactly one row (id 1)."""

    noun = QT_TRANSLATE_NOOP("Records", "shop settings")

    name = peewee.CharField(default="")
    address = peewee.TextField(default="")
    phone = peewee.CharField(default="")
    email = peewee.CharField(default="")
    website = peewee.CharField(default="")
    tax_id = peewee.CharField(default="")
    logo_png = BytesField(null=True)
    currency = peewee.CharField(max_length=3, default="USD")
    # printed documents and exports: "en", "zh_CN", or "" = each PC's screen language
    language = peewee.CharField(default="")
    invoice_prefix = peewee.CharField(default="INV")
    prices_include_tax = peewee.BooleanField(default=False)
    payment_terms_days = peewee.IntegerField(default=0)
    invoice_footer = peewee.TextField(default="")
    allow_negative_stock = peewee.BooleanField(default=False)
    is_demo = peewee.BooleanField(default=False)
    # "A4" or "LETTER": every printed document
    paper_size = peewee.CharField(default="A4", constraints=[peewee.SQL("DEFAULT 'A4'")])
    #: the largest discount (percent) a clerk or a technician gives without the owner (schema 16)
    clerk_discount_limit = PercentField(default=10)
    technician_discount_limit = PercentField(default=0)


class TaxRate(BaseModel):
    """A tax rate by tax class (e.g. STD 20%, RED 5%, ZERO 0%)."""

    code = peewee.CharField(unique=True)
    name = peewee.CharField()
    rate = PercentField()
    is_default = peewee.BooleanField(default=False)
    archived = peewee.BooleanField(default=False)
