"""Document totals: the one rounding rule, to the cent, for invoices and credit notes."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shopdesk.money import MoneyError
from shopdesk.services.sales.totals import LineInput, compute


def line(qty: str, price: str, rate: str = "10", disc: str = "0") -> LineInput:
    return LineInput(D(qty), D(price), D(rate), D(disc))


def test_tax_exclusive_rounds_once_per_rate_not_per_line():
    # Three lines of 0.35 at 10%: per-line tax would be 0.04 x 3 = 0.12; per band it is 0.11.
    totals = compute([line("1", "0.35")] * 3)
    assert (totals.net, totals.tax, totals.gross) == (D("1.05"), D("0.11"), D("1.16"))


def test_several_rates_each_band_separately():
    totals = compute([line("2", "49.99", "8.75"), line("1.5", "120.00", "8.75"),
                      line("1", "15.00", "0")])
    assert [(b.rate, b.net, b.tax) for b in totals.bands] == [
        (D("8.75"), D("279.98"), D("24.50")), (D("0"), D("15.00"), D("0.00"))]
    assert totals.gross == D("319.48") == totals.net + totals.tax


def test_tax_inclusive_prices_split_net_from_gross():
    totals = compute([line("1", "10.00", "20"), line("1", "0.99", "20")],
                     prices_include_tax=True)
    assert totals.gross == D("10.99")
    assert totals.net == D("9.16") and totals.tax == D("1.83")


def test_line_discount_rounds_half_up():
    # 3 x 3.33 = 9.99, less 12.5% = 8.74125 -> 8.74
    totals = compute([line("3", "3.33", "0", "12.5")])
    assert totals.lines[0].amount == D("8.74")


def test_document_discount_spread_exactly_over_lines():
    totals = compute([line("1", "33.33"), line("1", "33.33"), line("1", "33.34")],
                     discount_percent=D("10"))
    assert totals.discount == D("10.00")
    assert sum(a.discounted for a in totals.lines) == D("90.00")
    assert totals.net == D("90.00") and totals.tax == D("9.00")


def test_credit_note_mirrors_the_invoice_exactly():
    invoice = [line("2", "19.99", "8.75", "5"), line("0.5", "89.50", "8.75"),
               line("1", "7.25", "0")]
    credit = [LineInput(-li.quantity, li.unit_price, li.tax_rate, li.discount_percent)
              for li in invoice]
    a = compute(invoice, discount_percent=D("7.5"))
    b = compute(credit, discount_percent=D("7.5"))
    assert (b.net, b.tax, b.gross) == (-a.net, -a.tax, -a.gross)


def test_negative_line_on_an_invoice_is_not_discounted():
    totals = compute([line("1", "100.00", "0"), line("-1", "20.00", "0")],
                     discount_percent=D("10"))
    assert [a.discounted for a in totals.lines] == [D("92.00"), D("-20.00")]
    assert totals.gross == D("72.00")


def test_discount_over_100_percent_is_refused():
    with pytest.raises(MoneyError, match="between 0 and 100"):
        compute([line("1", "10")], discount_percent=D("101"))
    with pytest.raises(MoneyError, match="between 0 and 100"):
        compute([line("1", "10", disc="150")])


money = st.decimals(min_value=D("0.01"), max_value=D("9999.99"), places=2)
qty = st.decimals(min_value=D("0.001"), max_value=D("999"), places=3)
rate = st.sampled_from([D("0"), D("5"), D("8.75"), D("20")])


@given(st.lists(st.tuples(qty, money, rate), min_size=1, max_size=30),
       st.decimals(min_value=D("0"), max_value=D("100"), places=1), st.booleans())
def test_totals_always_add_up(rows, discount, inclusive):
    lines = [LineInput(q, p, r) for q, p, r in rows]
    totals = compute(lines, prices_include_tax=inclusive, discount_percent=discount)
    assert totals.net + totals.tax == totals.gross
    assert sum(b.gross for b in totals.bands) == totals.gross
    assert sum(a.discounted for a in totals.lines) == totals.subtotal - totals.discount
    for value in (totals.net, totals.tax, totals.gross):
        assert value == value.quantize(D("0.01"))
