"""Money and quantities: exact, never float.

The one rule of the house:

* Money lives in the database as an integer number of **cents** (hundredths of the
  currency unit) and in Python as :class:`decimal.Decimal`.
* Quantities (pieces, litres of oil, hours of labour) live in the database as an integer
  number of **thousandths** and in Python as :class:`~decimal.Decimal` with up to three
  decimal places.
* Rounding is always **half up** (away from zero on a tie: 0.125 -> 0.13, -0.125 -> -0.13),
  applied at defined points only: a line total, the tax of one rate on one document, a split.

Floats are refused at every entry point: ``to_money(0.1)`` raises, because by the time a
float reaches us its value is already wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
MILLI = Decimal("0.001")
ZERO = Decimal("0.00")

#: Largest money amount we accept (fits a signed 64-bit integer of cents with room to sum).
MAX_MONEY = Decimal("999999999999.99")
#: Any input this large is refused outright (far above MAX_MONEY; keeps Decimal in precision).
_TOO_LARGE = Decimal("1e20")


class MoneyError(ValueError):
    """A value that cannot be used as money or quantity; the message says why."""


def _to_decimal(value: object, what: str) -> Decimal:
    if isinstance(value, bool | float):
        raise MoneyError(f"{what} must be exact (Decimal, int or text), not {type(value).__name__}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if not text:
            raise MoneyError(f"{what} is empty")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise MoneyError(f"{what} {value!r} is not a number") from None
    else:
        raise MoneyError(f"{what} must be a number, not {type(value).__name__}")
    if not result.is_finite():
        raise MoneyError(f"{what} {value!r} is not a finite number")
    if result.copy_abs() >= _TOO_LARGE:  # beyond this, quantize() raises decimal.InvalidOperation
        raise MoneyError(f"{what} {value!r} is larger than ShopDesk accepts")
    return result


def round_money(value: Decimal | int | str) -> Decimal:
    """Round to whole cents, half up. The only rounding used for money."""
    amount = _to_decimal(value, "Amount").quantize(CENT, rounding=ROUND_HALF_UP)
    if amount.is_zero():
        amount = ZERO  # never "-0.00" on a document
    if abs(amount) > MAX_MONEY:
        raise MoneyError(f"Amount {amount} is larger than ShopDesk accepts ({MAX_MONEY})")
    return amount


def to_money(value: Decimal | int | str) -> Decimal:
    """Return ``value`` as a money Decimal; refuse more than two decimal places.

    Use this for amounts a person typed (prices, payments); use :func:`round_money` for
    amounts we computed (a line of 3 x 3.333).
    """
    amount = _to_decimal(value, "Amount")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise MoneyError(f"Amount {value} has more than two decimal places")
    return round_money(amount)


def to_cents(value: Decimal | int | str) -> int:
    """Money -> integer cents for storage (rounds half up first)."""
    return int(round_money(value) * 100)


def from_cents(cents: int) -> Decimal:
    """Integer cents from storage -> money Decimal with two places."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise MoneyError(f"Stored cents must be an integer, not {type(cents).__name__}")
    return (Decimal(cents) / 100).quantize(CENT)


def to_quantity(value: Decimal | int | str) -> Decimal:
    """Return a quantity with at most three decimal places (1 piece, 4.5 litres)."""
    qty = _to_decimal(value, "Quantity")
    if qty != qty.quantize(MILLI, rounding=ROUND_HALF_UP):
        raise MoneyError(f"Quantity {value} has more than three decimal places")
    return qty.quantize(MILLI)


def to_milli(value: Decimal | int | str) -> int:
    """Quantity -> integer thousandths for storage."""
    return int(to_quantity(value) * 1000)


def from_milli(milli: int) -> Decimal:
    """Integer thousandths from storage -> quantity Decimal (trailing zeros kept to 3 places)."""
    if isinstance(milli, bool) or not isinstance(milli, int):
        raise MoneyError(f"Stored quantity must be an integer, not {type(milli).__name__}")
    return (Decimal(milli) / 1000).quantize(MILLI)


def line_total(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal = ZERO) -> Decimal:
    """Quantity x unit price less a percentage discount, rounded once to the cent."""
    discount_percent = _to_decimal(discount_percent, "Discount")
    if not Decimal(0) <= discount_percent <= Decimal(100):
        raise MoneyError(f"Discount {discount_percent}% must be between 0 and 100")
    gross = _to_decimal(quantity, "Quantity") * _to_decimal(unit_price, "Unit price")
    return round_money(gross * (Decimal(100) - discount_percent) / Decimal(100))


def tax_on(net: Decimal, rate_percent: Decimal) -> Decimal:
    """Tax of ``rate_percent`` on a net amount, rounded once to the cent."""
    return round_money(_to_decimal(net, "Net") * _to_decimal(rate_percent, "Rate") / Decimal(100))


def net_from_gross(gross: Decimal, rate_percent: Decimal) -> Decimal:
    """The net part of a tax-inclusive amount, rounded to the cent (tax = gross - net)."""
    rate = _to_decimal(rate_percent, "Rate")
    return round_money(_to_decimal(gross, "Gross") * Decimal(100) / (Decimal(100) + rate))


def allocate(total: Decimal, weights: Sequence[Decimal | int]) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` so the parts sum exactly to ``total``.

    Cents left over after rounding down go to the largest remainders first (ties to the
    earliest part): 100.00 in three equal parts is 33.34 + 33.33 + 33.33.
    """
    total = round_money(total)
    ws = [_to_decimal(w, "Weight") for w in weights]
    if not ws:
        raise MoneyError("Nothing to split between")
    if any(w < 0 for w in ws):
        raise MoneyError("Split weights cannot be negative")
    weight_sum = sum(ws, Decimal(0))
    if weight_sum == 0:
        raise MoneyError("Split weights add up to zero")
    sign = -1 if total < 0 else 1
    cents = abs(int(total * 100))
    exact = [Decimal(cents) * w / weight_sum for w in ws]
    floors = [int(x) for x in exact]
    leftover = cents - sum(floors)
    order = sorted(range(len(ws)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:leftover]:
        floors[i] += 1
    return [from_cents(sign * c) for c in floors]


def sum_money(amounts: Iterable[Decimal]) -> Decimal:
    """Exact sum of money amounts (no float, no drift)."""
    return round_money(sum(amounts, ZERO))
