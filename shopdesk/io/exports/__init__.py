"""Exports: what a list shows, the shop's records, every table; the shared spreadsheet writer
is :mod:`shopdesk.io.xlsx_writer`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from shopdesk.i18n import translate

if TYPE_CHECKING:
    from shopdesk.io.xlsx_writer import Field

#: ``progress(done, total, message)``; may raise to cancel (the GUI's Cancel button does).
ProgressFn = Callable[[int, int, str], None]


def shop_currency() -> str:
    """The shop's currency code (money cells are formatted in it)."""
    from shopdesk.services.shop.settings import get_settings

    return get_settings().currency or "USD"


def shop_locale() -> str:
    """The locale money and dates are shown in (the documents' language while exporting)."""
    from shopdesk import formatting

    return formatting.locale()


def translated(fields: Sequence[Field], context: str = "Exports") -> list[Field]:
    """``fields`` with their headings in the language in use (the documents' while an export
    runs); the headings are marked ``QT_TRANSLATE_NOOP(context, ...)`` where defined."""
    return [replace(f, title=translate(context, f.title)) for f in fields]


def no_progress(done: int, total: int, message: str = "") -> None:
    """A progress callback that reports nowhere."""
