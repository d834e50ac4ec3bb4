"""Customers (people and companies), their phones, tags, grading rules and the search keys."""

from __future__ import annotations

import enum

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import BaseModel, VersionedModel, utcnow
from shopdesk.models.fields import MoneyField
from shopdesk.models.users import User


class CustomerKind(enum.StrEnum):
    PERSON = "person"
    COMPANY = "company"


class Channel(enum.StrEnum):
    """How the customer prefers to be contacted."""

    PHONE = "phone"
    SMS = "sms"
    EMAIL = "email"
    LETTER = "letter"
    NONE = "none"


class Grade(enum.StrEnum):
    """The customer's value to the shop (see :mod:`shopdesk.services.crm.grading`)."""

    VIP = "vip"
    REGULAR = "regular"
    OCCASIONAL = "occasional"
    LAPSED = "lapsed"
    NEW = "new"


class Customer(VersionedModel):
    """A person or a company the shop serves. Archived, never deleted; merged into another."""

    noun = QT_TRANSLATE_NOOP("Records", "customer")

    kind = peewee.CharField(default=CustomerKind.PERSON.value)
    first_name = peewee.CharField(default="")
    last_name = peewee.CharField(default="")
    company_name = peewee.CharField(default="")
    display_name = peewee.CharField(index=True)  # "Last, First" or the company: list order
    email = peewee.CharField(default="")
    email_problem = peewee.CharField(default="")  # non-empty: saved anyway, flagged
    address = peewee.CharField(default="")
    city = peewee.CharField(default="", index=True)
    postcode = peewee.CharField(default="", index=True)
    country = peewee.CharField(default="")
    tax_id = peewee.CharField(default="")
    payment_terms_days = peewee.IntegerField(null=True)  # None: the shop's default
    notes = peewee.TextField(default="")
    marketing_consent = peewee.BooleanField(default=False)
    preferred_channel = peewee.CharField(default=Channel.PHONE.value)
    grade = peewee.CharField(default=Grade.NEW.value, index=True)  # effective grade
    auto_grade = peewee.CharField(default=Grade.NEW.value)
    grade_override = peewee.CharField(null=True)
    grade_override_reason = peewee.CharField(default="")
    graded_at = peewee.DateTimeField(null=True)
    blacklisted = peewee.BooleanField(default=False)
    blacklist_reason = peewee.CharField(default="")
    last_visit_on = peewee.DateField(null=True, index=True)
    archived = peewee.BooleanField(default=False, index=True)
    merged_into = peewee.ForeignKeyField("self", null=True, on_delete="RESTRICT")
    created_at = peewee.DateTimeField(default=utcnow)
    price_level = peewee.CharField(default="retail")  # a PriceLevel code (schema 8)


class CustomerPhone(BaseModel):
    """One phone number: as typed, and normalised (E.164) when the phone library understands it."""

    customer = peewee.ForeignKeyField(Customer, backref="phones", on_delete="CASCADE")
    label = peewee.CharField(default="mobile")
    number = peewee.CharField()  # as typed
    e164 = peewee.CharField(default="", index=True)  # +12175550142, "" when not understood
    problem = peewee.CharField(default="")  # non-empty: saved anyway, flagged
    position = peewee.IntegerField(default=0)  # 0 is the main number


class Tag(BaseModel):
    """A free tag with a colour (e.g. "fleet", "pays late")."""

    name = peewee.CharField(unique=True)
    colour = peewee.CharField(default="#627d98")


class CustomerTag(BaseModel):
    customer = peewee.ForeignKeyField(Customer, backref="tag_links", on_delete="CASCADE")
    tag = peewee.ForeignKeyField(Tag, backref="customer_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("customer", "tag"), True),)


class GradingRules(VersionedModel):
    """The owner's grade thresholds over the last 12 months. One row (id 1)."""

    noun = QT_TRANSLATE_NOOP("Records", "grading rules")

    vip_spend = MoneyField(default=0)
    vip_visits = peewee.IntegerField(default=0)
    regular_spend = MoneyField(default=0)
    regular_visits = peewee.IntegerField(default=0)
    lapsed_months = peewee.IntegerField(default=12)
    updated_by = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")


class SearchKey(BaseModel):
    """Normalised search keys (name words, phone digit tails, plate and VIN tails).

    A query is a prefix match on ``key`` (a B-tree range on both SQLite and PostgreSQL); tails
    make "any digits of the phone" and "the last 6 of the VIN" prefix matches too. Kept in step
    by :mod:`shopdesk.services.crm.search_index` in the same transaction as every change. Its two
    indexes, (key, customer) and (customer, key), are made in the migration with raw SQL
    (``text_pattern_ops`` on PostgreSQL), so they are not declared here.
    """

    key = peewee.CharField()
    customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", index=False)
    vehicle_id = peewee.IntegerField(null=True)
    field = peewee.CharField()  # name, company, email, phone, plate, vin
