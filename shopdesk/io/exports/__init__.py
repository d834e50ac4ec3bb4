"""Exports: what a list shows, the shop's records, every table; the shared spreadsheet writer
is :mod:`shopdesk.io.xlsx_writer`."""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(done, total, message)``; may raise to cancel (the GUI's Cancel button does).
ProgressFn = Callable[[int, int, str], None]


def shop_currency() -> str:
    """The shop's currency code (money cells are formatted in it)."""
    from shopdesk.services.settings import get_settings

    return get_settings().currency or "USD"


def shop_locale() -> str:
    """The locale money and dates are shown in (set by the app's language)."""
    from shopdesk import formatting

    return formatting._state.get("locale", "en_US")


def no_progress(done: int, total: int, message: str = "") -> None:
    """A progress callback that reports nowhere."""
