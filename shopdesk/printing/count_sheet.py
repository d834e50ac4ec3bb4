"""The stock-take count sheet: parts by bin with a blank to write the count in."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from shopdesk import formatting
from shopdesk.i18n import in_document_language, translate
from shopdesk.printing.document import Column, DocumentData, Letterhead, render
from shopdesk.services.access import Actor
from shopdesk.services.shop import settings
from shopdesk.services.stock import stocktake


@in_document_language
def render_count_sheet(actor: Actor, stocktake_id: int,
                       target: str | Path | BinaryIO | None = None, *,
                       show_expected: bool = False) -> bytes:
    """Print a count sheet (blind by default: counters do not see what the ledger expects)."""
    take = stocktake.get_stocktake(actor, stocktake_id)
    shop = settings.get_settings()
    rows = []
    for _pid, sku, name, bin_, unit, expected, counted in stocktake.sheet(actor, take.id):
        rows.append([bin_, sku, name, unit,
                     formatting.quantity(expected) if show_expected else "",
                     "" if counted is None else formatting.quantity(counted)])
    data = DocumentData(
        title=translate("Printing", "COUNT SHEET"), number=take.number,
        letterhead=Letterhead(shop.name, shop.address, shop.phone),
        facts=[(translate("Printing", "Started"), formatting.datetime(take.started_at)),
               (translate("Printing", "Bins"), take.location or translate("Printing", "all")),
               (translate("Printing", "Category"),
                take.category or translate("Printing", "all"))],
        columns=[Column(translate("Printing", "Bin"), 0.12), Column("SKU", 0.16),
                 Column(translate("Printing", "Part"), 0.38),
                 Column(translate("Printing", "Unit"), 0.08),
                 Column(translate("Printing", "Expected"), 0.12, "RIGHT"),
                 Column(translate("Printing", "Counted"), 0.14, "RIGHT")],
        rows=rows, footer=translate("Printing", "Counted by: ____________________   "
                                                "Date: ____________"))
    return render(data, target)
