"""Show numbers, money and dates the way the shop's locale writes them (via Babel)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import threading
from collections.abc import Iterator
from decimal import Decimal

from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_currency, format_decimal

_state = {"locale": "en_US", "currency": "USD"}
_thread = threading.local()  # a per-thread locale while a document is printed in another


def configure(locale: str | None = None, currency: str | None = None) -> None:
    """Set the locale (e.g. ``en_US``, ``zh_CN``) and the shop's currency for all formatting."""
    if locale:
        _state["locale"] = locale
    if currency:
        _state["currency"] = currency


def locale() -> str:
    """The locale in use on this thread (the screen's, or a printed document's)."""
    return getattr(_thread, "locale", None) or _state["locale"]


@contextlib.contextmanager
def using_locale(name: str) -> Iterator[None]:
    """Format in ``name`` on this thread only, for the duration (another thread, e.g. the
    window's, keeps its own)."""
    previous = getattr(_thread, "locale", None)
    _thread.locale = name
    try:
        yield
    finally:
        _thread.locale = previous


def money(amount: Decimal | None, *, symbol: bool = True) -> str:
    """``Decimal('1234.5')`` -> ``$1,234.50`` (or ``1,234.50`` without the symbol)."""
    if amount is None:
        return ""
    return _money(str(amount), _state["currency"], locale(), symbol)


@functools.lru_cache(maxsize=16384)
def _money(amount: str, currency: str, locale: str, symbol: bool) -> str:
    """Babel's formatting, remembered by exact amount (a page of an invoice or a list shows
    the same prices again and again; Babel takes ~0.1 ms a call)."""
    if symbol:
        return format_currency(Decimal(amount), currency, locale=locale)
    return format_decimal(Decimal(amount), format="#,##0.00;-#,##0.00", locale=locale)


def quantity(value: Decimal | None) -> str:
    """A quantity without needless zeros: 2 -> ``2``, 4.5 -> ``4.5``, 0.125 -> ``0.125``."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.###", locale=locale())


def number(value: int | Decimal | None) -> str:
    """A count with grouping: 12345 -> ``12,345``."""
    return "" if value is None else format_decimal(value, locale=locale())


def date(value: dt.date | None) -> str:
    """A date in the locale's medium form (``Nov 23, 2026``)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, format="medium", locale=locale())


def long_date(value: dt.date) -> str:
    """A date with its weekday (``Monday, November 23, 2026`` / ``2026年11月23日星期一``)."""
    return format_date(value, format="full", locale=locale())


def month(value: dt.date) -> str:
    """A month and its year (``October 2026`` / ``2026年10月``)."""
    return format_skeleton("yMMMM", value, locale=locale())


def day(value: dt.date) -> str:
    """A short day heading with its weekday (``Mon, Nov 23`` / ``11月23日周一``)."""
    return format_skeleton("MMMEd", value, locale=locale())


def datetime(value: dt.datetime | None) -> str:
    """A stored UTC timestamp shown in this PC's local time."""
    if value is None:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone()
    return format_datetime(local, format="short", locale=locale())
