"""MoneyField and QuantityField keep exact values: integers in the database, Decimals in Python."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import peewee
import pytest

from shopdesk.models.base import BaseModel
from shopdesk.models.fields import MoneyField, PercentField, QuantityField
from shopdesk.money import MoneyError, from_cents


class Line(BaseModel):
    """A throwaway table shaped like an invoice line."""

    amount = MoneyField(null=True)
    quantity = QuantityField(null=True)
    discount = PercentField(default=Decimal("0"))

    class Meta:
        table_name = "test_field_line"


@pytest.fixture
def lines(db: peewee.Database) -> Iterator[type[Line]]:
    db.create_tables([Line])
    try:
        yield Line
    finally:
        db.drop_tables([Line])


def _raw(db: peewee.Database, column: str, row_id: int) -> object:
    return db.execute_sql(
        f"SELECT {column} FROM test_field_line WHERE id = {db.param}", (row_id,)).fetchone()[0]


def test_money_is_stored_as_integer_cents(db: peewee.Database, lines: type[Line]) -> None:
    row = lines.create(amount=Decimal("0.10"), quantity=Decimal("4.5"))
    assert _raw(db, "amount", row.id) == 10
    assert type(_raw(db, "amount", row.id)) is int
    assert _raw(db, "quantity", row.id) == 4500
    assert type(_raw(db, "quantity", row.id)) is int
    if isinstance(db, peewee.SqliteDatabase):
        # not REAL: SQLite's NUMERIC affinity would make 0.10 a float
        kinds = db.execute_sql(
            "SELECT typeof(amount), typeof(quantity), typeof(discount) FROM test_field_line"
        ).fetchone()
        assert kinds == ("integer", "integer", "integer")
    else:
        types = dict(db.execute_sql(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'test_field_line'").fetchall())
        assert types["amount"] == types["quantity"] == "bigint"


def test_values_come_back_as_the_exact_decimals_saved(lines: type[Line]) -> None:
    row = lines.create(amount=Decimal("0.10"), quantity=Decimal("4.5"),
                       discount=Decimal("12.125"))
    again = lines.get_by_id(row.id)
    assert isinstance(again.amount, Decimal)
    assert again.amount == Decimal("0.10")
    assert str(again.amount) == "0.10"  # not 0.1, not 0.1000000000000000055511151231257827
    assert str(again.quantity) == "4.500"
    assert again.discount == Decimal("12.125")


def test_negative_null_and_typed_text_values(lines: type[Line]) -> None:
    credit = lines.create(amount=Decimal("-12.34"), quantity="-1")
    empty = lines.create(amount=None, quantity=None)
    typed = lines.create(amount="7", quantity=2)
    assert lines.get_by_id(credit.id).amount == Decimal("-12.34")
    assert lines.get_by_id(credit.id).quantity == Decimal("-1")
    assert lines.get_by_id(empty.id).amount is None
    assert lines.get_by_id(empty.id).quantity is None
    assert str(lines.get_by_id(typed.id).amount) == "7.00"


def test_float_is_refused_and_nothing_is_saved(lines: type[Line]) -> None:
    with pytest.raises(MoneyError):
        lines.create(amount=0.1)
    with pytest.raises(MoneyError):
        lines.create(quantity="4.5001")
    assert lines.select().count() == 0


def test_queries_compare_exactly(lines: type[Line]) -> None:
    lines.create(amount=Decimal("0.10"))
    lines.create(amount=Decimal("0.30"))
    assert lines.select().where(lines.amount == Decimal("0.1") + Decimal("0.2")).count() == 1
    assert lines.select().where(lines.amount > Decimal("0.10")).count() == 1


def test_sum_over_many_rows_stays_exact(db: peewee.Database, lines: type[Line]) -> None:
    with db.atomic():
        lines.insert_many(
            [{"amount": Decimal("0.10"), "quantity": Decimal("0.333")}] * 3000).execute()
    rows = list(lines.select())
    assert sum((r.amount for r in rows), Decimal(0)) == Decimal("300.00")
    assert sum((r.quantity for r in rows), Decimal(0)) == Decimal("999.000")
    # summed in the database: whole cents (peewee does not convert aggregates; reports
    # turn them back with from_cents), exact
    total = lines.select(peewee.fn.SUM(lines.amount)).scalar()
    assert total == 30000
    assert from_cents(int(total)) == Decimal("300.00")
    assert sum([0.1] * 3000) != 300.0  # what floats would have given
