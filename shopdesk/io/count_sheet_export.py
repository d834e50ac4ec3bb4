"""The stock-take count sheet as a spreadsheet (xlsx) or CSV, to count on a tablet or paper.

Headed in the language of the shop's documents; the filled-in sheet imports back as stock
counts in any language (``Counted`` is the stock import's own label, known in every shipped
language)."""

from __future__ import annotations

from pathlib import Path

from shopdesk.i18n import QT_TRANSLATE_NOOP, in_document_language
from shopdesk.io.exports import translated
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.services.access import Actor
from shopdesk.services.listing import Kind
from shopdesk.services.stock import stocktake

FIELDS = [Field(QT_TRANSLATE_NOOP("Exports", "Bin"), width=10), Field("SKU", width=16),
          Field(QT_TRANSLATE_NOOP("Exports", "Part"), width=34),
          Field(QT_TRANSLATE_NOOP("Exports", "Unit"), width=8),
          Field(QT_TRANSLATE_NOOP("Exports", "Counted"), Kind.QUANTITY)]
HEADERS = [f.title for f in FIELDS]


@in_document_language
def export(actor: Actor, stocktake_id: int, path: str | Path) -> Path:
    """Write the sheet (blind: no expected quantities) as ``.xlsx`` or ``.csv`` by file name."""
    with Workbook(path) as book:
        sheet = book.sheet(stocktake.get_stocktake(actor, stocktake_id).number, translated(FIELDS))
        for _pid, sku, name, bin_, unit, _expected, counted in stocktake.sheet(actor, stocktake_id):
            sheet.write([bin_, sku, name, unit, counted])
    return Path(path)
