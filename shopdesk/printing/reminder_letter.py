"""Service reminder letters: one PDF per customer listing their vehicles' due services and
the work recommended earlier."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from shopdesk import formatting
from shopdesk.i18n import QT_TRANSLATE_NOOP, in_document_language, translate
from shopdesk.printing.document import Column, DocumentData, render
from shopdesk.printing.invoice import letterhead
from shopdesk.services.shop.settings import get_settings
from shopdesk.services.workshop.reminders import ReminderRow

COLUMNS = [Column(QT_TRANSLATE_NOOP("Printing", "Vehicle"), 0.3),
           Column(QT_TRANSLATE_NOOP("Printing", "Service"), 0.3),
           Column(QT_TRANSLATE_NOOP("Printing", "Due"), 0.2),
           Column(QT_TRANSLATE_NOOP("Printing", "At about"), 0.2, "RIGHT")]


@in_document_language
def letter_data(rows: list[ReminderRow]) -> DocumentData:
    """The letter for one customer (all ``rows`` are theirs)."""
    first = rows[0]
    shop = get_settings()
    table = [[f"{r.plate}\n{r.vehicle}".strip(), r.package, formatting.date(r.due.due_on)
              + (translate("Printing", " (overdue)") if r.status == "overdue" else ""),
              f"{formatting.number(r.due.due_km)} km" if r.due.due_km else ""] for r in rows]
    recs = sorted({text for r in rows for text in r.recommendations})
    notes = [translate("Printing", "Dear {customer},").format(customer=first.customer),
             translate("Printing", "our records show that the services above are due for your "
                                   "vehicle. Regular maintenance keeps it safe and its value up.")]
    if recs:
        notes.append(translate("Printing", "At your last visit we also recommended: {work}.")
                     .format(work="; ".join(recs)))
    notes.append(translate("Printing", "Call us on {phone} to book a time that suits you.")
                 .format(phone=shop.phone) if shop.phone
                 else translate("Printing", "Call us to book a time that suits you."))
    return DocumentData(translate("Printing", "SERVICE REMINDER"), "", letterhead(),
                        facts=[(translate("Printing", "Date"), formatting.date(dt.date.today()))],
                        parties=[(translate("Printing", "To"), "\n".join(
                            x for x in (first.customer, first.address) if x))],
                        columns=COLUMNS, rows=table, notes="\n".join(notes))


@in_document_language
def render_letters(rows: list[ReminderRow], folder: str | Path) -> list[Path]:
    """Write one letter per customer into ``folder``; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    by_customer: dict[int, list[ReminderRow]] = {}
    for row in rows:
        by_customer.setdefault(row.due.customer_id, []).append(row)
    written = []
    for customer_id, theirs in by_customer.items():
        slug = re.sub(r"[^A-Za-z0-9]+", "-", theirs[0].customer).strip("-")[:40] or "customer"
        path = folder / f"reminder-{customer_id}-{slug}.pdf"
        render(letter_data(theirs), path)
        written.append(path)
    return written
