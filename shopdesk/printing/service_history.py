"""A vehicle's service history: every repair order with odometer, work done, parts fitted
and open recommendations, as a printable timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from shopdesk import formatting
from shopdesk.i18n import QT_TRANSLATE_NOOP, in_document_language, translate
from shopdesk.models.repair_orders import Approval, LineKind, Status
from shopdesk.printing.document import Column, DocumentData, render
from shopdesk.printing.invoice import letterhead
from shopdesk.services.access import Actor
from shopdesk.services.crm import vehicles
from shopdesk.services.sales.invoices import vehicle_text
from shopdesk.services.workshop import repair_orders, service_due
from shopdesk.services.workshop.maintenance import get as get_package

COLUMNS = [Column(QT_TRANSLATE_NOOP("Printing", "Date"), 0.14),
           Column(QT_TRANSLATE_NOOP("Printing", "Order"), 0.13),
           Column(QT_TRANSLATE_NOOP("Printing", "Odometer"), 0.12, "RIGHT"),
           Column(QT_TRANSLATE_NOOP("Printing", "Work done"), 0.38),
           Column(QT_TRANSLATE_NOOP("Printing", "Parts fitted"), 0.23)]


@dataclass(frozen=True)
class HistoryEntry:
    """One visit on the timeline."""

    on: dt.date
    number: str
    status: str
    odometer: int | None
    work: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)


def timeline(actor: Actor, vehicle_id: int) -> list[HistoryEntry]:
    """Every repair order of the vehicle, newest first, with approved work and parts."""
    entries = []
    for order in repair_orders.of_vehicle(actor, vehicle_id):
        if order.status == Status.CANCELLED:
            continue
        work, parts, declined = [], [], []
        for line in repair_orders.lines_of(actor, order):
            if line.approval == Approval.DECLINED:
                declined.append(line.description)
            elif line.approval == Approval.APPROVED and line.quantity > 0:
                if line.kind == LineKind.PART:
                    parts.append(f"{formatting.quantity(line.quantity)} × {line.description}")
                else:
                    work.append(line.description)
        entries.append(HistoryEntry(order.created_at.date(), order.number,
                                    repair_orders.STATUS_LABELS[Status(order.status)],
                                    order.odometer, work, parts, declined))
    return entries


def _due_text(actor: Actor, due) -> str:
    """"Oil service by Mar 3, 2027 or 60,000 km" in the chosen language."""
    name, on = get_package(actor, due.package_id).name, formatting.date(due.due_on)
    if due.due_km:
        return translate("Printing", "{service} by {date} or {km} km").format(
            service=name, date=on, km=formatting.number(due.due_km))
    return translate("Printing", "{service} by {date}").format(service=name, date=on)


@in_document_language
def history_data(actor: Actor, vehicle_id: int, *, paper: str = "") -> DocumentData:
    vehicle = vehicles.get(actor, vehicle_id)
    rows = [[formatting.date(e.on), e.number, formatting.number(e.odometer),
             "\n".join(e.work) or "—", "\n".join(e.parts)] for e in timeline(actor, vehicle_id)]
    notes = []
    recs = repair_orders.declined_work(actor, vehicle_id)
    if recs:
        notes.append(translate("Printing", "Recommended (declined earlier): {work}.").format(
            work="; ".join(f"{li.description} ({li.repair_order.number})" for li in recs)))
    due = service_due.for_vehicle(actor, vehicle_id)
    if due:
        notes.append(translate("Printing", "Next services: {services}.").format(
            services="; ".join(_due_text(actor, d) for d in due)))
    owner = vehicle.customer
    return DocumentData(translate("Printing", "SERVICE HISTORY"), vehicle.plate or vehicle.vin,
                        letterhead(),
                        facts=[(translate("Printing", "Printed"),
                                formatting.date(dt.date.today()))],
                        parties=[(translate("Printing", "Owner"), owner.display_name),
                                 (translate("Printing", "Vehicle"),
                                  vehicle_text(vehicle).replace(" · ", "\n"))],
                        columns=COLUMNS, rows=rows, notes="\n".join(notes), paper=paper)


@in_document_language
def render_history(actor: Actor, vehicle_id: int, target: str | Path | BinaryIO | None = None, *,
                   paper: str = "") -> bytes:
    """The service history PDF of one vehicle."""
    return render(history_data(actor, vehicle_id, paper=paper), target)
