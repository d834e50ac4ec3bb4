"""The reminder list shows how each customer wants to be reached, and a long-overdue car as
"not seen since" its last visit; found and booked from the keyboard."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from shopdesk import formatting
from shopdesk.services.crm import customers, vehicles
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.crm.vehicles import VehicleInput
from tests.helpers.workshop import workshop


def test_channel_and_not_seen_rows_in_the_list(qtbot, make_window, owner, clerk):
    workshop(owner)
    bob = customers.add_customer(owner, CustomerInput(
        first_name="Bob", last_name="Jones", phones=[PhoneInput("(217) 555-0199")],
        preferred_channel="letter")).customer
    civic = vehicles.add_vehicle(owner, bob.id, VehicleInput(
        plate="XY 987 ZW", make="Honda", model="Civic", year=2015)).vehicle
    seen = dt.date.today() - dt.timedelta(days=1000)
    vehicles.record_odometer(owner, civic.id, 80000, seen)
    window = make_window(clerk)
    desk = window.show_screen("front_desk")
    tab = desk.reminders
    desk.tabs.setCurrentWidget(desk.reminders_page)  # the list loads when first shown
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2 and tab.complete, timeout=10000)
    by_customer = {tab.model.row(i)[2]: tab.model.row(i) for i in range(2)}
    ann, jones = by_customer["Smith, Ann"], by_customer["Jones, Bob"]
    assert (ann[0], ann[5]) == ("overdue", "Phone call")
    assert (jones[0], jones[5]) == (f"not seen since {formatting.date(seen)}", "Letter")
    # the clerk finds Bob from the keyboard and books the check-up with Enter
    tab.find.setFocus()
    qtbot.keyClicks(tab.find, "jones")
    assert tab.model.rowCount() == 1 and tab.model.row(0)[0].startswith("not seen since")
    qtbot.keyClick(tab.find, Qt.Key.Key_Return)
    assert desk.dialog.plate.text() == "XY 987 ZW"
    desk.dialog.reject()
