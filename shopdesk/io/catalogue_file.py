"""Read a supplier's price file (.xlsx or .csv) into rows for the catalogue import.

The header row is found by :mod:`shopdesk.io.sheet_reader` (below titles, too); columns are
mapped to catalogue fields by :func:`shopdesk.services.pricing.catalogue.resolve_mapping` (unknown
columns refused unless the user maps them). Numbers written the way people write them
("1,234.50", "12,5", "$ 9.99") are read exactly; a cell that is not a number is passed on as
text so the import names its row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.io import cell_values
from shopdesk.io.sheet_reader import CellRow, SheetError, exact, exact_row, open_sheet
from shopdesk.services.pricing import bulk, catalogue

_NUMERIC = ("cost", "pack_size")


@dataclass
class PriceFile:
    """A price file read: its columns, how they map to fields, and the rows by field
    (checked as they were read: :class:`shopdesk.services.pricing.catalogue.CheckedRows`)."""

    path: Path
    headers: list[str]
    mapping: dict[str, str]
    rows: catalogue.CheckedRows


def read_headers(path: str | Path) -> list[str]:
    """The column headers of a price file (to let the user map unknown ones)."""
    sheet = open_sheet(path, known_headers=catalogue.KNOWN_HEADERS)
    rows = sheet.rows()
    next(rows, None)  # started and closed: a CSV reader lets go of its file
    close = getattr(rows, "close", None)
    if close is not None:
        close()
    return sheet.headers


def read_price_file(path: str | Path, chosen: Mapping[str, str] | None = None) -> PriceFile:
    """Read every row of a price file; ``chosen`` maps headers the import does not know
    (header -> field or "ignore"). Raises SheetError / ValidationError with one clear line.

    One pass: each row is checked as it is read, and the good rows sorted by part number
    (:func:`catalogue.check_cells`); the rows by field (field -> value) are made only when
    someone asks for them, by reading the file again."""
    sheet = open_sheet(path, known_headers=catalogue.KNOWN_HEADERS)
    mapping = catalogue.resolve_mapping(sheet.headers, chosen)
    # a cell by its header's position (the last, like a dict)
    position = {header: i for i, header in enumerate(sheet.headers)}
    columns = [(position[header], target, target in _NUMERIC)
               for header, target in mapping.items() if header in position]
    missing = [target for header, target in mapping.items() if header not in position]

    def by_field(row: CellRow) -> dict[str, object] | None:
        """A row's mapped cells converted as Sheet.rows() does (None: an empty row)."""
        _number, cells, notes = row
        width = len(cells)
        values: dict[str, object] = dict.fromkeys(missing)
        filled = False
        for index, target, numeric in columns:
            value = cells[index] if index < width else None
            if type(value) is str:  # (CSV cells are text: Sheet.rows() strips them)
                value = value.strip() or None
            elif value is not None:
                value = exact(value)
            if value is None:
                pass
            elif numeric:
                if type(value) is str and catalogue.PLAIN_NUMBER.fullmatch(value):
                    value = Decimal(value)  # "12.50": what cell_values.decimal makes of it
                else:
                    try:
                        value = cell_values.decimal(value)
                    except cell_values.CellError:
                        value = cell_values.text(value)
            elif type(value) is not str:
                value = cell_values.text(value)
            filled = filled or value is not None
            values[target] = value
        if not (filled or notes) and exact_row(cells).count(None) == width:
            return None  # an empty row (Sheet.rows() skips it)
        return values

    def rows_by_field() -> list[tuple[int, dict[str, object]]]:
        """The rows by field, from the file read again (ShopDesk's import takes the checked
        rows and never asks: keeping every row's cells for it cost time and memory)."""
        again = open_sheet(path, known_headers=catalogue.KNOWN_HEADERS)
        if again.headers != sheet.headers:
            again.close()
            raise SheetError(QT_TRANSLATE_NOOP(
                "Errors", "{file} changed since it was read: read it again"),
                file=Path(path).name)
        made = []
        for row in again.cell_rows():
            values = by_field(row)
            if values is not None:
                made.append((row[0], values))
        return made

    good: dict[str, catalogue.PriceRow] = {}
    errors: list[catalogue.RowError] = []
    with bulk.gc_paused():
        checked = catalogue.check_cells(
            sheet.cell_rows(), {target: index for index, target, _numeric in columns},
            by_field, good=good, errors=errors)
    return PriceFile(Path(path), sheet.headers, mapping,
                     catalogue.CheckedRows(checked, rows_by_field, good, errors))
