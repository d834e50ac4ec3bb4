"""The stock-take count sheet as a spreadsheet (xlsx) or CSV, to count on a tablet or paper."""

from __future__ import annotations

import csv
from pathlib import Path

from shopdesk.services import stocktake

HEADERS = ["Bin", "SKU", "Part", "Unit", "Counted"]


def _safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def export(stocktake_id: int, path: str | Path) -> Path:
    """Write the sheet (blind: no expected quantities) as ``.xlsx`` or ``.csv`` by file name."""
    path = Path(path)
    rows = [[_safe(bin_), _safe(sku), _safe(name), unit,
             None if counted is None else counted]
            for _pid, sku, name, bin_, unit, _expected, counted in stocktake.sheet(stocktake_id)]
    if path.suffix.lower() == ".csv":
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS)
            writer.writerows([["" if v is None else f"{v:f}" if not isinstance(v, str) else v
                               for v in row] for row in rows])
        return path
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(stocktake.get_stocktake(stocktake_id).number)
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path
