"""The fast cents/thousandths path for number cells gives exactly what the exact path
(``Decimal(repr(value))`` rounded half-up) gives, on the awkward values too."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from shopdesk.io.importing.engine import _fast_column, fixed_point
from shopdesk.money import CENT, MILLI

AWKWARD = [0.1 + 0.2, 1.005, 2.675, 12.345, 0.125, 0.5, 1.0, 3.0, 5.392, 0.015, 1.115,
           8.325, 1e15, 1e10 + 0.005, 999_999_999.995, 123_456_789.125, 1e-9, 0.0005,
           0.0015, 12.3455, 2.0005, 1.0005, 4.35, 0.07, 19.99, 99_999.999, 5e-324]


def exact(value: float, step: Decimal) -> Decimal:
    return Decimal(repr(value)).quantize(step, ROUND_HALF_UP)


@pytest.mark.parametrize("step", [CENT, MILLI], ids=["cents", "thousandths"])
def test_awkward_values_round_as_the_exact_path(step):
    for value in AWKWARD:
        got = fixed_point(value, step)
        assert (got, str(got)) == (exact(value, step), str(exact(value, step))), value


@pytest.mark.parametrize("step", [CENT, MILLI], ids=["cents", "thousandths"])
def test_the_column_path_matches_the_exact_path_on_many_prices(step):
    rng = random.Random(7)
    values = AWKWARD + [rng.randrange(0, 10**8) / rng.choice((100, 1000, 10000, 7))
                        for _ in range(20_000)]
    values += [n / 1000 + 0.0005 for n in range(0, 20_000, 7)]  # exact halves of the step
    column = _fast_column("money" if step == CENT else "quantity", values)
    for value, got in zip(values, column, strict=True):
        if value >= 10**11:
            continue  # above what a cell may hold: left to the slow path's message
        assert (got, str(got)) == (exact(value, step), str(exact(value, step))), value


def test_half_cents_round_up_like_a_person_would():
    assert fixed_point(1.005, CENT) == Decimal("1.01")  # 1.005 * 100 is 100.4999...
    assert fixed_point(2.675, CENT) == Decimal("2.68")
    assert fixed_point(0.125, CENT) == Decimal("0.13")  # not banker's rounding
    assert fixed_point(12.3455, MILLI) == Decimal("12.346")


def test_zero_negative_and_not_a_number_cells_keep_their_path():
    assert str(fixed_point(0.0, CENT)) == "0.00"
    assert str(fixed_point(-0.0, MILLI)) == str(exact(-0.0, MILLI))
    column = _fast_column("money", [-1.5, float("nan"), float("inf"), None, "", 10.0])
    assert column[3:] == [None, None, Decimal("10.00")]
    assert all(type(c) is object for c in column[:3])  # left to the converter's message
