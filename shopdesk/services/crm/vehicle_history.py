"""A vehicle's odometer readings (when, km, where the figure came from, who typed it) and its
owners over time, for the customer file's vehicle history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from shopdesk.models.repair_orders import RepairOrder
from shopdesk.models.users import User
from shopdesk.models.vehicles import OdometerReading
from shopdesk.services.access import Actor
from shopdesk.services.crm import vehicles


@dataclass(frozen=True)
class OdometerRow:
    """One reading as the history lists it."""

    read_on: dt.date
    km: int
    source: str  # "Check-in RO-00012" or "Typed in"
    who: str
    reason: str  # why a reading is lower than the one before (clock swap, typo…)


def odometer_history(actor: Actor, vehicle_id: int) -> list[OdometerRow]:
    """Every reading of the vehicle, newest first (two queries)."""
    readings = list(OdometerReading.select(OdometerReading, User.display_name)
                    .join(User, peewee.JOIN.LEFT_OUTER, on=(OdometerReading.user == User.id))
                    .where(OdometerReading.vehicle == vehicle_id)
                    .order_by(OdometerReading.read_on.desc(), OdometerReading.id.desc())
                    .objects())
    orders = {(km, on.date() if isinstance(on, dt.datetime) else on): number
              for number, km, on in RepairOrder.select(
                  RepairOrder.number, RepairOrder.odometer, RepairOrder.created_at)
              .where((RepairOrder.vehicle == vehicle_id) & RepairOrder.odometer.is_null(False))
              .tuples()}
    rows = []
    for r in readings:
        number = orders.get((r.reading, r.read_on))
        rows.append(OdometerRow(r.read_on, r.reading,
                                f"Check-in {number}" if number else "Typed in",
                                getattr(r, "display_name", None) or "", r.reason))
    return rows


@dataclass(frozen=True)
class OwnerRow:
    """One stretch of ownership."""

    owner: str
    since: dt.date
    until: dt.date | None  # None: owns it now
    note: str


def owners(actor: Actor, vehicle_id: int) -> list[OwnerRow]:
    """The vehicle's owners, as :func:`shopdesk.services.crm.vehicles.ownership_history` keeps
    them."""
    return [OwnerRow(*row) for row in vehicles.ownership_history(actor, vehicle_id)]
