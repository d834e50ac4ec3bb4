"""The warranty paragraph of a printed invoice: the terms each line was sold with (copied onto
the lines when the invoice was issued), grouped by terms, in the documents' language."""

from __future__ import annotations

from collections.abc import Sequence

from shopdesk import formatting
from shopdesk.i18n import translate
from shopdesk.models.invoices import InvoiceLine
from shopdesk.models.warranty import LineWarranty

# Descriptions named per group before "and N more".
NAMED = 4


def terms_text(months: int | None, km: int | None) -> str:
    """``12 months / 20,000 km`` in the documents' language and number format."""
    parts = []
    if months:
        parts.append(translate("Printing", "{months} months").format(months=months))
    if km:
        parts.append(translate("Printing", "{km} km").format(km=formatting.number(km)))
    return " / ".join(parts)


def warranty_note(lines: Sequence[InvoiceLine]) -> str:
    """"Warranty from 2 Nov 2026 at 46,000 km, whichever limit comes first:" and one line
    per distinct terms naming its lines; empty when no line carries a warranty."""
    by_id = {line.id: line for line in lines}
    if not by_id:
        return ""
    stamps = list(LineWarranty.select().where(LineWarranty.line.in_(list(by_id)))
                  .order_by(LineWarranty.line))
    if not stamps:
        return ""
    groups: dict[tuple[int | None, int | None], list[str]] = {}
    for stamp in stamps:
        groups.setdefault((stamp.months, stamp.km), []).append(
            by_id[stamp.line_id].description)
    first = stamps[0]
    if first.start_odometer is not None:
        heading = translate("Printing", "Warranty from {date} at {km} km, whichever limit comes "
                            "first:").format(date=formatting.date(first.starts_on),
                                             km=formatting.number(first.start_odometer))
    else:
        heading = translate("Printing", "Warranty from {date}, whichever limit comes first:"
                            ).format(date=formatting.date(first.starts_on))
    rows = [heading]
    for (months, km), names in sorted(groups.items(), key=lambda g: (-(g[0][0] or 0),
                                                                     -(g[0][1] or 0))):
        named = ", ".join(names[:NAMED])
        if len(names) > NAMED:
            named = translate("Printing", "{items} and {count} more").format(
                items=named, count=len(names) - NAMED)
        rows.append(f"{terms_text(months, km)}: {named}")
    return "\n".join(rows)
