"""Check-in at the desk: a new customer and car in one transaction; with the car at the desk,
its repair order opened with the concern and the reading; a Chinese shop's mobiles understood."""

from __future__ import annotations

import pytest

from shopdesk.errors import ValidationError
from shopdesk.models.crm import Interaction
from shopdesk.models.customers import Customer
from shopdesk.models.repair_orders import RepairOrder, Status
from shopdesk.models.vehicles import OdometerReading, Vehicle
from shopdesk.services.crm import contact_details
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.crm.vehicles import VehicleInput
from shopdesk.services.shop import settings
from shopdesk.services.workshop import check_in

MARIA = CustomerInput(first_name="Maria", last_name="Garcia",
                      phones=[PhoneInput("(217) 555-0199")])
CAMRY = VehicleInput(plate="KY-42-TZ", make="Toyota", model="Camry")


def test_the_car_at_the_desk_opens_its_repair_order_with_the_concern(clerk):
    done = check_in.check_in(clerk, MARIA, CAMRY, odometer=61_250,
                             note="  Brakes squeal  ", open_order=True)
    order = done.order
    assert order is not None and order.vehicle_id == done.vehicle.id
    assert (order.status, order.concerns, order.odometer) == (Status.ESTIMATE.value,
                                                              "Brakes squeal", 61_250)
    assert order.customer_id == done.customer.id
    # one reading (the order's), the car's odometer, and one visit on the file (the order's)
    readings = list(OdometerReading.select().where(OdometerReading.vehicle == done.vehicle.id))
    assert [r.reading for r in readings] == [61_250] and done.vehicle.odometer == 61_250
    visits = [i.summary for i in Interaction.select().where(
        Interaction.customer == done.customer.id)]
    assert visits == [f"Repair order {order.number}: Brakes squeal"]


def test_without_an_order_the_visit_is_logged_as_before(clerk):
    done = check_in.check_in(clerk, MARIA, CAMRY, odometer=61_250, note="Booking by phone")
    assert done.order is None and RepairOrder.select().count() == 0
    assert Vehicle.get_by_id(done.vehicle.id).odometer == 61_250
    assert [i.summary for i in Interaction.select()] == ["Booking by phone"]


def test_an_order_without_a_car_is_refused_and_nothing_is_saved(clerk):
    with pytest.raises(ValidationError) as refused:
        check_in.check_in(clerk, MARIA, None, note="Noise", open_order=True)
    assert "plate" in refused.value.fields
    assert Customer.select().count() == 0 and RepairOrder.select().count() == 0


def test_a_refused_reading_saves_nothing(clerk):
    with pytest.raises(ValidationError):
        check_in.check_in(clerk, MARIA, CAMRY, odometer=-5, open_order=True)
    assert Customer.select().count() == Vehicle.select().count() == 0


def test_a_chinese_shop_understands_chinese_mobiles(owner):
    settings.update_settings(owner, currency="CNY")
    assert contact_details.shop_region(owner) == "CN"
    assert contact_details.example_phone("CN").startswith("1")
    done = check_in.check_in(owner, CustomerInput(first_name="芳", last_name="李",
                                                  phones=[PhoneInput("13912345678")]), None)
    phone = done.customer.phones[0]
    assert (phone.e164, phone.problem) == ("+8613912345678", "")
    assert contact_details.format_phone(phone.e164, phone.number, "CN") == "139 1234 5678"
