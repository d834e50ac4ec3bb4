"""J1: a returning customer walks in. From the front desk, with the keyboard only, the clerk
finds them by what comes to mind: the last digits of a phone plus a few letters of the name, a
plate fragment, the tail of the VIN or, for a Chinese name, its pinyin initials, and opens
their file. Ctrl+K, type, Enter: 2 control keys of the 4 allowed. In a US shop in English and a
Chinese shop in Chinese; several look-alike customers are on file so the first hit must be
the right one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from shopdesk.services.crm import customers
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.crm.vehicles import VehicleInput
from tests.journeys.keyboard import CTRL, Keys, focused
from tests.journeys.shops import Person, customer_with_car

BUDGET = 4


def look_alikes(shop) -> None:
    """Other customers who share a phone tail, a family name or a plate's start."""
    from shopdesk.services.crm import vehicles

    owner = shop.owner
    if shop.chinese:
        others = [("芳", "张", "13912340142", "湘A12399"), ("伟", "王", "13700000142", "湘B12345"),
                  ("强", "赵", "13800000678", "湘A55555")]
    else:
        others = [("Bob", "Smithers", "(217) 555-9142", "AB-129-XY"),
                  ("Tom", "Taylor", "(312) 555-0142", "KL-123-CD"),
                  ("Ann", "Baker", "(217) 555-0143", "AB-777-ZZ")]
    for first, last, phone, plate in others:
        found = customers.add_customer(owner, CustomerInput(
            first_name=first, last_name=last, phones=[PhoneInput(phone)])).customer
        vehicles.add_vehicle(owner, found.id, VehicleInput(plate=plate, make="Ford",
                                                          model="Focus", year=2015))


def ways_to_find(shop, person: Person) -> list[tuple[str, str]]:
    """(what the clerk types, how) for this shop's customer."""
    if shop.chinese:
        return [("5678 张", "phone tail and family name"), ("zw", "pinyin initials"),
                ("湘A123", "plate fragment"), ("123456", "VIN tail")]
    return [("0142 smi", "phone tail and name letters"), ("B123C", "plate fragment"),
            ("004352", "VIN tail")]


def script(keys: Keys, main, person: Person, typed: str):
    """Ctrl+K, what the clerk types, Enter: the customer's file is open."""
    yield keys.press(Qt.Key.Key_K, CTRL)
    assert focused() is main.ui.searchBox
    yield keys.type(typed)
    popup = main.global_search.popup
    yield keys.until(lambda: popup.isVisible() and popup.model.rowCount() > 0,
                     "the list under the box")
    yield keys.press(Qt.Key.Key_Return)
    screen = main.screens["customers"]
    yield keys.until(lambda: screen.stack.currentWidget() is screen.file_view
                     and screen.file_view.customer_id == person.customer_id,
                     "the customer's file")


@pytest.mark.parametrize("way", range(4))
def test_find_a_returning_customer(qtbot, shop, window, way):
    person = customer_with_car(shop)
    look_alikes(shop)
    ways = ways_to_find(shop, person)
    if way >= len(ways):
        pytest.skip("pinyin initials are for Chinese names")
    typed, _how = ways[way]
    main = window(shop.actor("clerk"))
    keys = Keys(qtbot, main)
    keys.run(script(keys, main, person, typed))
    assert keys.control <= BUDGET, keys.log
    file_view = main.screens["customers"].file_view
    assert file_view.name_label.text().startswith(person.name)
    assert person.plate in "".join(file_view.vehicles.model.row(r)[0]
                                   for r in range(file_view.vehicles.model.rowCount()))
