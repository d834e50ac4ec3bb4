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
from pathlib import Path

from shopdesk.io import cell_values
from shopdesk.io.sheet_reader import open_sheet
from shopdesk.services.pricing import catalogue

_NUMERIC = ("cost", "pack_size")


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
    rows: list[tuple[int, dict[str, object]]] = []
    for row in sheet.rows():
        values: dict[str, object] = {}
        for header, target in mapping.items():
            value = row.values.get(header)
            if target in _NUMERIC and value is not None:
                try:
                    value = cell_values.decimal(value)
                except cell_values.CellError:
                    value = cell_values.text(value)
            elif value is not None:
                value = cell_values.text(value)
            values[target] = value
        rows.append((row.number, values))
    return PriceFile(Path(path), sheet.headers, mapping, rows)
