"""A vehicle's service history: every repair order with odometer, work done, parts fitted
and open recommendations, as a printable timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from shopdesk import formatting
from shopdesk.models.repair_orders import Approval, LineKind, Status
from shopdesk.printing.document import Column, DocumentData, render
from shopdesk.printing.invoice import letterhead
from shopdesk.services import repair_orders, service_due, vehicles
from shopdesk.services.invoices import vehicle_text
from shopdesk.services.maintenance import get as get_package

COLUMNS = [Column("Date", 0.14), Column("Order", 0.13), Column("Odometer", 0.12, "RIGHT"),
           Column("Work done", 0.38), Column("Parts fitted", 0.23)]


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


def timeline(vehicle_id: int) -> list[HistoryEntry]:
    """Every repair order of the vehicle, newest first, with approved work and parts."""
    entries = []
    for order in repair_orders.of_vehicle(vehicle_id):
        if order.status == Status.CANCELLED:
            continue
        work, parts, declined = [], [], []
        for line in repair_orders.lines_of(order):
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


def history_data(vehicle_id: int, *, paper: str = "") -> DocumentData:
    vehicle = vehicles.get(vehicle_id)
    rows = [[formatting.date(e.on), e.number, formatting.number(e.odometer),
             "\n".join(e.work) or "—", "\n".join(e.parts)] for e in timeline(vehicle_id)]
    notes = []
    recs = repair_orders.declined_work(vehicle_id)
    if recs:
        notes.append("Recommended (declined earlier): " + "; ".join(
            f"{li.description} ({li.repair_order.number})" for li in recs) + ".")
    due = service_due.for_vehicle(vehicle_id)
    if due:
        notes.append("Next services: " + "; ".join(
            f"{get_package(d.package_id).name} by {formatting.date(d.due_on)}"
            + (f" or {formatting.number(d.due_km)} km" if d.due_km else "") for d in due) + ".")
    owner = vehicle.customer
    return DocumentData("SERVICE HISTORY", vehicle.plate or vehicle.vin, letterhead(),
                        facts=[("Printed", formatting.date(dt.date.today()))],
                        parties=[("Owner", owner.display_name),
                                 ("Vehicle", vehicle_text(vehicle).replace(" · ", "\n"))],
                        columns=COLUMNS, rows=rows, notes="\n".join(notes), paper=paper)


def render_history(vehicle_id: int, target: str | Path | BinaryIO | None = None, *,
                   paper: str = "") -> bytes:
    """The service history PDF of one vehicle."""
    return render(history_data(vehicle_id, paper=paper), target)
