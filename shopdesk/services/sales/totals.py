"""Totals of an invoice, estimate or credit note: one rounding rule, exact to the cent.

The rule, applied in this order (money.round_money is half up, away from zero on a tie):

1. **Line amount** = quantity x unit price x (1 - line discount %), rounded once to the cent.
   Prices are the shop's entry basis: tax-exclusive (net) or tax-inclusive (gross).
2. **Document discount** (a percentage) = the sum of line amounts x %, rounded once; it is
   spread over the lines in proportion to their amounts with :func:`money.allocate`, so the
   discounted lines add up exactly.
3. **Tax per rate**: lines are grouped by tax rate. Tax-exclusive: tax = band net x rate,
   rounded once per band. Tax-inclusive: net = band gross x 100 / (100 + rate), rounded once;
   tax = gross - net.
4. **Totals** are sums of the bands: net + tax = gross exactly.

Negative quantities (credit notes) use the same arithmetic, so crediting a whole invoice gives
exactly its amounts with the sign flipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from shopdesk.money import (
    ZERO,
    MoneyError,
    allocate,
    line_total,
    net_from_gross,
    round_money,
    tax_on,
)

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class LineInput:
    """What a line says: quantity, unit price (in the entry basis), discount, tax rate."""

    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal
    discount_percent: Decimal = ZERO
    tax_code: str = ""


@dataclass(frozen=True)
class LineAmount:
    """A line's amount before and after the document discount (entry basis)."""

    amount: Decimal
    discounted: Decimal


@dataclass(frozen=True)
class TaxBand:
    """Net, tax and gross of all lines at one tax rate."""

    rate: Decimal
    tax_code: str
    net: Decimal
    tax: Decimal
    gross: Decimal


@dataclass(frozen=True)
class Totals:
    """Everything a document prints at its foot."""

    lines: tuple[LineAmount, ...]
    subtotal: Decimal  # sum of line amounts, entry basis, before the document discount
    discount: Decimal  # the document discount (entry basis), positive for a reduction
    bands: tuple[TaxBand, ...]
    net: Decimal
    tax: Decimal
    gross: Decimal


def compute(lines: Sequence[LineInput], *, prices_include_tax: bool = False,
            discount_percent: Decimal = ZERO) -> Totals:
    """Apply the rule above to ``lines``."""
    if not ZERO <= discount_percent <= HUNDRED:
        raise MoneyError(f"Discount {discount_percent}% must be between 0 and 100")
    amounts = [line_total(li.quantity, li.unit_price, li.discount_percent) for li in lines]
    subtotal = round_money(sum(amounts, ZERO))
    discount = round_money(subtotal * discount_percent / HUNDRED)
    discounted = list(amounts)
    if discount:
        # Spread over the lines that carry the subtotal's sign (a credit note's negative
        # lines; an invoice's positive ones), each cut carrying the discount's sign.
        sign = 1 if subtotal > 0 else -1
        weights = [abs(a) if a * sign > 0 else ZERO for a in amounts]
        for i, share in enumerate(allocate(abs(discount), weights)):
            discounted[i] = amounts[i] - sign * share
    bands: dict[Decimal, list] = {}
    for li, amount in zip(lines, discounted, strict=True):
        band = bands.setdefault(li.tax_rate, [li.tax_code, ZERO])
        band[1] += amount
    result = []
    for rate in sorted(bands, reverse=True):
        code, base = bands[rate]
        base = round_money(base)
        if prices_include_tax:
            net = net_from_gross(base, rate)
            tax, gross = base - net, base
        else:
            net, tax = base, tax_on(base, rate)
            gross = net + tax
        result.append(TaxBand(rate, code, net, tax, gross))
    net = round_money(sum((b.net for b in result), ZERO))
    tax = round_money(sum((b.tax for b in result), ZERO))
    return Totals(tuple(LineAmount(a, d) for a, d in zip(amounts, discounted, strict=True)),
                  subtotal, discount, tuple(result), net, tax, net + tax)
