"""Customer file → Vehicles → History…: the odometer readings (date, km, source, who) and the
owners over time in one window (not a message box)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from shopdesk import formatting
from shopdesk.gui.customers.vehicle_history import VehicleHistoryDialog
from shopdesk.services.crm import vehicles
from shopdesk.services.workshop import repair_orders
from tests.helpers.workshop import workshop
from tests.services.customer_helpers import person


def test_history_lists_readings_with_source_and_owners(qtbot, make_window, owner, clerk):
    shop = workshop(owner)  # readings 40,000 (360 days ago) and 46,000 (180 days ago)
    order = repair_orders.open_order(clerk, shop.vehicle_id, odometer=47000)
    bob = person(clerk, "Bob", "Jones", phone="", email="")
    vehicles.transfer(clerk, shop.vehicle_id, bob.id, note="sold privately")

    window = make_window(clerk)
    screen = window.show_screen("customers")
    view = screen.file_view
    view.show_customer(bob.id)
    view.vehicles.table.selectRow(0)
    seen: list = []

    def look(dialog) -> None:
        seen.append(dialog)
        dialog.accept()

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, VehicleHistoryDialog):
            look(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    view.owners()
    dialog = seen[0]
    readings = [dialog.readings.row(r) for r in range(dialog.readings.rowCount())]
    today = dt.date.today()
    assert readings[0][:3] == (formatting.date(today), "47,000", f"Check-in {order.number}")
    assert readings[0][3] == "Carl Clerk"
    assert [r[1] for r in readings] == ["47,000", "46,000", "40,000"]
    assert readings[2][2] == "Typed in"
    owners = [dialog.owners.row(r) for r in range(dialog.owners.rowCount())]
    assert [o[0] for o in owners] == ["Smith, Ann", "Jones, Bob"]
    assert owners[1][2] == "now" and owners[0][3] == "" and "sold privately" in owners[1][3]
