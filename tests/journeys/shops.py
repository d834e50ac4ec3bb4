"""What a journey's shop holds before the person starts: customers, cars, parts, orders.

Each builder makes the same situation in a US shop (English names, dollars) and a Chinese
shop (Chinese names and plates, yuan), with the figures the printed documents must show
worked out by hand here (not by the code under test).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shopdesk.models.parts import MovementKind
from shopdesk.models.repair_orders import LineKind, Status
from shopdesk.services.crm import customers, vehicles
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.crm.vehicles import VehicleInput
from shopdesk.services.stock import parts, stock
from shopdesk.services.workshop import repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.journeys.conftest import Shop


@dataclass
class Person:
    customer_id: int
    vehicle_id: int
    name: str
    plate: str
    plate_typed: str  # what the clerk types to find the car
    phone: str


def customer_with_car(shop: Shop) -> Person:
    """Ann Smith and her Honda Accord; in China 张伟 and his 丰田卡罗拉."""
    owner = shop.owner
    if shop.chinese:
        data = CustomerInput(first_name="伟", last_name="张", phones=[PhoneInput("13812345678")],
                             city="长沙")
        car = VehicleInput(plate="湘A12345", vin="LVGBE40K8KG123456", make="丰田",
                           model="卡罗拉", year=2019)
        name, plate, typed, phone = "张伟", "湘A12345", "湘A123", "13812345678"
    else:
        data = CustomerInput(first_name="Ann", last_name="Smith",
                             phones=[PhoneInput("(217) 555-0142")], email="ann@example.com",
                             address="1 Elm Street", city="Springfield", postcode="62701")
        car = VehicleInput(plate="AB-123-CD", vin="1HGCM82633A004352", make="Honda",
                           model="Accord", year=2018)
        name, plate, typed, phone = "Smith, Ann", "AB-123-CD", "AB123", "(217) 555-0142"
    customer = customers.add_customer(owner, data).customer
    vehicle = vehicles.add_vehicle(owner, customer.id, car, odometer=52000).vehicle
    return Person(customer.id, vehicle.id, name, plate, typed, phone)


@dataclass
class FinishedOrder:
    order_id: int
    plate_typed: str
    expected_gross: Decimal
    labour_text: str
    document_word: str  # the printed invoice's heading
    prefix: str


def finished_order(shop: Shop) -> FinishedOrder:
    """A repair order worked and done: 1.5 h labour and a set of brake pads from stock.

    US: 1.5 h x 80.00 + 45.00 = 165.00, 10 % tax 16.50, total 181.50.
    China: 1.5 h x 120.00 + 280.00 = 460.00, 13 % tax 59.80, total 519.80.
    """
    owner = shop.owner
    person = customer_with_car(shop)
    if shop.chinese:
        rate, pads, price, labour, gross = "120.00", "刹车片（前）", "280.00", "更换前刹车片", \
            Decimal("519.80")
    else:
        rate, pads, price, labour, gross = "80.00", "Front brake pads", "45.00", \
            "Replace front brake pads", Decimal("181.50")
    repair_orders.set_options(owner, labour_rate=rate)
    part = parts.create_part(owner, sku="BP-200", name=pads, cost="20.00",
                             retail_price=price, trade_price=price)
    stock.record_movement(owner, part, MovementKind.RECEIPT, 4, "20.00", reference="opening")
    order = repair_orders.open_order(owner, person.vehicle_id, odometer=52100,
                                     concerns="Squeal when braking" if not shop.chinese
                                     else "刹车异响")
    repair_orders.add_line(owner, order.id, LineInput(LineKind.LABOUR, labour, "1.5"))
    repair_orders.add_line(owner, order.id, LineInput(LineKind.PART, part_id=part.id))
    repair_orders.record_approval(owner, order.id)
    repair_orders.set_status(owner, order.id, Status.IN_PROGRESS)
    repair_orders.set_status(owner, order.id, Status.DONE)
    return FinishedOrder(order.id, person.plate_typed, gross, labour,
                         "发票" if shop.chinese else "INVOICE", "SD" if shop.chinese else "RA")
