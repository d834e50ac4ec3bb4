"""Core deposits: what a part's old unit (the core) is worth as a deposit, and the
cores-on-hand ledger (old units the shop holds until they go back to the supplier).

A sale of a part with a deposit carries an invoice line of kind ``core`` (see
:mod:`shopdesk.services.counter.cores`); the deposit is refunded by a credit note of that line when
the customer brings the old unit back. Cores are not sellable stock: :class:`CoreMovement`
rows are their own ledger and ``PartCore.on_hand`` is its cached sum (``shopdesk check``).

Schema: migration 9 (:mod:`shopdesk.migrations.m0009_counter`).
"""

from __future__ import annotations

import enum

import peewee

from shopdesk.models.base import BaseModel, utcnow
from shopdesk.models.fields import MoneyField, QuantityField
from shopdesk.models.invoices import Invoice, InvoiceLine
from shopdesk.models.parts import Part
from shopdesk.models.users import User
from shopdesk.models.warranty import SupplierClaim


class CoreKind(enum.StrEnum):
    """Why the cores on hand changed."""

    CUSTOMER_RETURN = "customer_return"  # + a customer brought the old unit back
    SUPPLIER_RETURN = "supplier_return"  # - sent back to the supplier for credit


class PartCore(BaseModel):
    """A part's core deposit (per unit, in the shop's price basis) and cores on hand."""

    part = peewee.ForeignKeyField(Part, unique=True, on_delete="CASCADE")
    deposit = MoneyField(default=0)
    on_hand = QuantityField(default=0)  # cache of the CoreMovement sum


class CoreMovement(BaseModel):
    """One change of cores on hand: signed quantity, from which sale / credit note / claim."""

    part = peewee.ForeignKeyField(Part, on_delete="RESTRICT")
    kind = peewee.CharField()
    quantity = QuantityField()
    sale_line = peewee.ForeignKeyField(InvoiceLine, null=True, on_delete="RESTRICT")
    credit_note = peewee.ForeignKeyField(Invoice, null=True, on_delete="RESTRICT")
    claim = peewee.ForeignKeyField(SupplierClaim, null=True, on_delete="RESTRICT")
    at = peewee.DateTimeField(default=utcnow)
    user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
    username = peewee.CharField()
    reference = peewee.CharField(default="")

    class Meta:
        indexes = ((("part", "at"), False),)


TABLES = [PartCore, CoreMovement]
