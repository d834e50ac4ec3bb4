"""The stock-take count sheet as a spreadsheet (xlsx) or CSV, to count on a tablet or paper."""

from __future__ import annotations

from pathlib import Path

from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.services import stocktake
from shopdesk.services.listing import Kind

FIELDS = [Field("Bin", width=10), Field("SKU", width=16), Field("Part", width=34),
          Field("Unit", width=8), Field("Counted", Kind.QUANTITY)]
HEADERS = [f.title for f in FIELDS]


def export(stocktake_id: int, path: str | Path) -> Path:
    """Write the sheet (blind: no expected quantities) as ``.xlsx`` or ``.csv`` by file name."""
    with Workbook(path) as book:
        sheet = book.sheet(stocktake.get_stocktake(stocktake_id).number, FIELDS)
        for _pid, sku, name, bin_, unit, _expected, counted in stocktake.sheet(stocktake_id):
            sheet.write([bin_, sku, name, unit, counted])
    return Path(path)
