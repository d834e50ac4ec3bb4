"""Turn spreadsheet cells into exact values: numbers written the way people write them
("1,234.50", "1.234,50", "12,5", "$ 9.99", "1 200"), dates as dates or as text in the usual
formats, and text. Each parser raises :class:`CellError` with a short reason for the row's
error message."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from shopdesk.io.sheet_reader import Value


class CellError(ValueError):
    """A cell that cannot be read as the type its column needs; the message says why."""


_CURRENCY = re.compile(r"^(?:[A-Z]{3}|[$€£¥₹]|R\$|Fr\.?)\s*|\s*(?:[A-Z]{3}|[$€£¥₹]|kr)$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")
#: Excel's day 0 (serial numbers count from here; 1900 leap-year bug included).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def text(value: Value) -> str:
    """A cell as text ("" when empty); whole numbers without ".0" (phone numbers, codes)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value).strip()


#: A number cell at or beyond this is refused ("larger than ShopDesk accepts"): far above any
#: price, quantity, year or odometer reading, and well inside what the database stores.
TOO_LARGE = Decimal("1e15")
_SCIENTIFIC = re.compile(r"[0-9]+(?:\.[0-9]*)?[eE][+-]?[0-9]{1,4}")


def too_large(number: Decimal, raw: Value) -> CellError:
    """The refusal of a number too large for ShopDesk, in the language in use."""
    from shopdesk.i18n import translate

    shown = format(number, ".6g") if abs(number) >= TOO_LARGE else text(raw)
    return CellError(translate("Errors", "{value} is larger than ShopDesk accepts").format(
        value=shown))


def checked(number: Decimal, raw: Value) -> Decimal:
    """``number`` unless it is beyond :data:`TOO_LARGE` either way."""
    if not number.is_finite() or abs(number) >= TOO_LARGE:
        raise too_large(number, raw)
    return number


def decimal(value: Value) -> Decimal | None:
    """A number cell or text like "1,234.50" / "1.234,50" / "12,5" as Decimal; None if empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError("yes/no, not a number")
    if isinstance(value, int | Decimal):
        return checked(Decimal(value), value)
    if isinstance(value, dt.date):
        raise CellError("a date, not a number")
    raw = str(value).strip()
    body = _CURRENCY.sub("", raw).strip()
    negative = body.startswith("(") and body.endswith(")")
    body = _SPACES.sub("", body.strip("()"))
    if body.startswith("-"):
        negative, body = not negative, body[1:]
    elif body.startswith("+"):
        body = body[1:]
    if _SCIENTIFIC.fullmatch(body):  # 1E+16, as a spreadsheet shows a large number
        number = checked(Decimal(body), raw)
        return -number if negative else number
    if not re.fullmatch(r"[0-9.,]+", body or "x"):
        raise CellError(f"{raw!r} is not a number")
    dots, commas = body.count("."), body.count(",")
    if dots and commas:  # the last one is the decimal mark: 1,234.50 or 1.234,50
        decimal_mark = "." if body.rfind(".") > body.rfind(",") else ","
        thousands = "," if decimal_mark == "." else "."
        if body.count(decimal_mark) > 1:
            raise CellError(f"{raw!r} is not a number")
        body = body.replace(thousands, "").replace(decimal_mark, ".")
    elif commas:
        # 12,5 and 0,75 are decimals; 1,234 and 12,345,678 are thousands
        if commas == 1 and not re.fullmatch(r"\d{1,3},\d{3}", body):
            body = body.replace(",", ".")
        elif re.fullmatch(r"\d{1,3}(,\d{3})+", body):
            body = body.replace(",", "")
        else:
            raise CellError(f"{raw!r} is not a number")
    elif dots > 1:
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", body):
            raise CellError(f"{raw!r} is not a number")
        body = body.replace(".", "")  # 1.234.567
    try:
        number = checked(Decimal(body), raw)
    except InvalidOperation:
        raise CellError(f"{raw!r} is not a number") from None
    return -number if negative else number


def whole(value: Value) -> int | None:
    """A whole number (a year, an odometer reading), or None when empty."""
    number = decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(f"{text(value)} is not a whole number")
    return int(number)


_MONTHS = {name: i + 1 for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december"))) for name in names}


def _year(text_year: str) -> int:
    year = int(text_year)
    if len(text_year) == 2:
        year += 2000 if year < 70 else 1900
    return year


def date(value: Value, *, day_first: bool = True) -> dt.date | None:
    """A date cell, an Excel serial number, or text: 2024-03-15, 15/03/2024, 15.03.24,
    03/15/2024 (month first when the day is over 12, or the shop writes month first),
    15 Mar 2024, March 15, 2024, 15-Mar-24. None when empty."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        if 1 <= value <= 2958465:  # an Excel serial day number
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError(f"{value} is not a date")
    raw = str(value).strip()
    cleaned = raw.split("T")[0].split(" 00:00")[0].strip().rstrip(".")
    try:
        if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", cleaned):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})", cleaned):
            a, b, year = int(m[1]), int(m[2]), _year(m[3])
            if a > 12 or (day_first and b <= 12):
                return dt.date(year, b, a)
            return dt.date(year, a, b)
        if m := re.fullmatch(r"(\d{1,2})[-\s.]*([A-Za-z]+)\.?[-\s,.]*(\d{2}|\d{4})", cleaned):
            month = _MONTHS.get(m[2].lower())
            if month:
                return dt.date(_year(m[3]), month, int(m[1]))
        if m := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", cleaned):
            month = _MONTHS.get(m[1].lower())
            if month:
                return dt.date(int(m[3]), month, int(m[2]))
    except ValueError:
        raise CellError(f"{raw!r} is not a real date") from None
    raise CellError(f"{raw!r} is not a date (write it as 2024-03-15 or 15/03/2024)")


def yes_no(value: Value) -> bool | None:
    """yes/no, true/false, 1/0, x: None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    word = text(value).casefold()
    if word in ("yes", "y", "true", "1", "x", "ja", "oui", "si", "sí"):
        return True
    if word in ("no", "n", "false", "0", "nein", "non"):
        return False
    raise CellError(f"{text(value)!r} is not yes or no")
