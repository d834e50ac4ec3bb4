"""The reminder list as a spreadsheet (xlsx) or CSV for an SMS or e-mail tool."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from shopdesk.io.exports import shop_currency, shop_locale
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.services.listing import Kind
from shopdesk.services.reminders import ReminderRow

FIELDS = [Field("Status", width=9), Field("Due date", Kind.DATE),
          Field("Due at km", Kind.NUMBER), Field("Customer", width=24),
          Field("Phone", width=16), Field("E-mail", width=26),
          Field("Preferred channel", width=10), Field("Marketing consent", width=10),
          Field("Plate", width=10), Field("Vehicle", width=22), Field("Service", width=22),
          Field("Also recommended", width=26), Field("Last reminded", Kind.DATE)]
HEADERS = [f.title for f in FIELDS]


def as_rows(rows: Sequence[ReminderRow]) -> list[list[object]]:
    """One list of cell values per reminder (dates as dates, numbers as numbers)."""
    return [[r.status, r.due.due_on, r.due.due_km, r.customer, r.phone, r.email, r.channel,
             "yes" if r.marketing_consent else "no", r.plate, r.vehicle, r.package,
             "; ".join(r.recommendations), r.sent_on] for r in rows]


def export(rows: Sequence[ReminderRow], path: str | Path) -> Path:
    """Write ``.xlsx`` or ``.csv`` (UTF-8 with BOM) by the file's name; text that could run
    as a formula is escaped (:mod:`shopdesk.io.xlsx_writer`)."""
    with Workbook(path, currency=shop_currency(), locale=shop_locale()) as book:
        sheet = book.sheet("Reminders", FIELDS)
        for row in as_rows(rows):
            sheet.write(row)
    return Path(path)
