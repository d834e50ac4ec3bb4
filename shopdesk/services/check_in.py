"""Check-in at the desk: a new customer and their car in one short form, one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from shopdesk.models.base import database_proxy as db
from shopdesk.models.customers import Customer
from shopdesk.models.vehicles import Vehicle
from shopdesk.services import customers, interactions, vehicles
from shopdesk.services.access import Actor
from shopdesk.services.customers import CustomerInput
from shopdesk.services.vehicles import VehicleInput


@dataclass(frozen=True)
class CheckedIn:
    customer: Customer
    vehicle: Vehicle | None
    warnings: dict[str, str]  # field -> what looks odd (saved anyway)


def check_in(actor: Actor, customer: CustomerInput, vehicle: VehicleInput | None, *,
             odometer: int | None = None, note: str = "") -> CheckedIn:
    """Add the customer and (if given) the vehicle and log the visit; all or nothing."""
    with db.atomic():
        saved = customers.add_customer(actor, customer)
        warnings = dict(saved.warnings)
        car = None
        if vehicle is not None:
            added = vehicles.add_vehicle(actor, saved.customer.id, vehicle, odometer=odometer)
            car = added.vehicle
            warnings |= added.warnings
        interactions.log(actor, saved.customer.id, "visit", note.strip() or "Checked in",
                         vehicle_id=car.id if car else None)
    return CheckedIn(customers.get(saved.customer.id), car, warnings)


def warnings_for(customer_id: int) -> list[str]:
    """What the clerk must see when this customer is at the desk (blacklist, flagged contacts)."""
    customer = customers.get(customer_id)
    notes = []
    if customer.blacklisted:
        notes.append(f"Blacklisted: {customer.blacklist_reason}. No account credit; "
                     "ask for payment up front.")
    if customer.archived:
        notes.append("This customer is archived.")
    return notes
