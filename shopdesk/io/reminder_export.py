"""The reminder list as a spreadsheet (xlsx) or CSV for an SMS or e-mail tool."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from shopdesk.services.reminders import ReminderRow

HEADERS = ["Status", "Due date", "Due at km", "Customer", "Phone", "E-mail",
           "Preferred channel", "Marketing consent", "Plate", "Vehicle", "Service",
           "Also recommended", "Last reminded"]


def _safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def as_rows(rows: Sequence[ReminderRow]) -> list[list[object]]:
    """One list of cell values per reminder (dates as dates, numbers as numbers)."""
    return [[r.status, r.due.due_on, r.due.due_km, _safe(r.customer), _safe(r.phone),
             _safe(r.email), r.channel, "yes" if r.marketing_consent else "no", _safe(r.plate),
             _safe(r.vehicle), _safe(r.package), _safe("; ".join(r.recommendations)),
             r.sent_on] for r in rows]


def export(rows: Sequence[ReminderRow], path: str | Path) -> Path:
    """Write ``.xlsx`` (openpyxl write-only) or ``.csv`` (UTF-8 with BOM) by the file's name."""
    path = Path(path)
    values = as_rows(rows)
    if path.suffix.lower() == ".csv":
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS)
            for row in values:
                writer.writerow(["" if v is None else v.isoformat() if hasattr(v, "isoformat")
                                 else v for v in row])
        return path
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Reminders")
    sheet.append(HEADERS)
    for row in values:
        sheet.append(row)
    book.save(path)
    return path
