"""Exact field types: money as integer cents, quantities and percentages as thousandths."""

from __future__ import annotations

from decimal import Decimal

import peewee

from shopdesk.money import from_cents, from_milli, to_cents, to_milli


class MoneyField(peewee.BigIntegerField):
    """Money: ``Decimal`` in Python, integer cents in the database."""

    def db_value(self, value: Decimal | int | str | None) -> int | None:
        return None if value is None else to_cents(value)

    def python_value(self, value: int | None) -> Decimal | None:
        return None if value is None else from_cents(int(value))


class QuantityField(peewee.BigIntegerField):
    """A quantity (pieces, litres, hours): ``Decimal`` in Python, thousandths in the database."""

    def db_value(self, value: Decimal | int | str | None) -> int | None:
        return None if value is None else to_milli(value)

    def python_value(self, value: int | None) -> Decimal | None:
        return None if value is None else from_milli(int(value))


class PercentField(QuantityField):
    """A percentage (tax rate, discount) stored exactly in thousandths of a percent."""


class BytesField(peewee.BlobField):
    """Binary data as ``bytes`` on every backend (PostgreSQL's driver returns memoryview)."""

    def python_value(self, value: bytes | memoryview | None) -> bytes | None:
        return None if value is None else bytes(value)
