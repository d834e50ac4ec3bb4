"""Read a supplier's price file (.xlsx or .csv) into rows for the catalogue import.

The header row is found by :mod:`shopdesk.io.sheet_reader` (below titles, too); columns are
mapped to catalogue fields by :func:`shopdesk.services.pricing.catalogue.resolve_mapping` (unknown
columns refused unless the user maps them). Numbers written the way people write them
("1,234.50", "12,5", "$ 9.99") are read exactly; a cell that is not a number is passed on as
text so the import names its row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from shopdesk.io import cell_values
from shopdesk.io.sheet_reader import exact, exact_row, open_sheet
from shopdesk.services.pricing import bulk, catalogue

_NUMERIC = ("cost", "pack_size")
_PLAIN = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")  # a number as a program writes it


@dataclass
class PriceFile:
    """A price file read: its columns, how they map to fields, and the rows by field."""

    path: Path
    headers: list[str]
    mapping: dict[str, str]
    rows: list[tuple[int, dict[str, object]]]


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
    (header -> field or "ignore"). Raises SheetError / ValidationError with one clear line."""
    sheet = open_sheet(path, known_headers=catalogue.KNOWN_HEADERS)
    mapping = catalogue.resolve_mapping(sheet.headers, chosen)
    # the loose cells of each row (the sheet's bulk path), converted as Sheet.rows() does,
    # then only the mapped columns: a cell by its header's position (the last, like a dict)
    position = {header: i for i, header in enumerate(sheet.headers)}
    columns = [(position[header], target, target in _NUMERIC)
               for header, target in mapping.items() if header in position]
    missing = [target for header, target in mapping.items() if header not in position]
    rows: list[tuple[int, dict[str, object]]] = []
    with bulk.gc_paused():
        for number, cells, notes in sheet.cell_rows():
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
                    if type(value) is str and _PLAIN.fullmatch(value):
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
                continue  # an empty row (Sheet.rows() skips it)
            rows.append((number, values))
    return PriceFile(Path(path), sheet.headers, mapping, rows)
