"""Reorder suggestions as a spreadsheet (to send to a supplier or check on paper)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from shopdesk.i18n import QT_TRANSLATE_NOOP, in_document_language, translate
from shopdesk.io.exports import shop_currency, shop_locale, translated
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.services.listing import Kind
from shopdesk.services.stock.purchasing import Suggestion

FIELDS = [Field(QT_TRANSLATE_NOOP("Exports", "SKU"), width=16),
          Field(QT_TRANSLATE_NOOP("Exports", "Part"), width=32),
          Field(QT_TRANSLATE_NOOP("Exports", "Supplier"), width=20),
          Field(QT_TRANSLATE_NOOP("Exports", "On hand"), Kind.QUANTITY),
          Field(QT_TRANSLATE_NOOP("Exports", "On order"), Kind.QUANTITY),
          Field(QT_TRANSLATE_NOOP("Exports", "Reorder at"), Kind.QUANTITY),
          Field(QT_TRANSLATE_NOOP("Exports", "Sold lately"), Kind.QUANTITY),
          Field(QT_TRANSLATE_NOOP("Exports", "Lost sales"), Kind.QUANTITY),
          Field(QT_TRANSLATE_NOOP("Exports", "Order"), Kind.QUANTITY),
          Field(QT_TRANSLATE_NOOP("Exports", "Why"), width=40)]


@in_document_language
def export_suggestions(suggestions: Sequence[Suggestion], path: str | Path) -> int:
    """Write the suggestions as shown on the Purchasing screen; returns the rows."""
    with Workbook(path, currency=shop_currency(), locale=shop_locale()) as book:
        sheet = book.sheet(translate("Exports", "Reorder suggestions"), translated(FIELDS))
        for s in suggestions:
            sheet.write([s.sku, s.name, s.supplier, s.on_hand, s.on_order, s.reorder_point,
                         s.sold, s.lost, s.suggested, s.basis])
    return len(suggestions)
