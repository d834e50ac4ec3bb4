"""The rejected rows of an import as a workbook: the file's own columns, plus an "Import
errors" column saying what is wrong. Fix the cells and import the file again as it is (the
errors column is ignored: it maps to nothing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from shopdesk.io.importing.engine import ImportReport

ERRORS_HEADER = "Import errors"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(sheet: object, value: object) -> object:
    """Values as Excel types; text that would run as a formula stays text (same value)."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    if isinstance(value, dt.datetime | dt.date | int | bool) or value is None:
        return value
    return str(value)


def write_error_workbook(report: ImportReport, path: str | Path) -> int:
    """Write the rejected rows to ``path`` (.xlsx); returns how many rows were written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Rejected rows")
    headers = [h for h in report.headers if h != ERRORS_HEADER]
    bold = Font(bold=True)
    header_cells = []
    for text in [*headers, ERRORS_HEADER]:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.freeze_panes = "A2"
    sheet.append(header_cells)
    for row in report.rejected_rows:
        values = [_cell(sheet, row.values.get(h)) for h in headers]
        values.append(f"Row {row.number}: {report.rejected_messages.get(row.number, '')}")
        sheet.append(values)
    workbook.save(str(path))
    return len(report.rejected_rows)
