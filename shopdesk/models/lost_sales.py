"""Lost sales: a customer asked at the counter for something the shop could not sell.

Schema: migration 9 (:mod:`shopdesk.migrations.m0009_counter`).
"""

from __future__ import annotations

import enum

import peewee

from shopdesk.models.base import BaseModel, utcnow
from shopdesk.models.customers import Customer
from shopdesk.models.fields import QuantityField
from shopdesk.models.parts import Part
from shopdesk.models.users import User


class LostReason(enum.StrEnum):
    """Why the sale was lost."""

    NOT_STOCKED = "not_stocked"
    OUT_OF_STOCK = "out_of_stock"
    PRICE = "price"


class LostSale(BaseModel):
    """One request the shop could not meet: a known part, or the words the customer used."""

    at = peewee.DateTimeField(default=utcnow, index=True)
    part = peewee.ForeignKeyField(Part, null=True, on_delete="RESTRICT")
    text = peewee.CharField(default="")
    quantity = QuantityField()
    reason = peewee.CharField()
    customer = peewee.ForeignKeyField(Customer, null=True, on_delete="RESTRICT")
    user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
    username = peewee.CharField()

    class Meta:
        indexes = ((("part", "at"), False),)


TABLES = [LostSale]
