"""What the shop holds before J8 (a service due, a reminder sent) and J9 (a comeback of an
invoiced repair), in a US shop (English, dollars) and a Chinese shop (Chinese names and
plates, yuan), with the figures the checks need worked out by hand here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from shopdesk.models.parts import MovementKind
from shopdesk.models.repair_orders import LineKind, Status
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.counter import warranty
from shopdesk.services.crm import customers, vehicles
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.crm.vehicles import VehicleInput
from shopdesk.services.sales import invoices, payments
from shopdesk.services.stock import parts, stock
from shopdesk.services.workshop import (
    maintenance,
    reminders,
    repair_order_invoicing,
    repair_orders,
    service_due,
)
from shopdesk.services.workshop.maintenance import PackageInput
from shopdesk.services.workshop.repair_orders import LineInput
from tests.journeys.conftest import Shop


@dataclass
class ServiceDue:
    """J8: a returning customer's car is due for the shop's oil service; the shop sent the
    reminder (by text message) and the customer rang back to book."""

    customer_id: int
    vehicle_id: int
    package_id: int
    reminder_id: int
    name: str  # as the lists show it
    plate: str
    find_typed: str  # what the clerk types in the reminder list's find box
    service: str  # the package's name: the appointment's "what for" and the order's concern
    lines: list[str]  # the package's lines, as the repair order must show them
    odometer: int  # read on the dashboard at check-in
    words: dict[str, str]  # what the window says, in the shop's language


def _car_with_history(owner, data: CustomerInput, car: VehicleInput, today: dt.date,
                      readings: tuple[int, int]) -> tuple[int, int]:
    """A customer and car read ``readings`` a year and half a year ago (about 33 km a day)."""
    customer = customers.add_customer(owner, data).customer
    vehicle = vehicles.add_vehicle(owner, customer.id, car).vehicle
    vehicles.record_odometer(owner, vehicle.id, readings[0], today - dt.timedelta(days=360))
    vehicles.record_odometer(owner, vehicle.id, readings[1], today - dt.timedelta(days=180))
    return customer.id, vehicle.id


def service_due_with_reminder(shop: Shop) -> ServiceDue:
    """Two customers' cars are due for the oil service (every 10,000 km or 12 months: first
    read at 40,000 km a year ago, 46,000 half a year ago, so 50,000 km was passed about two
    months ago); the returning customer was sent the reminder, the other one not yet."""
    owner = shop.owner
    today = dt.date.today()
    repair_orders.set_options(owner, labour_rate="120.00" if shop.chinese else "80.00")
    if shop.chinese:
        make, model = "丰田", "卡罗拉"
        people = [(CustomerInput(first_name="伟", last_name="张",
                                 phones=[PhoneInput("13812345678")], city="长沙"),
                   VehicleInput(plate="湘A12345", vin="LVGBE40K8KG123456", make=make,
                                model=model, year=2019)),
                  (CustomerInput(first_name="娜", last_name="李",
                                 phones=[PhoneInput("13987654321")], city="长沙"),
                   VehicleInput(plate="湘A67890", vin="LVGBE40K8KG654321", make=make,
                                model=model, year=2020))]
        plate, typed = "湘A12345", "湘A123"
        service = "小保养"
        filter_name, oil_name, labour = "机油滤清器", "机油 5W-30", "更换机油和机滤"
    else:
        make, model = "Honda", "Accord"
        people = [(CustomerInput(first_name="Ann", last_name="Smith",
                                 phones=[PhoneInput("(217) 555-0142")], email="ann@example.com",
                                 city="Springfield"),
                   VehicleInput(plate="AB-123-CD", vin="1HGCM82633A004352", make=make,
                                model=model, year=2018)),
                  (CustomerInput(first_name="Bob", last_name="Jones",
                                 phones=[PhoneInput("(217) 555-0199")], city="Springfield"),
                   VehicleInput(plate="XY-987-ZW", vin="1HGCM82633A009876", make=make,
                                model=model, year=2017))]
        plate, typed = "AB-123-CD", "0142"  # her phone's last digits
        service = "Oil service"
        filter_name, oil_name, labour = "Oil filter", "Engine oil 5W-30", \
            "Change oil and filter"
    ids = [_car_with_history(owner, data, car, today, (40000, 46000)) for data, car in people]
    oil_filter = parts.create_part(owner, sku="OF-100", name=filter_name, cost="4.00",
                                   retail_price="9.99", trade_price="7.50")
    oil = parts.create_part(owner, sku="OIL-5W30", name=oil_name, unit="litre", cost="6.00",
                            retail_price="12.50", trade_price="9.00")
    stock.record_movement(owner, oil_filter, MovementKind.RECEIPT, 5, "4.00")
    stock.record_movement(owner, oil, MovementKind.RECEIPT, 20, "6.00")
    package = maintenance.save_package(owner, PackageInput(
        service, [LineInput(LineKind.PART, part_id=oil_filter.id, quantity=1),
                  LineInput(LineKind.PART, part_id=oil.id, quantity="4.5"),
                  LineInput(LineKind.LABOUR, labour, "0.5")],
        make=make, interval_km=10000, interval_months=12))
    customer_id, vehicle_id = ids[0]
    [due] = [d for d in service_due.for_vehicle(owner, vehicle_id) if d.package_id == package.id]
    reminder = reminders.mark_sent(owner, vehicle_id, package.id, due.due_on, channel="sms")
    name = customers.get(COMMAND_LINE, customer_id).display_name
    return ServiceDue(customer_id, vehicle_id, package.id, reminder.id, name, plate, typed,
                      service, [filter_name, oil_name, labour], 53150,
                      J8_WORDS["CN" if shop.chinese else "US"])


J8_WORDS = {"US": {"book": "Book an appointment", "check in": "Check in",
                   "find": "Find name, phone or plate"},
            "CN": {"book": "预约", "check in": "接车登记",
                   "find": "查找姓名、电话或车牌"}}


@dataclass
class Comeback:
    """J9: a brake job invoiced six weeks ago; the squeal is back and the customer complains,
    printed invoice in hand."""

    customer_id: int
    vehicle_id: int
    original_id: int  # the invoiced repair order
    original_number: str
    invoice_id: int
    invoice_number: str  # as printed on the customer's copy
    find_typed: str  # what the clerk types in the window's search box
    subject: str
    resolution: str
    odometer: int
    lines: list[str]  # the original's lines, redone at no charge
    parts_cost: Decimal  # warranty cost of the redone part (its average cost)
    labour_cost: Decimal  # 1.5 h at the shop's warranty labour cost rate
    words: dict[str, str]  # what the window says, in the shop's language


def invoiced_brake_job(shop: Shop) -> Comeback:
    """A brake job (1.5 h labour and a set of front pads) invoiced and paid 45 days ago at
    52,100 km; the shop's labour warranty is 12 months / 20,000 km and a warranty hour costs
    it 30.00 (China: 60.00).

    Warranty cost of redoing it: pads at their average cost 20.00 (China 110.00) and
    1.5 h x 30.00 = 45.00 (China 1.5 h x 60.00 = 90.00)."""
    owner = shop.owner
    if shop.chinese:
        data = CustomerInput(first_name="伟", last_name="张", phones=[PhoneInput("13812345678")],
                             city="长沙")
        car = VehicleInput(plate="湘A12345", vin="LVGBE40K8KG123456", make="丰田",
                           model="卡罗拉", year=2019)
        rate, cost_rate, pads, cost, price = "120.00", "60.00", "刹车片（前）", "110.00", \
            "280.00"
        labour, concern = "更换前刹车片", "刹车异响"
        subject, resolution = "刹车又响了", "免费重新更换前刹车片，试车无异响"
        typed = "5678"
        parts_cost, labour_cost = Decimal("110.00"), Decimal("90.00")
    else:
        data = CustomerInput(first_name="Ann", last_name="Smith",
                             phones=[PhoneInput("(217) 555-0142")], email="ann@example.com",
                             city="Springfield")
        car = VehicleInput(plate="AB-123-CD", vin="1HGCM82633A004352", make="Honda",
                           model="Accord", year=2018)
        rate, cost_rate, pads, cost, price = "80.00", "30.00", "Front brake pads", "20.00", \
            "45.00"
        labour, concern = "Replace front brake pads", "Squeal when braking"
        subject = "Brakes squeal again after the brake job"
        resolution = "Pads replaced again under warranty at no charge; road test quiet"
        typed = "0142"
        parts_cost, labour_cost = Decimal("20.00"), Decimal("45.00")
    customer = customers.add_customer(owner, data).customer
    vehicle = vehicles.add_vehicle(owner, customer.id, car, odometer=52000).vehicle
    repair_orders.set_options(owner, labour_rate=rate)
    warranty.set_labour(owner, warranty.Terms(12, 20000), cost_rate)
    part = parts.create_part(owner, sku="BP-200", name=pads, cost=cost, retail_price=price,
                             trade_price=price)
    stock.record_movement(owner, part, MovementKind.RECEIPT, 4, cost, reference="opening")
    order = repair_orders.open_order(owner, vehicle.id, odometer=52100, concerns=concern)
    repair_orders.add_line(owner, order.id, LineInput(LineKind.LABOUR, labour, "1.5"))
    repair_orders.add_line(owner, order.id, LineInput(LineKind.PART, part_id=part.id))
    repair_orders.record_approval(owner, order.id)
    repair_orders.set_status(owner, order.id, Status.IN_PROGRESS)
    repair_orders.set_status(owner, order.id, Status.DONE)
    then = dt.date.today() - dt.timedelta(days=45)
    draft = repair_order_invoicing.invoice_order(owner, order.id)
    invoice = invoices.issue(owner, draft.id, today=then)
    payments.take_payment(owner, invoice.id, "card", invoice.gross)
    _back_date(order.id, then)
    order = repair_orders.get(COMMAND_LINE, order.id)
    return Comeback(customer.id, vehicle.id, order.id, order.number, invoice.id, invoice.number,
                    typed, subject, resolution, 53400, [labour, pads], parts_cost, labour_cost,
                    J9_WORDS["CN" if shop.chinese else "US"])


J9_WORDS = {"US": {"complaint": "Complaint from Smith, Ann", "warranty": "Warranty repair order",
                   "resolve": "Resolve: ", "under warranty": "under warranty",
                   "satisfied": "4 satisfied"},
            "CN": {"complaint": "张伟 的投诉", "warranty": "保修返修单", "resolve": "解决：",
                   "under warranty": "在保修期内", "satisfied": "4 满意"}}


def _back_date(order_id: int, day: dt.date) -> None:
    """The brake job was opened on ``day`` (set-up: the shop's history, not a step)."""
    from shopdesk.models.repair_orders import RepairOrder

    RepairOrder.update(created_at=dt.datetime.combine(day, dt.time(8, 30))).where(
        RepairOrder.id == order_id).execute()
