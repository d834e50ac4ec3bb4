"""Export what a list shows — its filter, its sort, its visible columns — to xlsx or CSV.

The list is the same :class:`~shopdesk.services.listing.QueryList` the screen shows, read in
batches in the screen's order, so the file holds exactly the rows of the screen (all of
them, not only the ones scrolled to), typed as Excel types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from shopdesk.i18n import translate
from shopdesk.io.exports import ProgressFn, no_progress, shop_currency, shop_locale
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.money import from_cents, from_milli
from shopdesk.services.listing import Column, Kind, QueryList

BATCH = 2000
#: Rows between progress reports (each report is also where Cancel takes effect).
PROGRESS_EVERY = 1000


def typed(kind: Kind, value: Any) -> Any:
    """A list cell's raw value (cents, thousandths, ISO text from SQL) as the value shown."""
    if value is None:
        return None
    if kind is Kind.MONEY and not isinstance(value, Decimal):
        return from_cents(int(value))
    if kind is Kind.QUANTITY and not isinstance(value, Decimal):
        return from_milli(int(value))
    if kind is Kind.DATE and not isinstance(value, dt.date):
        return dt.date.fromisoformat(str(value)[:10])
    if kind is Kind.DATETIME:  # stored UTC, shown (and exported) in this PC's local time
        stamp = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(
            str(value))
        return stamp.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    return value


def shown_columns(source: QueryList, keys: Sequence[str] | None = None) -> list[Column]:
    """The columns to export: ``keys`` in that order (the view's visible columns), else every
    column with a heading."""
    if keys is None:
        return [c for c in source.columns if c.title]
    return [source.column(k) for k in keys]


def export_list(source: QueryList, path: str | Path, *, title: str = "List",
                keys: Sequence[str] | None = None, titles: Mapping[str, str] | None = None,
                progress: ProgressFn = no_progress) -> int:
    """Write the list's rows (current filter and sort) to ``path``; returns the row count.

    ``titles``: column headings as the screen shows them (translated), by column key.
    """
    titles = titles or {}
    columns = shown_columns(source, keys)
    index = {c.key: i for i, c in enumerate(source.columns)}
    picks = [(index[c.key], c.kind, c.labels) for c in columns]
    total = source.count()
    progress(0, total, "")
    written = 0
    with Workbook(path, currency=shop_currency(), locale=shop_locale()) as book:
        sheet = book.sheet(title, [Field(titles.get(c.key, translate("Columns", c.title)), c.kind,
                                         c.width + 2 if c.width else 0)
                                   for c in columns])
        for row in source.iter_rows(BATCH):
            sheet.write([translate("Labels", row[i]) if labels and isinstance(row[i], str)
                         else typed(kind, row[i]) for i, kind, labels in picks])
            written += 1
            if written % PROGRESS_EVERY == 0:
                progress(written, total, f"{written:,} of {total:,} rows")
    progress(written, total, "")
    return written
