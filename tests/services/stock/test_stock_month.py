"""The stock ledger's month summary (``stock_month``, schema 18) stays in step with the ledger
whatever writes it, ``shopdesk check`` notices when it does not, and the monthly report's
"value moved since" read from it equals the ledger's own sum."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee

from shopdesk.models.parts import StockMonth, StockMovement
from shopdesk.reports import monthly_queries as q
from shopdesk.services import integrity
from shopdesk.services.stock import stock
from tests.helpers.parts import make_part


def _summary() -> dict[str, int]:
    return {f"{m:%Y-%m}": int(v) for m, v in
            StockMonth.select(StockMonth.month, StockMonth.value).tuples() if int(v)}


def _ledger() -> dict[str, int]:
    """quantity x unit cost per month of ``at``, added up in Python from the rows."""
    months: dict[str, int] = {}
    for at, quantity, cost in StockMovement.select(
            StockMovement.at, StockMovement.quantity, StockMovement.unit_cost).tuples():
        key = f"{at:%Y-%m}"
        months[key] = months.get(key, 0) + int(quantity * 1000) * int(cost * 100)
    return {k: v for k, v in months.items() if v}


def _stamp(movement_id: int, at: dt.datetime) -> None:
    StockMovement.update(at=at).where(StockMovement.id == movement_id).execute()


def _month_faults(db: peewee.Database) -> list[str]:
    return [str(f) for f in integrity.run_checks(db) if f.check == "stock months"]


def test_the_summary_follows_every_write_to_the_ledger(owner, db):
    part = make_part(owner)
    first = stock.record_movement(owner, part, "receipt", 3, "4.00")
    assert _summary() == {f"{dt.datetime.now(dt.UTC):%Y-%m}": 3 * 1000 * 400} == _ledger()

    _stamp(first.id, dt.datetime(2026, 1, 31, 23, 59, 59))  # moved to another month
    second = stock.record_movement(owner, part, "receipt", "2.5", "4.10", confirm_cost=True)
    _stamp(second.id, dt.datetime(2026, 2, 1, 0, 0))
    sale = stock.record_movement(owner, part, "sale", 1)
    _stamp(sale.id, dt.datetime(2026, 2, 14, 9, 30))
    assert _summary() == _ledger()
    assert _summary()["2026-01"] == 1_200_000 and "2026-02" in _summary()

    StockMovement.update(quantity=Decimal(5), unit_cost=Decimal("3.21")).where(
        StockMovement.id == first.id).execute()  # quantity and cost changed in place
    assert _summary() == _ledger()
    assert _summary()["2026-01"] == 5000 * 321

    StockMovement.delete().where(StockMovement.id == sale.id).execute()
    assert _summary() == _ledger()
    StockMovement.insert_many([  # a bulk write (as the demo and imports do) too
        {"part": part.id, "kind": "receipt", "quantity": Decimal(1), "unit_cost": Decimal(7),
         "at": dt.datetime(2025, 12, 5, 8), "username": "bulk"},
        {"part": part.id, "kind": "adjustment", "quantity": Decimal(-1), "unit_cost": Decimal(7),
         "at": dt.datetime(2025, 12, 6, 8), "username": "bulk"}]).execute()
    assert _summary() == _ledger()
    assert _month_faults(db) == []


def test_check_finds_a_summary_that_differs_from_the_ledger(owner, db):
    part = make_part(owner)
    receipt = stock.record_movement(owner, part, "receipt", 3, "4.00")
    _stamp(receipt.id, dt.datetime(2026, 3, 10, 12))
    StockMonth.update(value=StockMonth.value + 500).where(
        StockMonth.month == dt.date(2026, 3, 1)).execute()  # a bug elsewhere
    StockMonth.insert(month=dt.date(2024, 7, 1), value=-100).execute()
    assert _month_faults(db) == [
        "stock months: the month summary shows -0.00100 moved in 2024-07 but the ledger's "
        "movements add up to 0.00000",
        "stock months: the month summary shows 12.00500 moved in 2026-03 but the ledger's "
        "movements add up to 12.00000"]


def test_value_moved_since_a_moment_equals_the_ledger(owner, db):
    part = make_part(owner)
    stamps = [dt.datetime(2025, 11, 30, 23, 0), dt.datetime(2025, 12, 1, 0, 0),
              dt.datetime(2025, 12, 15, 6, 0), dt.datetime(2025, 12, 31, 23, 59),
              dt.datetime(2026, 1, 1, 0, 0), dt.datetime(2026, 2, 20, 17, 45)]
    for i, at in enumerate(stamps):
        moved = stock.record_movement(owner, part, "receipt", i + 1, f"{3 + i}.25",
                                      confirm_cost=True)
        _stamp(moved.id, at)
    moments = [dt.datetime(2025, 12, 1), dt.datetime(2025, 12, 15, 6, 0),
               dt.datetime(2025, 12, 16), dt.datetime(2026, 1, 1), dt.datetime(2026, 3, 1),
               dt.datetime(2024, 1, 1), dt.datetime(2026, 2, 20, 17, 45, 1)]
    expected = [sum(int(m.quantity * 1000) * int(m.unit_cost * 100)
                    for m in StockMovement.select() if m.at >= moment) for moment in moments]
    assert [int(v) for v in q.moved_since(moments).tuples()[0]] == expected
