"""Builders for repair-order tests: a customer with a car and odometer history, parts in
stock, an oil-service package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shopdesk.models.maintenance import MaintenancePackage
from shopdesk.models.parts import MovementKind, Part
from shopdesk.models.repair_orders import LineKind
from shopdesk.services.access import Actor
from shopdesk.services.crm import customers, vehicles
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.crm.vehicles import VehicleInput
from shopdesk.services.stock import stock
from shopdesk.services.workshop import maintenance, repair_orders
from shopdesk.services.workshop.maintenance import PackageInput
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.parts import make_part


@dataclass
class Workshop:
    customer_id: int
    vehicle_id: int
    oil_filter: Part
    oil: Part
    package: MaintenancePackage


def workshop(owner: Actor, *, filters: int = 5, litres: int = 20,
             today: dt.date | None = None) -> Workshop:
    """A customer (Ann Smith) with a 2018 Honda Accord read at 40,000 km a year ago and
    46,000 km 180 days ago (about 33 km a day), oil and filters in stock, and a package
    "Oil service" (every 10,000 km or 12 months: filter, 4.5 l oil, 0.5 h labour)."""
    today = today or dt.date.today()
    customer = customers.add_customer(owner, CustomerInput(
        first_name="Ann", last_name="Smith", phones=[PhoneInput("(217) 555-0142")],
        email="ann@example.com", address="1 Elm Street", city="Springfield",
        postcode="62701")).customer
    car = vehicles.add_vehicle(owner, customer.id, VehicleInput(
        plate="AB-123-CD", vin="1HGCM82633A004352", make="Honda", model="Accord", year=2018,
        engine="2.4")).vehicle
    vehicles.record_odometer(owner, car.id, 40000, today - dt.timedelta(days=360))
    vehicles.record_odometer(owner, car.id, 46000, today - dt.timedelta(days=180))
    oil_filter = make_part(owner)
    oil = make_part(owner, sku="OIL-5W30", name="Engine oil 5W-30", unit="litre", cost="6.00",
                    retail_price="12.50", trade_price="9.00")
    if filters:
        stock.record_movement(owner, oil_filter, MovementKind.RECEIPT, filters, "4.00")
    if litres:
        stock.record_movement(owner, oil, MovementKind.RECEIPT, litres, "6.00")
    repair_orders.set_options(owner, labour_rate="80.00")
    package = maintenance.save_package(owner, PackageInput(
        "Oil service", [LineInput(LineKind.PART, part_id=oil_filter.id, quantity=1),
                        LineInput(LineKind.PART, part_id=oil.id, quantity="4.5"),
                        LineInput(LineKind.LABOUR, "Change oil and filter", "0.5")],
        make="Honda", interval_km=10000, interval_months=12))
    return Workshop(customer.id, car.id, Part.get_by_id(oil_filter.id), Part.get_by_id(oil.id),
                    package)
