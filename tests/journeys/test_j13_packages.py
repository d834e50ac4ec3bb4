"""J13: the owner sets up a maintenance package and sees the reminder list change. With the
keyboard only, through the real main window, in a US shop in English and a Chinese shop in
Chinese:

Repair orders (Ctrl+4) → Packages (Alt+P) → New (Insert); the name typed; petrol and electric
cars (Alt+F, Space, Tab ×4, Space); every 24 months (Alt+V, Tab, "24"); the lines (Alt+I):
labour 0.5 h (Tab, Tab, the description, Tab, "0.5", Alt+L) and the brake fluid by its part
number (Tab, the SKU, Alt+L); saved (Enter). The front desk (Ctrl+1), Reminders (Alt+R): the
customer whose electric car is now due for it is found by name. Back to the packages
(Ctrl+4), Archive (Alt+A), Yes (Enter); the front desk (Ctrl+1): the row is gone.

Control keys: 26 (no budget in JOURNEYS.md): 10 of them tick two fuels and add two lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from shopdesk.gui.workshop.packages import PackageDialog
from shopdesk.models.maintenance import MaintenancePackage
from shopdesk.services.crm import customers, vehicles
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.crm.vehicles import VehicleInput
from shopdesk.services.stock import parts
from shopdesk.services.workshop import maintenance, repair_orders
from tests.journeys.conftest import Shop
from tests.journeys.keyboard import ALT, CTRL, Keys, focused, modal

KEYS = 26


@dataclass
class Situation:
    package: str
    labour: str
    fluid: str
    customer: str  # as the reminder list shows the name
    find: str  # what the clerk types to find them
    plate: str
    diesel_plate: str  # a diesel car, never due for it
    words: dict[str, str]


def brake_fluid_shop(shop: Shop) -> Situation:
    """An electric car and a diesel car, both first seen 800 days ago (so a 24-month service
    is due for a car it fits); brake fluid in the catalogue as BF-DOT4."""
    owner = shop.owner
    today = dt.date.today()
    repair_orders.set_options(owner, labour_rate="120.00" if shop.chinese else "80.00")
    if shop.chinese:
        people = [(CustomerInput(first_name="伟", last_name="张",
                                 phones=[PhoneInput("13812345678")], city="长沙"),
                   VehicleInput(plate="湘A12345", make="比亚迪", model="汉", year=2021,
                                fuel="纯电")),
                  (CustomerInput(first_name="娜", last_name="李",
                                 phones=[PhoneInput("13987654321")], city="长沙"),
                   VehicleInput(plate="湘A67890", make="大众", model="途观", year=2019,
                                fuel="柴油"))]
        situation = Situation("更换制动液", "排空并加注制动液", "制动液 DOT4", "张伟", "张伟",
                              "湘A12345", "湘A67890",
                              {"title": "套餐", "due": "每 24 个月", "fuels": "汽油、纯电动"})
    else:
        people = [(CustomerInput(first_name="Ann", last_name="Smith",
                                 phones=[PhoneInput("(217) 555-0142")], city="Springfield"),
                   VehicleInput(plate="EV-123-CD", make="Tesla", model="Model 3", year=2021,
                                fuel="EV")),
                  (CustomerInput(first_name="Bob", last_name="Jones",
                                 phones=[PhoneInput("(217) 555-0199")], city="Springfield"),
                   VehicleInput(plate="XY-987-ZW", make="Ford", model="Transit", year=2019,
                                fuel="diesel"))]
        situation = Situation("Brake fluid change", "Bleed and refill the brake fluid",
                              "Brake fluid DOT4", "Smith, Ann", "smith", "EV-123-CD",
                              "XY-987-ZW",
                              {"title": "Package", "due": "every 24 months",
                               "fuels": "Petrol, Electric"})
    for data, car in people:
        customer = customers.add_customer(owner, data).customer
        vehicle = vehicles.add_vehicle(owner, customer.id, car).vehicle
        vehicles.record_odometer(owner, vehicle.id, 30000, today - dt.timedelta(days=800))
        vehicles.record_odometer(owner, vehicle.id, 52000, today - dt.timedelta(days=100))
    parts.create_part(owner, sku="BF-DOT4", name=situation.fluid, cost="5.00",
                      retail_price="14.00", trade_price="10.00")
    return situation


def rows(model) -> list[tuple]:
    return [model.row(r) for r in range(model.rowCount())]


def script(keys: Keys, main, s: Situation):
    # Repair orders (Ctrl+4) → Packages (Alt+P) → New (Insert)
    yield keys.press(Qt.Key.Key_4, CTRL)
    yield keys.until(lambda: "repair_orders" in main.screens, "the repair orders")
    page = main.screens["repair_orders"].packages
    yield keys.press(Qt.Key.Key_P, ALT)
    yield keys.until(lambda: focused() is page.find, "the packages' find box")
    assert page.model.rowCount() == 0
    yield keys.press(Qt.Key.Key_Insert)
    yield keys.until(lambda: modal(PackageDialog), "the package dialog")
    dialog = modal(PackageDialog)
    assert dialog.windowTitle() == s.words["title"] and focused() is dialog.name
    yield keys.type(s.package)
    # petrol and electric cars: Alt+F (Petrol), Space, Tab ×4 (Electric), Space
    yield keys.press(Qt.Key.Key_F, ALT)
    yield keys.press(Qt.Key.Key_Space)
    for _ in range(4):
        yield keys.press(Qt.Key.Key_Tab)
    yield keys.press(Qt.Key.Key_Space)
    assert [f for f, box in dialog.fuel_boxes.items() if box.isChecked()] == ["petrol",
                                                                             "electric"]
    # every 24 months: Alt+V (km), Tab (months)
    yield keys.press(Qt.Key.Key_V, ALT)
    yield keys.press(Qt.Key.Key_Tab)
    assert focused() is dialog.months
    yield keys.type("24")
    # the lines (Alt+I): labour 0.5 h; the brake fluid by its part number
    yield keys.press(Qt.Key.Key_I, ALT)
    assert focused() is dialog.line_kind
    yield keys.press(Qt.Key.Key_Tab)
    yield keys.press(Qt.Key.Key_Tab)
    assert focused() is dialog.line_description
    yield keys.type(s.labour)
    yield keys.press(Qt.Key.Key_Tab)
    yield keys.type("0.5")
    yield keys.press(Qt.Key.Key_L, ALT)
    yield keys.until(lambda: dialog.lines_model.rowCount() == 1, "the labour line")
    yield keys.press(Qt.Key.Key_Tab)
    assert focused() is dialog.line_sku
    yield keys.type("BF-DOT4")
    yield keys.press(Qt.Key.Key_L, ALT)
    yield keys.until(lambda: dialog.lines_model.rowCount() == 2, "the part line")
    assert [r[1:3] for r in rows(dialog.lines_model)] == [(s.labour, ""),
                                                          (s.fluid, "BF-DOT4")]
    yield keys.press(Qt.Key.Key_Return)  # Save
    yield keys.until(lambda: modal(PackageDialog) is None, "saved")
    [row] = rows(page.model)
    assert row[:4] == (s.package, s.words["fuels"], s.words["due"], "")
    # the front desk's reminder list: the electric car is due for it (not the diesel one)
    yield keys.press(Qt.Key.Key_1, CTRL)
    desk = main.screens["front_desk"]
    yield keys.press(Qt.Key.Key_R, ALT)
    tab = desk.reminders
    yield keys.until(lambda: tab.complete, "the services due")
    assert [r[6] for r in rows(tab.model) if r[7] == s.package] == [s.plate]
    yield keys.type(s.find)
    yield keys.until(lambda: tab.model.rowCount() == 1, "the customer's service due")
    assert (tab.model.row(0)[2], tab.model.row(0)[7]) == (s.customer, s.package)
    # back to the packages: archive it (asked first: Yes)
    yield keys.press(Qt.Key.Key_4, CTRL)
    yield keys.until(lambda: focused() is page.find, "the packages again")
    assert page.current().name == s.package
    yield keys.press(Qt.Key.Key_A, ALT)
    yield keys.until(lambda: modal(QMessageBox), "the question")
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: page.model.rowCount() == 0, "the row gone")
    # the reminder list loads again: nothing due for an archived package
    yield keys.press(Qt.Key.Key_1, CTRL)
    yield keys.until(lambda: tab.complete and all(r.package != s.package for r in tab.rows),
                     "the reminder gone")


def test_a_package_from_the_keyboard_changes_the_reminder_list(qtbot, shop, window):
    situation = brake_fluid_shop(shop)
    main = window(shop.owner)
    keys = Keys(qtbot, main)
    keys.run(script(keys, main, situation))
    assert keys.control <= KEYS, keys.log

    [pkg] = MaintenancePackage.select()
    assert (pkg.name, pkg.archived, pkg.interval_months, pkg.interval_km) == (
        situation.package, True, 24, None)
    assert pkg.fuel_types == "petrol,electric" or set(pkg.fuel_types.split(",")) == {
        "petrol", "electric"}
    lines = maintenance.lines_of(shop.owner, pkg)
    assert [(li.kind, li.description, li.quantity) for li in lines] == [
        ("labour", situation.labour, Decimal("0.5")), ("part", situation.fluid, Decimal("1"))]
    assert lines[1].part.sku == "BF-DOT4" and lines[1].unit_price is None
