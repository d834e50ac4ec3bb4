"""What the workshop journeys' shop holds before the person starts (J2 check in, J3 estimate,
J4 work), in a US shop (English, dollars) and a Chinese shop (Chinese names and plates, yuan),
with the figures the printed documents must show worked out by hand here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shopdesk.models.parts import MovementKind
from shopdesk.models.repair_orders import Condition, LineKind
from shopdesk.services.stock import parts, stock
from shopdesk.services.workshop import maintenance, repair_orders
from shopdesk.services.workshop.maintenance import PackageInput
from shopdesk.services.workshop.repair_orders import LineInput
from tests.journeys.conftest import Shop
from tests.journeys.shops import customer_with_car


@dataclass
class Arrival:
    """J2: who walks in, as the clerk types it, and how the shop shows them."""

    first_name: str
    last_name: str
    shown_name: str  # the customer's name as the shop shows and prints it
    phone: str
    phone_printed: str  # as the shop writes it
    plate: str
    make: str
    model: str
    odometer: int
    concern: str
    job_card_word: str  # the printed job card's heading


def new_arrival(shop: Shop) -> Arrival:
    """A customer the shop has never seen, and her car (nothing on file)."""
    if shop.chinese:
        return Arrival("芳", "李", "李芳", "13912345678", "139 1234 5678", "湘A66F88", "大众",
                       "朗逸", 48_000, "刹车时有异响，方向盘抖动", "派维修单")
    return Arrival("Maria", "Garcia", "Garcia, Maria", "(217) 555-0199", "(217) 555-0199",
                   "KY-42-TZ", "Toyota", "Camry", 61_250,
                   "Brakes squeal when stopping, steering wheel shakes", "JOB CARD")


@dataclass
class EstimateOrder:
    """J3: an order checked in (estimate), inspected, with a package that fits the car."""

    order_id: int
    plate_typed: str
    package_lines: list[tuple[str, str]]  # (description, amount) as printed
    finding: str  # the finding to price, as the line's description
    finding_price: Decimal
    approved_total: Decimal  # the estimate total (what was not declined, with tax)
    declined_word: str
    estimate_word: str


def inspected_order(shop: Shop) -> EstimateOrder:
    """An estimate after the technician's inspection: the battery fails its load test
    (urgent), the wipers streak (soon), the brake pads are fine; the oil service is due.

    US: oil filter 1 x 12.00 + oil 4.5 l x 12.50 = 56.25 + labour 0.5 h x 80.00 = 40.00:
        108.25, tax 10 % 10.825 -> 10.83, total 119.08; the battery 189.00 declined.
    China: 1 x 35.00 + 4.5 x 45.00 = 202.50 + 0.5 x 120.00 = 60.00: 297.50, 13 % VAT
        38.675 -> 38.68, total 336.18; the battery 650.00 declined.
    """
    owner = shop.owner
    person = customer_with_car(shop)
    if shop.chinese:
        rate, names = "120.00", ("机油滤清器", "机油 5W-30", "更换机油和机滤", "小保养")
        prices, findings = ("35.00", "45.00"), [("蓄电池", "负载测试不合格"),
                                                  ("雨刮片", "刮不干净"), ("前刹车片", "6 毫米")]
        amounts = ("35.00", "202.50", "60.00")
        battery, total, declined, word = Decimal("650.00"), Decimal("336.18"), "已拒绝", "估价单"
        concerns = "该做保养了；电瓶灯偶尔亮"
    else:
        rate, names = "80.00", ("Oil filter", "Engine oil 5W-30", "Change oil and filter",
                                "Oil service")
        prices, findings = ("12.00", "12.50"), [("Battery", "fails load test"),
                                                  ("Wiper blades", "streaking"),
                                                  ("Front brake pads", "6 mm")]
        amounts = ("12.00", "56.25", "40.00")
        battery, total, declined, word = (Decimal("189.00"), Decimal("119.08"), "declined",
                                          "ESTIMATE")
        concerns = "Oil service due; battery light comes on sometimes"
    repair_orders.set_options(owner, labour_rate=rate)
    oil_filter = parts.create_part(owner, sku="OF-100", name=names[0], cost="4.00",
                                   retail_price=prices[0], trade_price=prices[0])
    oil = parts.create_part(owner, sku="OIL-5W30", name=names[1], unit="litre", cost="6.00",
                            retail_price=prices[1], trade_price=prices[1])
    stock.record_movement(owner, oil_filter, MovementKind.RECEIPT, 5, "4.00")
    stock.record_movement(owner, oil, MovementKind.RECEIPT, 20, "6.00")
    maintenance.save_package(owner, PackageInput(
        names[3], [LineInput(LineKind.PART, part_id=oil_filter.id, quantity=1),
                   LineInput(LineKind.PART, part_id=oil.id, quantity="4.5"),
                   LineInput(LineKind.LABOUR, names[2], "0.5")],
        interval_km=10_000, interval_months=12))
    order = repair_orders.open_order(owner, person.vehicle_id, odometer=52_100,
                                     concerns=concerns)
    (battery_item, battery_note), (wipers, wipers_note), (pads, pads_note) = findings
    repair_orders.set_inspection(owner, order.id, [
        (pads, Condition.OK, pads_note), (wipers, Condition.SOON, wipers_note),
        (battery_item, Condition.URGENT, battery_note)])
    return EstimateOrder(order.id, person.plate_typed,
                         [(names[0], amounts[0]), (names[1], amounts[1]),
                          (names[2], amounts[2])],
                         f"{battery_item} — {battery_note}", battery, total, declined, word)


@dataclass
class ApprovedJob:
    """J4: an approved order given to the technician: labour, and brake pads from stock."""

    order_id: int
    plate_typed: str
    part_id: int
    on_hand_before: Decimal
    technician_id: int


def approved_job(shop: Shop) -> ApprovedJob:
    """The customer approved the front brake pads (1.5 h labour, one set of pads, 4 sets in
    stock); the job is the technician's; the shop books parts out of stock when fitted."""
    owner = shop.owner
    tech = shop.actor("technician")
    person = customer_with_car(shop)
    if shop.chinese:
        labour, pads, price = "更换前刹车片", "刹车片（前）", "280.00"
    else:
        labour, pads, price = "Replace front brake pads", "Front brake pads", "45.00"
    repair_orders.set_options(owner, labour_rate="80.00", parts_leave_stock="fitted")
    part = parts.create_part(owner, sku="BP-200", name=pads, cost="20.00", retail_price=price,
                             trade_price=price)
    stock.record_movement(owner, part, MovementKind.RECEIPT, 4, "20.00", reference="opening")
    order = repair_orders.open_order(owner, person.vehicle_id, odometer=52_100,
                                     concerns="Squeal when braking" if not shop.chinese
                                     else "刹车异响")
    repair_orders.add_line(owner, order.id, LineInput(LineKind.LABOUR, labour, "1.5",
                                                      technician_id=tech.user_id))
    repair_orders.add_line(owner, order.id, LineInput(LineKind.PART, part_id=part.id))
    repair_orders.record_approval(owner, order.id, method="in person")
    return ApprovedJob(order.id, person.plate_typed, part.id, Decimal("4"), tech.user_id)
