"""Small builders for customer-area tests."""

from __future__ import annotations

from shopdesk.services.crm import customers, vehicles
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.crm.vehicles import VehicleInput


def person(actor, first="Ann", last="Smith", phone="(217) 555-0142", email="ann@example.com",
           **extra):
    data = CustomerInput(first_name=first, last_name=last,
                         phones=[PhoneInput(phone)] if phone else [], email=email, **extra)
    return customers.add_customer(actor, data).customer


def car(actor, customer_id, plate="AB-123-CD", vin="1HGCM82633A004352", odometer=None,
        **extra):
    data = VehicleInput(plate=plate, vin=vin, make=extra.pop("make", "Honda"),
                        model=extra.pop("model", "Accord"), **extra)
    return vehicles.add_vehicle(actor, customer_id, data, odometer=odometer).vehicle
