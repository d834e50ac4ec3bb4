"""Money and quantities are exact: no float ever, half-up rounding, splits that add up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopdesk.money import (
    MAX_MONEY,
    MoneyError,
    allocate,
    from_cents,
    from_milli,
    line_total,
    net_from_gross,
    round_money,
    sum_money,
    tax_on,
    to_cents,
    to_milli,
    to_money,
    to_quantity,
)

D = Decimal


# -- exactness -------------------------------------------------------------------------------

def test_point_one_plus_point_two_is_exactly_point_three() -> None:
    assert to_money("0.1") + to_money("0.2") == to_money("0.3")
    assert sum_money([to_money("0.10")] * 1000) == D("100.00")


@pytest.mark.parametrize("bad", [0.1, 1.0, True, None, [1], float("nan")])
def test_floats_and_non_numbers_are_refused(bad: object) -> None:
    with pytest.raises(MoneyError):
        to_money(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "  ", "abc", "1,50", "NaN", "Infinity", "1e999999999"])
def test_text_that_is_not_an_amount_is_refused(bad: str) -> None:
    with pytest.raises(MoneyError):
        to_money(bad)


@pytest.mark.parametrize("huge", ["1e30", "9" * 30, "-1e25"])
def test_absurdly_large_input_is_a_money_error_not_a_crash(huge: str) -> None:
    # decimal.InvalidOperation here would reach the user as an "unexpected error"
    for convert in (to_money, round_money, to_cents, to_quantity, to_milli):
        with pytest.raises(MoneyError, match="larger than ShopDesk accepts"):
            convert(huge)
    with pytest.raises(MoneyError):
        line_total(D("1e19"), D("1e19"))


def test_typed_amounts_accept_spaces_and_keep_two_places() -> None:
    assert to_money(" 1 234.50 ") == D("1234.50")
    assert to_money(7) == D("7.00")
    assert str(to_money("7")) == "7.00"


def test_typed_amount_with_three_decimals_is_refused() -> None:
    with pytest.raises(MoneyError, match="more than two decimal places"):
        to_money("1.005")


# -- rounding --------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "rounded"), [
    ("0.125", "0.13"),
    ("-0.125", "-0.13"),
    ("0.124", "0.12"),
    ("-0.124", "-0.12"),
    ("2.675", "2.68"),  # the classic float trap: float(2.675) rounds to 2.67
    ("0.005", "0.01"),
    ("-0.005", "-0.01"),
    ("10", "10.00"),
])
def test_round_half_up_away_from_zero(value: str, rounded: str) -> None:
    assert round_money(value) == D(rounded)
    assert str(round_money(value)) == rounded


# -- limits ----------------------------------------------------------------------------------

def test_totals_up_to_max_money_are_exact() -> None:
    assert to_money(str(MAX_MONEY)) == MAX_MONEY
    assert to_money("-" + str(MAX_MONEY)) == -MAX_MONEY
    assert to_cents(MAX_MONEY) == 99_999_999_999_999
    assert from_cents(99_999_999_999_999) == MAX_MONEY
    assert sum_money([D("499999999999.99"), D("500000000000.00")]) == MAX_MONEY


@pytest.mark.parametrize("too_big", ["1000000000000.00", "-1000000000000.00", "1e20"])
def test_amounts_over_max_money_are_refused(too_big: str) -> None:
    with pytest.raises(MoneyError, match="larger than ShopDesk accepts"):
        to_money(too_big)
    with pytest.raises(MoneyError):
        to_cents(too_big)


def test_sum_that_overflows_max_money_is_refused() -> None:
    with pytest.raises(MoneyError):
        sum_money([MAX_MONEY, D("0.01")])


def test_rounding_up_to_over_the_limit_is_refused() -> None:
    with pytest.raises(MoneyError):
        round_money("999999999999.995")


# -- storage conversion ----------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "cents"), [
    ("0.10", 10), ("0.01", 1), ("-12.34", -1234), ("0", 0), ("1234567.89", 123456789),
])
def test_cents_round_trip(amount: str, cents: int) -> None:
    assert to_cents(amount) == cents
    assert isinstance(to_cents(amount), int)
    assert from_cents(cents) == D(amount)
    assert str(from_cents(cents)) == str(D(amount).quantize(D("0.01")))


@pytest.mark.parametrize("bad", [1.0, "10", True, None])
def test_from_cents_refuses_anything_but_int(bad: object) -> None:
    with pytest.raises(MoneyError):
        from_cents(bad)  # type: ignore[arg-type]


@settings(database=None, max_examples=200)
@given(st.integers(min_value=-99_999_999_999_999, max_value=99_999_999_999_999))
def test_every_cent_value_round_trips(cents: int) -> None:
    assert to_cents(from_cents(cents)) == cents


# -- quantities ------------------------------------------------------------------------------

def test_quantities_keep_three_decimals() -> None:
    assert to_quantity("4.5") == D("4.500")
    assert str(to_quantity("4.5")) == "4.500"
    assert to_quantity(2) == D("2")
    assert to_quantity("0.125") == D("0.125")
    assert to_milli("4.5") == 4500
    assert to_milli("-0.001") == -1
    assert from_milli(4500) == D("4.5")
    assert str(from_milli(4500)) == "4.500"


@pytest.mark.parametrize("bad", ["4.5001", "0.0005", 4.5, ""])
def test_quantities_with_more_than_three_decimals_or_floats_are_refused(bad: object) -> None:
    with pytest.raises(MoneyError):
        to_quantity(bad)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        to_milli(bad)  # type: ignore[arg-type]


def test_from_milli_refuses_floats() -> None:
    with pytest.raises(MoneyError):
        from_milli(4.5)  # type: ignore[arg-type]


# -- line totals and tax ---------------------------------------------------------------------

def test_line_total_rounds_once_to_the_cent() -> None:
    assert line_total(D("3"), D("3.333")) == D("10.00")  # 9.999 -> 10.00
    assert line_total(D("4.5"), D("7.99")) == D("35.96")  # 35.955 -> 35.96 (half up)
    assert line_total(D("1"), D("19.99"), D("0")) == D("19.99")


def test_line_total_with_discount() -> None:
    assert line_total(D("2"), D("50.00"), D("10")) == D("90.00")
    assert line_total(D("1"), D("19.99"), D("15")) == D("16.99")  # 16.9915
    assert line_total(D("1"), D("0.05"), D("50")) == D("0.03")  # 0.025 half up
    assert line_total(D("3"), D("9.99"), D("100")) == D("0.00")
    assert line_total(D("2"), D("50.00"), "12.5") == D("87.50")  # typed discount text


@pytest.mark.parametrize("discount", [D("100.01"), D("150"), D("-1")])
def test_discount_outside_0_to_100_is_refused(discount: Decimal) -> None:
    with pytest.raises(MoneyError, match="between 0 and 100"):
        line_total(D("1"), D("10.00"), discount)


def test_line_total_refuses_float_quantity_or_price() -> None:
    with pytest.raises(MoneyError):
        line_total(D("1"), D("10.00"), 10.0)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        line_total(1.5, D("10.00"))  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        line_total(D("1"), 10.0)  # type: ignore[arg-type]


def test_tax_on_a_net_amount() -> None:
    assert tax_on(D("100.00"), D("20")) == D("20.00")
    assert tax_on(D("19.99"), D("8.75")) == D("1.75")  # 1.749125
    assert tax_on(D("0.50"), D("5")) == D("0.03")  # 0.025 half up
    assert tax_on(D("-0.50"), D("5")) == D("-0.03")  # credit: symmetric
    assert tax_on(D("123.45"), D("0")) == D("0.00")


def test_net_from_gross_and_tax_add_back_to_gross() -> None:
    assert net_from_gross(D("120.00"), D("20")) == D("100.00")
    assert net_from_gross(D("10.00"), D("8.75")) == D("9.20")  # 9.1954...
    gross = D("99.99")
    net = net_from_gross(gross, D("19"))
    assert net == D("84.03")
    assert net + (gross - net) == gross
    assert net_from_gross(D("50.00"), D("0")) == D("50.00")


# -- splitting -------------------------------------------------------------------------------

def test_a_third_of_a_hundred() -> None:
    parts = allocate(D("100.00"), [1, 1, 1])
    assert parts == [D("33.34"), D("33.33"), D("33.33")]
    assert sum(parts) == D("100.00")


def test_allocate_a_negative_credit() -> None:
    parts = allocate(D("-100.00"), [1, 1, 1])
    assert parts == [D("-33.34"), D("-33.33"), D("-33.33")]
    assert sum(parts) == D("-100.00")
    parts = allocate(D("-10.00"), [D("2"), D("1")])
    assert parts == [D("-6.67"), D("-3.33")]


def test_allocate_by_weights_gives_leftover_cents_to_largest_remainders() -> None:
    # 0.05 by 30/70: exact 1.5 and 3.5 cents -> tie, earliest first
    assert allocate(D("0.05"), [30, 70]) == [D("0.02"), D("0.03")]
    assert allocate(D("10.00"), [D("0.5"), D("0.25"), D("0.25")]) == [
        D("5.00"), D("2.50"), D("2.50")]
    assert allocate(D("0.00"), [1, 2]) == [D("0.00"), D("0.00")]
    assert allocate(D("1.00"), [0, 1]) == [D("0.00"), D("1.00")]


@pytest.mark.parametrize("weights", [[], [0, 0], [1, -1], [0.5, 0.5]])
def test_allocate_refuses_impossible_splits(weights: list) -> None:
    with pytest.raises(MoneyError):
        allocate(D("10.00"), weights)


@settings(database=None, max_examples=300)
@given(cents=st.integers(min_value=-10**14 + 1, max_value=10**14 - 1),
       parts=st.integers(min_value=1, max_value=50))
def test_allocate_equal_weights_sums_and_parts_differ_by_at_most_a_cent(
        cents: int, parts: int) -> None:
    total = from_cents(cents)
    result = allocate(total, [1] * parts)
    assert len(result) == parts
    assert sum(result, D("0")) == total
    assert max(result) - min(result) <= D("0.01")
    assert all(p == p.quantize(D("0.01")) for p in result)


@settings(database=None, max_examples=300)
@given(cents=st.integers(min_value=-10**12, max_value=10**12),
       weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20)
       .filter(lambda ws: sum(ws) > 0))
def test_allocate_any_weights_always_sums_to_the_total(cents: int, weights: list[int]) -> None:
    total = from_cents(cents)
    result = allocate(total, weights)
    assert sum(result, D("0")) == total
    weight_sum = sum(weights)
    for part, w in zip(result, weights, strict=True):
        # every part is within one cent of its exact share, and has the total's sign
        assert abs(part - total * w / weight_sum) < D("0.01")
        assert part == 0 or (part > 0) == (total > 0)
