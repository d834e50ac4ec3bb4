"""What a person typed, read as money or a quantity: the exact Decimal, or a ValidationError
that says what is wrong (every area reads amounts the same way)."""

from __future__ import annotations

from decimal import Decimal

from shopdesk.errors import ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.money import MoneyError, to_money, to_quantity


def parse_quantity(value: object, what: str = "Quantity") -> Decimal:
    """A typed quantity as an exact Decimal, or a ValidationError saying what is wrong."""
    try:
        return to_quantity(value)  # type: ignore[arg-type]
    except MoneyError:
        if what == "Quantity":  # (the usual case, in the screen's language)
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Quantity {value} is not a number "
                                                              "(up to 3 decimals)"),
                                  {"quantity": QT_TRANSLATE_NOOP("Errors", "Not a number")},
                                  value=repr(value)) from None
        raise ValidationError(f"{what} {value!r} is not a number (up to 3 decimals)",
                              {"quantity": "Not a number"}) from None


def parse_money(value: object, what: str = "Amount") -> Decimal:
    """A typed amount as money, or a ValidationError saying what is wrong."""
    try:
        return to_money(value)  # type: ignore[arg-type]
    except MoneyError:
        raise ValidationError(f"{what} {value!r} is not an amount of money",
                              {what.lower(): "Not an amount"}) from None
