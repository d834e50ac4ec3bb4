"""The reminder list as a spreadsheet (xlsx) or CSV for an SMS or e-mail tool."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from shopdesk.i18n import QT_TRANSLATE_NOOP, in_document_language, translate
from shopdesk.io.exports import shop_currency, shop_locale
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.services.crm.contact_details import channel_label
from shopdesk.services.listing import Kind
from shopdesk.services.workshop.reminders import ReminderRow, status_text

FIELDS = [Field(QT_TRANSLATE_NOOP("Exports", "Status"), width=16),
          Field(QT_TRANSLATE_NOOP("Exports", "Due date"), Kind.DATE),
          Field(QT_TRANSLATE_NOOP("Exports", "Due at km"), Kind.NUMBER),
          Field(QT_TRANSLATE_NOOP("Exports", "Customer"), width=24),
          Field(QT_TRANSLATE_NOOP("Exports", "Phone"), width=16),
          Field(QT_TRANSLATE_NOOP("Exports", "E-mail"), width=26),
          Field(QT_TRANSLATE_NOOP("Exports", "Preferred channel"), width=14),
          Field(QT_TRANSLATE_NOOP("Exports", "Marketing consent"), width=10),
          Field(QT_TRANSLATE_NOOP("Exports", "Plate"), width=10),
          Field(QT_TRANSLATE_NOOP("Exports", "Vehicle"), width=22),
          Field(QT_TRANSLATE_NOOP("Exports", "Service"), width=22),
          Field(QT_TRANSLATE_NOOP("Exports", "Also recommended"), width=26),
          Field(QT_TRANSLATE_NOOP("Exports", "Last reminded"), Kind.DATE)]
HEADERS = [f.title for f in FIELDS]


def fields() -> list[Field]:
    """The columns with their headings in the chosen language."""
    return [replace(f, title=translate("Exports", f.title)) for f in FIELDS]


def as_rows(rows: Sequence[ReminderRow]) -> list[list[object]]:
    """One list of cell values per reminder (dates as dates, numbers as numbers)."""
    return [[status_text(r), r.due.due_on, r.due.due_km, r.customer, r.phone, r.email,
             channel_label(r.channel),
             translate("Exports", "yes") if r.marketing_consent else translate("Exports", "no"),
             r.plate, r.vehicle, r.package,
             "; ".join(r.recommendations), r.sent_on] for r in rows]


@in_document_language
def export(rows: Sequence[ReminderRow], path: str | Path) -> Path:
    """Write ``.xlsx`` or ``.csv`` (UTF-8 with BOM) by the file's name; text that could run
    as a formula is escaped (:mod:`shopdesk.io.xlsx_writer`)."""
    with Workbook(path, currency=shop_currency(), locale=shop_locale()) as book:
        sheet = book.sheet(translate("Exports", "Reminders"), fields())
        for row in as_rows(rows):
            sheet.write(row)
    return Path(path)
