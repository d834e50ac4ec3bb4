"""The rejected rows of an import as a workbook: the file's own columns, plus an "Import
errors" column saying what is wrong. Fix the cells and import the file again as it is (the
errors column is ignored: it maps to nothing).

Written with the project's one spreadsheet writer (``io/xlsx_writer.py``), so the cells get
its formula guard: a rejected cell holding ``=HYPERLINK(…)`` comes back as that text, never
as a formula. Each column keeps the type its cells had in the file (numbers, dates, yes/no)
when they all have the same one; a column of mixed cells is written as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from shopdesk.io.importing.rows import ImportReport
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.services.listing import Kind

ERRORS_HEADER = "Import errors"


def _kind_of(value: Any) -> Kind:
    if isinstance(value, bool):
        return Kind.FLAG
    if isinstance(value, int | float | Decimal):
        return Kind.NUMBER
    if isinstance(value, dt.datetime):
        return Kind.DATETIME
    if isinstance(value, dt.date):
        return Kind.DATE
    return Kind.TEXT


def _column_kind(values: Sequence[Any]) -> Kind:
    """The one kind of a column's cells (empty ones aside), else text."""
    kinds = {_kind_of(v) for v in values if v is not None and v != ""}
    return kinds.pop() if len(kinds) == 1 else Kind.TEXT


def _cell(kind: Kind, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind is Kind.NUMBER and isinstance(value, Decimal) and value == value.to_integral():
        return int(value)
    if kind is Kind.TEXT and not isinstance(value, str):
        if isinstance(value, Decimal):
            return f"{value:f}"
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)
    return value


def write_error_workbook(report: ImportReport, path: str | Path) -> int:
    """Write the rejected rows to ``path`` (.xlsx, or .csv); returns how many rows were
    written."""
    headers = [h for h in report.headers if h != ERRORS_HEADER]
    rows = [[row.values.get(h) for h in headers] for row in report.rejected_rows]
    kinds = [_column_kind([cells[at] for cells in rows]) for at in range(len(headers))]
    fields = [Field(header, kind, width=min(max(len(header) + 3, 12), 40))
              for header, kind in zip(headers, kinds, strict=True)]
    fields.append(Field(ERRORS_HEADER, Kind.TEXT, width=60))
    with Workbook(path) as book:
        sheet = book.sheet("Rejected rows", fields)
        for row, cells in zip(report.rejected_rows, rows, strict=True):
            sheet.write([*(_cell(kind, value) for kind, value in zip(kinds, cells, strict=True)),
                         f"Row {row.number}: {report.rejected_messages.get(row.number, '')}"])
    return len(report.rejected_rows)
