"""The rejected rows of an import as a workbook: the file's own columns, plus an "Import
errors" column saying what is wrong. Fix the cells and import the file again as it is (the
errors column is ignored: it maps to nothing).

Written with the project's one spreadsheet writer (``io/xlsx_writer.py``), so the cells get
its formula guard: a rejected cell holding ``=HYPERLINK(…)`` comes back as that text, never
as a formula. Cells keep the type they had in the file: numbers stay numbers, and dates,
times and yes/no too when a column has only those (else they are written as text).
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
    """How to write a column: as its cells' one kind (dates, yes/no...); a column with
    numbers among other cells as numbers (the writer puts the others as text); else text."""
    kinds = {_kind_of(v) for v in values if v is not None and v != ""}
    if len(kinds) == 1:
        return kinds.pop()
    return Kind.NUMBER if Kind.NUMBER in kinds else Kind.TEXT


def _cell(kind: Kind, value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal) and kind is Kind.NUMBER:
        return int(value) if value == value.to_integral() else value
    if kind in (Kind.TEXT, Kind.NUMBER) and not isinstance(value, str | int | float | Decimal):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if kind is Kind.TEXT and not isinstance(value, str):
        return f"{value:f}" if isinstance(value, Decimal) else str(value)
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
