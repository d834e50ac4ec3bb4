"""Invoices and credit notes, their lines, payments, customer credit and document numbers.

An invoice is a draft (no number, editable) until it is issued; issuing gives it the next
number of a gapless series in the same transaction. Issued invoices, their lines and every
payment are immutable: the services refuse changes and database triggers (migration 5)
refuse even a crafted UPDATE or DELETE. Only the cached ``paid`` and ``credited`` figures of
an issued document move, and only through payments and credit notes.
"""

from __future__ import annotations

import enum

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import BaseModel, VersionedModel, utcnow
from shopdesk.models.customers import Customer
from shopdesk.models.fields import MoneyField, PercentField, QuantityField
from shopdesk.models.parts import Part
from shopdesk.models.users import User
from shopdesk.models.vehicles import Vehicle


class DocumentKind(enum.StrEnum):
    """An invoice, or a credit note correcting one (its own number series)."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class InvoiceStatus(enum.StrEnum):
    """Draft (editable, no number) -> issued (numbered, immutable); a draft may be voided."""

    DRAFT = "draft"
    ISSUED = "issued"
    VOID = "void"


class LineKind(enum.StrEnum):
    """What a line charges for."""

    PART = "part"
    LABOUR = "labour"
    FEE = "fee"
    SUBLET = "sublet"
    CORE = "core"  # a core (exchange) deposit


class PaymentMethod(enum.StrEnum):
    """How money changed hands."""

    CASH = "cash"
    CARD = "card"
    BANK_TRANSFER = "bank transfer"
    CHEQUE = "cheque"
    STORE_CREDIT = "store credit"


class DocumentSequence(BaseModel):
    """The last number used in one series and year; taken with an UPDATE in the issuing
    transaction, so two PCs never get the same number and a rolled-back issue skips none."""

    series = peewee.CharField()
    year = peewee.IntegerField()
    last_number = peewee.IntegerField(default=0)

    class Meta:
        indexes = ((("series", "year"), True),)


class Invoice(VersionedModel):
    """An invoice or credit note; figures are cached in cents when it is issued."""

    noun = QT_TRANSLATE_NOOP("Records", "invoice")

    kind = peewee.CharField(default=DocumentKind.INVOICE.value)
    status = peewee.CharField(default=InvoiceStatus.DRAFT.value, index=True)
    number = peewee.CharField(null=True, unique=True)
    series = peewee.CharField(null=True)
    year = peewee.IntegerField(null=True)
    sequence = peewee.IntegerField(null=True)
    customer = peewee.ForeignKeyField(Customer, null=True, on_delete="RESTRICT")
    customer_name = peewee.CharField(default="")  # as printed ("Cash customer" when none)
    billing_address = peewee.TextField(default="")
    customer_tax_id = peewee.CharField(default="")
    vehicle = peewee.ForeignKeyField(Vehicle, null=True, on_delete="RESTRICT")
    vehicle_text = peewee.CharField(default="")  # plate, make/model, VIN as printed
    odometer = peewee.IntegerField(null=True)
    price_level = peewee.CharField(default="retail")
    prices_include_tax = peewee.BooleanField(default=False)
    discount_percent = PercentField(default=0)
    terms_days = peewee.IntegerField(default=0)
    created_at = peewee.DateTimeField(default=utcnow)
    issued_at = peewee.DateTimeField(null=True)
    issue_date = peewee.DateField(null=True, index=True)
    due_date = peewee.DateField(null=True)
    subtotal = MoneyField(default=0)
    discount = MoneyField(default=0)
    net = MoneyField(default=0)
    tax = MoneyField(default=0)
    gross = MoneyField(default=0)
    paid = MoneyField(default=0)  # sum of payments applied (cache)
    credited = MoneyField(default=0)  # sum of its credit notes, positive (cache)
    credited_invoice = peewee.ForeignKeyField("self", null=True, on_delete="RESTRICT",
                                              backref="credit_notes")
    reason = peewee.TextField(default="")
    source = peewee.CharField(default="")  # "counter sale", "repair order", ...
    source_id = peewee.IntegerField(null=True)
    notes = peewee.TextField(default="")
    created_by = peewee.CharField(default="")
    issued_by = peewee.CharField(default="")
    # its link in the issued documents' hash chain (services/sales/document_chain.py; m0015)
    chain_seq = peewee.IntegerField(null=True, unique=True)
    chain_hash = peewee.CharField(max_length=64, null=True)

    class Meta:
        indexes = ((("customer", "issue_date"), False), (("kind", "issue_date"), False))


class InvoiceLine(VersionedModel):
    """One line: quantity x unit price less discount, at a tax rate (snapshots, never live).
    Versioned (m0014): two PCs editing a draft's line, the second is refused."""

    noun = QT_TRANSLATE_NOOP("Records", "draft invoice line")

    invoice = peewee.ForeignKeyField(Invoice, backref="lines", on_delete="RESTRICT")
    position = peewee.IntegerField(default=0)
    kind = peewee.CharField(default=LineKind.PART.value)
    part = peewee.ForeignKeyField(Part, null=True, on_delete="RESTRICT")
    sku = peewee.CharField(default="")
    description = peewee.CharField()
    quantity = QuantityField()
    unit_price = MoneyField()
    discount_percent = PercentField(default=0)
    tax_code = peewee.CharField(default="")
    tax_rate = PercentField(default=0)
    amount = MoneyField(default=0)  # after the line discount (entry basis)
    discounted = MoneyField(default=0)  # after the invoice discount's share
    unit_cost = MoneyField(default=0)  # snapshot for margins
    takes_stock = peewee.BooleanField(default=True)  # issuing books the sale / return
    credited_line = peewee.ForeignKeyField("self", null=True, on_delete="RESTRICT")


class Payment(BaseModel):
    """Money taken (positive) or given back (negative) for an invoice. Never changed."""

    invoice = peewee.ForeignKeyField(Invoice, null=True, on_delete="RESTRICT",
                                     backref="payments")
    customer = peewee.ForeignKeyField(Customer, null=True, on_delete="RESTRICT")
    method = peewee.CharField()
    amount = MoneyField()  # taken (negative: refund)
    applied = MoneyField(default=0)  # of it, what settles the invoice
    tendered = MoneyField(null=True)  # cash handed over
    change = MoneyField(null=True)  # cash given back
    reference = peewee.CharField(default="")
    is_refund = peewee.BooleanField(default=False)
    at = peewee.DateTimeField(default=utcnow, index=True)
    user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
    username = peewee.CharField()


class CreditEntry(BaseModel):
    """The customer's store-credit ledger: + overpayments and credited amounts, - spent."""

    customer = peewee.ForeignKeyField(Customer, on_delete="RESTRICT", index=True)
    amount = MoneyField()
    payment = peewee.ForeignKeyField(Payment, null=True, on_delete="RESTRICT")
    invoice = peewee.ForeignKeyField(Invoice, null=True, on_delete="RESTRICT")
    note = peewee.CharField(default="")
    at = peewee.DateTimeField(default=utcnow)
    username = peewee.CharField()


TABLES = [DocumentSequence, Invoice, InvoiceLine, Payment, CreditEntry]
