"""Reorder suggestions as a spreadsheet (to send to a supplier or check on paper)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from shopdesk.io.exports import shop_currency, shop_locale
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.services.listing import Kind
from shopdesk.services.purchasing import Suggestion

FIELDS = [Field("SKU", width=16), Field("Part", width=32), Field("Supplier", width=20),
          Field("On hand", Kind.QUANTITY), Field("On order", Kind.QUANTITY),
          Field("Reorder at", Kind.QUANTITY), Field("Sold lately", Kind.QUANTITY),
          Field("Lost sales", Kind.QUANTITY), Field("Order", Kind.QUANTITY),
          Field("Why", width=40)]


def export_suggestions(suggestions: Sequence[Suggestion], path: str | Path) -> int:
    """Write the suggestions as shown on the Purchasing screen; returns the rows."""
    with Workbook(path, currency=shop_currency(), locale=shop_locale()) as book:
        sheet = book.sheet("Reorder suggestions", FIELDS)
        for s in suggestions:
            sheet.write([s.sku, s.name, s.supplier, s.on_hand, s.on_order, s.reorder_point,
                         s.sold, s.lost, s.suggested, s.basis])
    return len(suggestions)
