"""A whole visit through the window: book, check in, inspect, estimate with a package,
approval with one declined line, clock time, finish (stock falls), print the estimate, and
at the next visit the declined work is recommended and the package's next due date shown."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from shopdesk.gui.invoices.invoice_view import InvoiceView
from shopdesk.models.parts import Part
from shopdesk.models.repair_orders import Status
from shopdesk.services.workshop import appointments, repair_orders
from tests.helpers.workshop import workshop


def _save(dialog) -> None:
    """Press Save; once the dialog closes, the main window is active again (offscreen Qt
    does not hand activation back by itself)."""
    dialog.buttons.accepted.emit()
    window = dialog.parent().window()
    if not dialog.isVisible():
        window.activateWindow()


def test_a_whole_visit(qtbot, make_window, owner, clerk, tmp_path):
    shop = workshop(owner)
    window = make_window(clerk)
    desk = window.show_screen("front_desk")
    keys = window.windowHandle()

    # book for later today from the front desk (Ctrl+B), by plate
    desk.book_button.setFocus()
    qtbot.keyClick(keys, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    book = desk.dialog
    qtbot.keyClicks(book.plate, "ab 123 cd")
    when = dt.datetime.combine(dt.date.today(), dt.time(23, 0))
    book.starts.setDateTime(when)
    book.what.setText("Oil change, squeak when braking")
    _save(book)
    assert book.error.text() == ""
    assert desk.today_model.rowCount() == 1
    assert desk.today_model.row(0)[2] == "AB-123-CD"

    # check in: odometer lower than last time is refused in the dialog, nothing saved
    desk.today_view.selectRow(0)
    qtbot.waitActive(window)
    desk.today_view.setFocus()
    qtbot.keyClick(keys, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    check_in = desk.dialog
    qtbot.keyClicks(check_in.odometer, "45000")
    _save(check_in)
    assert "lower than the last reading" in check_in.error.text()
    assert repair_orders.of_vehicle(owner, shop.vehicle_id) == []
    check_in.odometer.setText("52000")
    _save(check_in)
    screen = window.screens["repair_orders"]
    assert window.current_key() == "repair_orders"
    editor = screen.editor
    assert editor.title.text() == "RO-000001 · Estimate"
    assert editor.concerns.toPlainText() == "Oil change, squeak when braking"

    # inspection
    qtbot.keyClicks(editor.finding_item, "Front brake pads")
    editor.finding_condition.setCurrentIndex(2)
    qtbot.keyClicks(editor.finding_note, "2 mm left")
    qtbot.keyClick(editor.finding_note, Qt.Key.Key_Return)
    assert editor.inspection_model.row(0) == ("Front brake pads", "Urgent", "2 mm left")

    # estimate: the package in one action, then the brake job
    assert editor.package_combo.currentText() == "Oil service — $106.24"  # at retail
    qtbot.mouseClick(editor.package_add, Qt.MouseButton.LeftButton)
    editor.line_kind.setCurrentIndex(0)  # labour
    qtbot.keyClicks(editor.line_description, "Replace front brake pads")
    editor.line_qty.setText("1.5")
    qtbot.keyClicks(editor.line_price, "80")
    qtbot.keyClick(editor.line_price, Qt.Key.Key_Return)
    assert editor.lines_model.rowCount() == 4
    assert "waiting $226.24" in editor.totals.text()

    # the customer says no to the brake job on the phone
    editor.select_line(3)
    editor.lines_view.setFocus()
    qtbot.keyClick(keys, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert editor.lines_model.row(3)[-1] == "declining…"
    editor.method.setCurrentText("phone")
    qtbot.keyClick(keys, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert editor.title.text() == "RO-000001 · Approved"
    assert [editor.lines_model.row(i)[-1] for i in range(4)] == [
        "approved", "approved", "approved", "declined"]

    # estimate PDF for the customer's records
    editor.pdf_folder = tmp_path
    qtbot.keyClick(keys, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    text = PdfReader(tmp_path / "RO-000001-estimate.pdf").pages[0].extract_text()
    assert "ESTIMATE" in text and "declined" in text and "$116.86" in text

    # clock on and off (F9), then finish: the parts leave stock
    qtbot.keyClick(keys, Qt.Key.Key_F9)
    assert editor.title.text() == "RO-000001 · In progress"
    assert editor.clock_button.text().replace("&", "") == "Clock off (F9)"
    qtbot.keyClick(keys, Qt.Key.Key_F9)
    assert editor.message.text() == ""
    qtbot.mouseClick(editor.done_button, Qt.MouseButton.LeftButton)
    assert editor.title.text() == "RO-000001 · Done"
    assert Part.get_by_id(shop.oil.id).on_hand == Decimal("15.500")
    assert Part.get_by_id(shop.oil_filter.id).on_hand == Decimal("4.000")
    assert "Oil service by" in editor.due_label.text() and "62,000 km" in editor.due_label.text()

    # the invoice: Make invoice shows the draft, to issue there (here: closed as a draft)
    shown: list = []

    def look_and_close() -> None:
        view = QApplication.activeModalWidget()
        if not isinstance(view, InvoiceView):
            QTimer.singleShot(20, look_and_close)
            return
        shown.append((view.invoice.status, view.issue_button.isVisible(),
                      view.pay_button.text()))
        view.reject()

    QTimer.singleShot(0, look_and_close)
    qtbot.mouseClick(editor.invoice_button, Qt.MouseButton.LeftButton)
    assert shown == [("draft", True, "Issue and take &payment (F12)")]
    assert editor.title.text() == "RO-000001 · Invoiced"
    assert editor.invoice_button.text() == "Open &invoice"
    window.activateWindow()  # (offscreen Qt does not hand activation back by itself)
    qtbot.waitActive(window)
    desk = window.show_screen("front_desk")
    assert desk.ready_model.row(0)[0] == "RO-000001"

    # the next visit: a walk-in; the declined brake job is recommended
    qtbot.keyClick(keys, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    walk_in = desk.dialog
    qtbot.keyClicks(walk_in.plate, "AB123CD")
    walk_in.odometer.setText("58000")
    _save(walk_in)
    assert editor.title.text() == "RO-000002 · Estimate"
    assert "Replace front brake pads (RO-000001)" in editor.recommended.text()
    qtbot.mouseClick(editor.take_up_button, Qt.MouseButton.LeftButton)
    assert editor.lines_model.row(0)[1] == "Replace front brake pads"
    # a part by its number, with a line discount
    qtbot.keyClicks(editor.line_part, "OIL-5W30")
    editor.line_qty.setText("1")
    qtbot.keyClicks(editor.line_discount, "10")
    qtbot.keyClick(editor.line_discount, Qt.Key.Key_Return)
    assert editor.lines_model.row(1)[1:] == ("Engine oil 5W-30  [OIL-5W30]", "1", "$12.50",
                                             "10%", "$11.25", "", "waiting")
    qtbot.keyClicks(editor.line_part, "NOPE-1")
    qtbot.keyClick(editor.line_part, Qt.Key.Key_Return)
    assert editor.message.text() == "No part has the number or barcode 'NOPE-1'"
    assert appointments.day(owner, dt.date.today())[0].status == "checked_in"
    assert repair_orders.get(owner, 1).status == Status.INVOICED


def test_front_desk_and_editor_look(qtbot, make_window, owner, clerk, technician):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id, odometer=52000,
                                     concerns="Squeak when braking")
    appointments.book(clerk, shop.customer_id, dt.datetime.combine(
        dt.date.today() + dt.timedelta(days=1), dt.time(9)), vehicle_id=shop.vehicle_id,
        bay="Bay 1", what="Oil service")
    window = make_window(clerk)
    desk = window.show_screen("front_desk")
    assert desk.confirm_model.row(0)[1:4] == ("Smith, Ann", "(217) 555-0142", "AB-123-CD")
    desk.confirm_view.selectRow(0)
    desk.confirm()
    assert desk.confirm_model.rowCount() == 0
    assert "Estimate: 1" in desk.counts.text()
    desk.grab().save("/tmp/front_desk.png")
    desk.tabs.setCurrentIndex(1)
    desk.calendar_day.setDate(dt.date.today() + dt.timedelta(days=1))
    assert desk.calendar_model.data(desk.calendar_model.index(2, 0)).startswith("Smith, Ann")
    desk.grab().save("/tmp/calendar.png")
    desk.open_order(order.id)
    window.grab().save("/tmp/repair_order.png")
    # a technician sees only their own jobs
    tech_window = make_window(technician)
    tech_screen = tech_window.show_screen("repair_orders")
    assert tech_screen.list.lazy.rowCount() == 0


def test_reminders_at_the_front_desk(qtbot, make_window, owner, clerk, tmp_path):
    shop = workshop(owner)
    window = make_window(clerk)
    desk = window.show_screen("front_desk")
    tab = desk.reminders
    desk.tabs.setCurrentWidget(desk.reminders_page)
    tab.load()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10000)
    assert tab.model.row(0)[:4] == ("overdue", tab.model.row(0)[1], "Smith, Ann",
                                    "(217) 555-0142")
    assert tab.summary.text() == "1 services due (1 overdue) for 1 customers"
    tab.view.selectRow(0)
    tab.mark_sent()
    assert tab.model.row(0)[-1] != ""
    from shopdesk.models.crm import Interaction

    assert Interaction.select().where(Interaction.summary.contains("Service reminder")).count() \
        == 1
    [xlsx] = [tab.export_to(tmp_path / "due.xlsx")]
    assert xlsx.exists()
    assert len(tab.letters_to(tmp_path / "letters")) == 1
    tab.book()
    book = desk.dialog
    assert book.plate.text() == "AB-123-CD" and book.what.text() == "Oil service"
    _save(book)
    assert book.error.text() == ""
    from shopdesk.services.workshop import reminders as reminder_service

    today = dt.date.today()
    assert reminder_service.conversion(owner, today, today).converted == 1
    assert shop.vehicle_id == appointments.to_confirm(owner)[0].vehicle_id


def test_the_reminder_list_narrows_to_a_customer_and_acts_on_the_row_shown(
        qtbot, make_window, owner, clerk, tmp_path):
    from openpyxl import load_workbook

    from shopdesk.models.maintenance import Reminder
    from shopdesk.services.crm import customers, vehicles
    from shopdesk.services.crm.customers import CustomerInput, PhoneInput
    from shopdesk.services.crm.vehicles import VehicleInput

    shop = workshop(owner)
    bob = customers.add_customer(owner, CustomerInput(
        first_name="Bob", last_name="Jones", phones=[PhoneInput("(217) 555-0199")])).customer
    car = vehicles.add_vehicle(owner, bob.id, VehicleInput(
        plate="XY 987 ZW", make="Honda", model="Civic", year=2017)).vehicle
    today = dt.date.today()
    vehicles.record_odometer(owner, car.id, 30000, today - dt.timedelta(days=360))
    vehicles.record_odometer(owner, car.id, 38000, today - dt.timedelta(days=180))
    window = make_window(clerk)
    desk = window.show_screen("front_desk")
    tab = desk.reminders
    desk.tabs.setCurrentWidget(desk.reminders_page)  # the list loads when first shown
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=10000)
    assert tab.find.hasFocus() or QApplication.focusWidget() is tab.find
    # the plate as typed with its spaces or without, a phone's digits, a name: one row, current
    for typed in ("xy987", "XY 987", "0199", "jones oil"):
        tab.find.setText(typed)
        assert [r.plate for r in tab.shown_rows()] == ["XY 987 ZW"], typed
        assert tab.selected().due.vehicle_id == car.id
    assert tab.summary.text().endswith("1 shown")
    tab.mark_sent()  # the row shown is Bob's, not the list's first
    assert [r.vehicle_id for r in Reminder.select()] == [car.id]
    assert tab.model.row(0)[-1] != ""
    written = tab.export_to(tmp_path / "due.xlsx")  # what the list shows
    assert [row[3] for row in load_workbook(written).active.iter_rows(min_row=2,
                                                                      values_only=True)] \
        == ["Jones, Bob"]
    tab.find.clear()
    assert tab.model.rowCount() == 2 and tab.summary.text().endswith("customers")
    tab.find.setText("nobody")
    assert tab.model.rowCount() == 0 and tab.selected() is None
    tab.book()  # nothing shown: nothing to book
    assert desk.dialog is None
    tab.find.setText("0142")
    qtbot.keyClick(tab.find, Qt.Key.Key_Return)  # Enter books the row shown
    assert desk.dialog.plate.text() == "AB-123-CD" and desk.dialog.package_id == shop.package.id
    desk.dialog.reject()


def test_a_booked_service_that_cannot_go_on_the_order_is_said_in_the_editor(
        qtbot, make_window, owner, clerk):
    shop = workshop(owner, filters=0)  # the package's oil filter is not in stock
    appointments.book(clerk, shop.customer_id, dt.datetime.combine(dt.date.today(), dt.time(9)),
                      vehicle_id=shop.vehicle_id, what="Oil service", package_id=shop.package.id)
    window = make_window(clerk)
    desk = window.show_screen("front_desk")
    dialog = desk.check_in()
    qtbot.keyClicks(dialog.odometer, "52000")
    _save(dialog)
    editor = window.screens["repair_orders"].editor
    assert window.current_key() == "repair_orders" and editor.order is not None
    assert editor.order.concerns == "Oil service" and editor.lines_model.rowCount() == 0
    assert editor.message.text().startswith("The booked service was not added: Only 0 ")
