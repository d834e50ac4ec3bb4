"""Check-in at the desk: a new customer and their car in one short form, one transaction;
with the car at the desk, its repair order opened with the customer's concern."""

from __future__ import annotations

from dataclasses import dataclass

from shopdesk.errors import ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.customers import Customer
from shopdesk.models.repair_orders import RepairOrder
from shopdesk.models.vehicles import Vehicle
from shopdesk.services.access import Actor
from shopdesk.services.crm import customers, interactions, vehicles
from shopdesk.services.crm.customers import CustomerInput
from shopdesk.services.crm.vehicles import VehicleInput
from shopdesk.services.workshop import repair_orders


@dataclass(frozen=True)
class CheckedIn:
    customer: Customer
    vehicle: Vehicle | None
    warnings: dict[str, str]  # field -> what looks odd (saved anyway)
    order: RepairOrder | None = None  # the repair order opened (the car is here)


def check_in(actor: Actor, customer: CustomerInput, vehicle: VehicleInput | None, *,
             odometer: int | None = None, note: str = "",
             open_order: bool = False) -> CheckedIn:
    """Add the customer and (if given) the vehicle and log the visit; all or nothing.

    ``open_order``: the car is at the desk: open its repair order with ``note`` as the
    customer's concern and the odometer reading on it (the order is the visit on the file).
    """
    with db.atomic():
        saved = customers.add_customer(actor, customer)
        if open_order and vehicle is None:
            raise ValidationError(QT_TRANSLATE_NOOP(
                "Errors", "Type the car's plate (or VIN) to open its repair order"),
                {"plate": QT_TRANSLATE_NOOP("Errors", "Needed for the repair order")})
        warnings = dict(saved.warnings)
        car = order = None
        if vehicle is not None:
            added = vehicles.add_vehicle(actor, saved.customer.id, vehicle,
                                         odometer=None if open_order else odometer)
            car = added.vehicle
            warnings |= added.warnings
        if open_order and car is not None:
            order = repair_orders.open_order(actor, car.id, odometer=odometer,
                                             concerns=note.strip())
        else:
            interactions.log(actor, saved.customer.id, "visit", note.strip() or "Checked in",
                             vehicle_id=car.id if car else None)
    return CheckedIn(customers.get(actor, saved.customer.id),
                     vehicles.get(actor, car.id) if car else None, warnings,
                     repair_orders.get(actor, order.id) if order else None)


def warnings_for(actor: Actor, customer_id: int) -> list[str]:
    """What the clerk must see when this customer is at the desk (blacklist, flagged contacts)."""
    customer = customers.get(actor, customer_id)
    notes = []
    if customer.blacklisted:
        notes.append(f"Blacklisted: {customer.blacklist_reason}. No account credit; "
                     "ask for payment up front.")
    if customer.archived:
        notes.append("This customer is archived.")
    return notes
