"""The receivables aging list (who owes what, by how late) as a spreadsheet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from shopdesk.i18n import QT_TRANSLATE_NOOP, in_document_language, translate
from shopdesk.io.exports import shop_currency, shop_locale
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.services.listing import Kind
from shopdesk.services.sales.receivables import BUCKETS, AgingRow, aging_totals

BUCKET_TITLES = {"current": QT_TRANSLATE_NOOP("Exports", "Current"),
                 "1-30": QT_TRANSLATE_NOOP("Exports", "1–30 days"),
                 "31-60": QT_TRANSLATE_NOOP("Exports", "31–60 days"),
                 "61-90": QT_TRANSLATE_NOOP("Exports", "61–90 days"),
                 "90+": QT_TRANSLATE_NOOP("Exports", "Over 90 days")}


@in_document_language
def export_aging(rows: Sequence[AgingRow], path: str | Path) -> int:
    """Write the aging rows and a total row to ``path`` (xlsx or csv); returns the rows."""
    fields = [Field(translate("Exports", "Customer"), width=30),
              *(Field(translate("Exports", BUCKET_TITLES[b]), Kind.MONEY) for b in BUCKETS),
              Field(translate("Exports", "Total"), Kind.MONEY)]
    totals = aging_totals(list(rows))
    with Workbook(path, currency=shop_currency(), locale=shop_locale()) as book:
        sheet = book.sheet(translate("Exports", "Receivables"), fields)
        for row in rows:
            sheet.write([row.customer_name, *(row.buckets[b] for b in BUCKETS), row.total])
        sheet.write([translate("Exports", "Total"), *(totals[b] for b in BUCKETS),
                     sum(totals.values())])
    return len(rows)
