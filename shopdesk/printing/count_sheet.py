"""The stock-take count sheet: parts by bin with a blank to write the count in."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from shopdesk import formatting
from shopdesk.printing.document import Column, DocumentData, Letterhead, render
from shopdesk.services import settings, stocktake


def render_count_sheet(stocktake_id: int, target: str | Path | BinaryIO | None = None, *,
                       show_expected: bool = False) -> bytes:
    """Print a count sheet (blind by default: counters do not see what the ledger expects)."""
    take = stocktake.get_stocktake(stocktake_id)
    shop = settings.get_settings()
    rows = []
    for _pid, sku, name, bin_, unit, expected, counted in stocktake.sheet(take.id):
        rows.append([bin_, sku, name, unit,
                     formatting.quantity(expected) if show_expected else "",
                     "" if counted is None else formatting.quantity(counted)])
    data = DocumentData(
        title="COUNT SHEET", number=take.number,
        letterhead=Letterhead(shop.name, shop.address, shop.phone),
        facts=[("Started", formatting.datetime(take.started_at)),
               ("Bins", take.location or "all"), ("Category", take.category or "all")],
        columns=[Column("Bin", 0.12), Column("SKU", 0.16), Column("Part", 0.38),
                 Column("Unit", 0.08), Column("Expected", 0.12, "RIGHT"),
                 Column("Counted", 0.14, "RIGHT")],
        rows=rows, footer="Counted by: ____________________   Date: ____________")
    return render(data, target)
