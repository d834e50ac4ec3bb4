"""Keyboard-first front desk: tab order of the main forms, and a whole visit without the mouse
(find the customer, new repair order, add a line, save, estimate; counter sale, scan, pay,
print), and booking from the customer file."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QWidget

from shopdesk.gui.context import AppContext
from shopdesk.gui.customers.check_in_dialog import CheckInDialog as NewCustomerDialog
from shopdesk.gui.invoices import pdf_output
from shopdesk.gui.invoices.counter_sale import CounterSale
from shopdesk.gui.invoices.payment_dialog import PaymentDialog
from shopdesk.gui.widgets.tab_order import walk
from shopdesk.gui.workshop.dialogs import BookDialog, CheckInDialog
from shopdesk.gui.workshop.order_editor import OrderEditor
from shopdesk.models.invoices import Invoice, PaymentMethod
from shopdesk.services.sales import invoices
from shopdesk.services.workshop import appointments, repair_orders
from tests.helpers.workshop import workshop

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    assert QTest.qWaitForWindowActive(widget)
    return widget


def _in(sequence: list[QWidget], wanted: list[QWidget]) -> list[QWidget]:
    """The walk, keeping only the widgets the form orders (other areas may add their own)."""
    return [w for w in sequence if w in wanted]


def _button(parent: QWidget, text: str) -> QPushButton:
    return next(b for b in parent.findChildren(QPushButton) if text in b.text())


# --- tab order ------------------------------------------------------------------------------
def test_check_in_form_tab_order(qtbot, db, clerk):
    dialog = _shown(qtbot, NewCustomerDialog(AppContext(db, clerk)))
    c, v = dialog.customer, dialog.vehicle
    assert QApplication.focusWidget() is c.first_name
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert walk(c.first_name) == [
        c.first_name, c.last_name, c.company_name, c.phone, c.phone2, c.email, c.address,
        c.city, c.postcode, v.plate, v.vin, v.make, v.model, v.year, v.engine, v.fuel, v.colour,
        v.odometer, dialog.note, save, cancel, c.kind]


def test_repair_order_editor_tab_order(qtbot, db, owner, clerk):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id, odometer=52000)
    editor = OrderEditor(AppContext(db, clerk))
    editor.show_order(order.id)
    _shown(qtbot, editor)
    e = editor
    intended = [e.concerns, e.save_button, e.finding_item, e.finding_condition, e.finding_note,
                e.finding_add, e.inspection_view, e.lines_view, e.line_kind, e.line_part,
                e.line_description, e.line_qty, e.line_price, e.line_discount, e.line_tech,
                e.line_add, e.package_combo, e.package_add, e.assign_button, e.decline_button,
                e.remove_button, e.fitted_button, e.method, e.approve_button, e.cancel_button,
                e.estimate_button, e.job_card_button, e.history_button]
    # (an estimate: clock, done, invoice... are disabled, so Tab skips them)
    assert _in(walk(e.concerns), intended) == intended


def test_counter_sale_tab_order(qtbot, db, owner, clerk):
    shop = workshop(owner)
    assert shop.oil_filter.sku == "OF-100"
    sale = _shown(qtbot, CounterSale(AppContext(db, clerk)))
    assert QApplication.focusWidget() is sale.scan
    qtbot.keyClicks(sale.scan, "OF-100")
    qtbot.keyClick(sale.scan, Qt.Key.Key_Return)
    assert sale.model.rowCount() == 1
    intended = [sale.scan, sale.table, _button(sale, "(F4)"), _button(sale, "Cas&h"), sale.level,
                _button(sale, "(Del)"), sale.lost_button, sale.card_button, sale.pay_button]
    assert _in(walk(sale.scan), intended) == intended
    sale.reject()


def test_payment_dialog_tab_order(qtbot, db, owner, clerk):
    shop = workshop(owner)
    draft = invoices.create_draft(clerk, None, source="counter sale")
    invoices.scan_part(clerk, draft.id, shop.oil_filter.id)
    dialog = _shown(qtbot, PaymentDialog(clerk, invoices.issue(clerk, draft.id)))
    assert QApplication.focusWidget() is dialog.amount
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cash = dialog.methods[PaymentMethod.CASH]  # the ways to pay: one Tab stop, arrows move
    assert walk(dialog.amount) == [dialog.amount, dialog.tendered, dialog.reference,
                                   dialog.split_button, ok, cancel, cash]


# --- a whole visit by keyboard --------------------------------------------------------------
class Modal:
    """Runs ``action(dialog)`` once a modal ``kind`` is up (exec() blocks the test); a failure
    closes the dialog so the test ends and reports it."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []

    def when(self, kind: type, action: Callable[[QWidget], None]) -> None:
        def check() -> None:
            dialog = QApplication.activeModalWidget()
            if not (isinstance(dialog, kind) and dialog.isVisible()):
                QTimer.singleShot(20, check)
                return
            QTest.qWaitForWindowExposed(dialog)
            dialog.activateWindow()
            try:
                assert QTest.qWaitForWindowActive(dialog), "the dialog never became active"
                action(dialog)
            except BaseException as exc:  # reported by the test
                self.errors.append(exc)
                dialog.reject()

        QTimer.singleShot(0, check)


def _active(window) -> None:
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)


def _key(qtbot, window, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    _active(window)
    qtbot.keyClick(window.windowHandle(), key, modifiers)


def _type(qtbot, text: str, *then: Qt.Key) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClicks(widget, text)
    for key in then:
        qtbot.keyClick(QApplication.focusWidget(), key)


@pytest.fixture
def printed(tmp_path, monkeypatch) -> list:
    """The system print dialog answered "Print" to a PDF file (no printer in a test)."""
    files: list = []

    class PrintToFile:
        DialogCode = QPrintDialog.DialogCode

        def __init__(self, printer, _parent) -> None:
            self.printer = printer

        def setWindowTitle(self, _title: str) -> None:
            pass

        def exec(self) -> QPrintDialog.DialogCode:
            path = tmp_path / f"printed-{len(files) + 1}.pdf"
            self.printer.setOutputFileName(str(path))
            files.append(path)
            return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(pdf_output, "QPrintDialog", PrintToFile)
    return files


def test_a_front_desk_visit_without_the_mouse(qtbot, make_window, owner, clerk, tmp_path,
                                             printed):
    workshop(owner)
    window = make_window(clerk)

    # find the customer by plate: Ctrl+K, type, Enter -> the customer file (one match)
    _key(qtbot, window, Qt.Key.Key_K, CTRL)
    assert QApplication.focusWidget() is window.ui.searchBox
    _type(qtbot, "ab123cd", Qt.Key.Key_Return)
    customers = window.screens["customers"]
    assert window.current_key() == "customers"
    assert customers.stack.currentWidget() is customers.file_view
    assert customers.file_view.name_label.text().startswith("Smith, Ann")

    # new repair order for the car: Ctrl+R, odometer, Tab Tab concerns, Enter
    _key(qtbot, window, Qt.Key.Key_R, CTRL)
    check_in = customers.file_view.dialog
    assert isinstance(check_in, CheckInDialog) and check_in.plate.text() == "AB-123-CD"
    assert QApplication.focusWidget() is check_in.odometer
    _type(qtbot, "52000", Qt.Key.Key_Tab, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is check_in.concerns
    _type(qtbot, "Wipers smear", Qt.Key.Key_Return)
    assert not check_in.isVisible(), check_in.error.text()
    assert window.current_key() == "repair_orders"
    editor = window.screens["repair_orders"].editor
    assert editor.title.text() == "RO-000001 · Estimate"

    # add a line: Ctrl+L, description, Tab qty, Tab price, Enter
    _key(qtbot, window, Qt.Key.Key_L, CTRL)
    assert QApplication.focusWidget() is editor.line_description
    _type(qtbot, "Replace wiper blades", Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.line_qty
    _type(qtbot, "2", Qt.Key.Key_Tab)
    _type(qtbot, "15", Qt.Key.Key_Return)
    assert editor.lines_model.row(0)[1:6] == ("Replace wiper blades", "2", "$15.00", "",
                                              "$30.00")
    # save (Ctrl+S) and the estimate for the customer (Ctrl+P)
    _key(qtbot, window, Qt.Key.Key_S, CTRL)
    assert window.statusBar().currentMessage() == "Concerns saved"
    assert repair_orders.get(owner, 1).concerns == "Wipers smear"
    editor.pdf_folder = tmp_path
    _key(qtbot, window, Qt.Key.Key_P, CTRL)
    estimate = PdfReader(tmp_path / "RO-000001-estimate.pdf").pages[0].extract_text()
    assert "Replace wiper blades" in estimate and "$30.00" in estimate

    # counter sale from anywhere: Ctrl+Shift+S, scan, F12, Enter pays, and the print dialog
    # opens for the paid invoice at once (answered by the `printed` fixture: it prints)
    modal = Modal()

    def sell(sale: CounterSale) -> None:
        assert QApplication.focusWidget() is sale.scan
        _type(qtbot, "OF-100", Qt.Key.Key_Return)
        assert sale.model.rowCount() == 1
        modal.when(PaymentDialog, pay)
        qtbot.keyClick(sale.windowHandle(), Qt.Key.Key_F12)

    def pay(dialog: PaymentDialog) -> None:
        assert QApplication.focusWidget() is dialog.amount
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)

    modal.when(CounterSale, sell)
    _key(qtbot, window, Qt.Key.Key_S, CTRL | SHIFT)
    assert modal.errors == []
    sold = Invoice.select().where(Invoice.source == "counter sale").get()
    assert sold.status == "issued" and invoices.balance_due(sold) == 0
    assert sold.gross == Decimal("10.99")  # one filter at 9.99 + 10% tax, paid in full
    assert len(printed) == 1 and len(PdfReader(printed[0]).pages) == 1  # the page, as printed
    assert sold.number in PdfReader(io.BytesIO(printed[0].read_bytes())).pages[0].extract_text()
    assert window.statusBar().currentMessage() == f"{sold.number}: Paid in full. Printed."


def test_book_from_the_customer_file_shows_at_the_front_desk(qtbot, make_window, owner, clerk):
    shop = workshop(owner)
    window = make_window(clerk)
    customers = window.show_screen("customers")
    customers.open_customer(shop.customer_id)
    file_view = customers.file_view
    assert file_view.book_button.toolTip() == \
        "Book an appointment for the selected car  (Ctrl+B)"
    _key(qtbot, window, Qt.Key.Key_B, CTRL)
    book = file_view.dialog
    assert isinstance(book, BookDialog) and book.plate.text() == "AB-123-CD"
    when = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(9))
    assert book.starts.dateTime().toPython() == when  # tomorrow 9:00 unless changed
    qtbot.keyClicks(book.what, "Brake check")
    qtbot.keyClick(book.what, Qt.Key.Key_Return)
    assert not book.isVisible(), book.error.text()
    [booked] = appointments.day(owner, when.date())
    assert (booked.customer_id, booked.vehicle_id, booked.what) == (
        shop.customer_id, shop.vehicle_id, "Brake check")
    assert "Booked for" in window.statusBar().currentMessage()
    desk = window.show_screen("front_desk")
    assert desk.confirm_model.row(0)[1:] == ("Smith, Ann", "(217) 555-0142", "AB-123-CD",
                                             "Brake check")
    # from the vehicle: the Vehicles tab's Book… for the car in the list
    window.show_screen("customers")
    file_view.tabs.setCurrentWidget(file_view.vehicles)
    _button(file_view.vehicles, "Book…").click()
    assert file_view.dialog.plate.text() == "AB-123-CD" and file_view.dialog is not book
    file_view.dialog.reject()


def test_empty_screens_say_what_to_do_next(make_window, owner):
    window = make_window(owner)
    customers = window.show_screen("customers")
    assert customers.count_label.text().startswith("No customers yet: press Ctrl+N")
    vehicles = window.show_screen("vehicles")
    assert "New check-in, Ctrl+N" in vehicles.count_label.text()
    editor = window.show_screen("repair_orders").editor
    assert "Walk-in by plate (Ctrl+Shift+R)" in editor.facts.text()
    invoices_screen = window.show_screen("invoices")
    assert "F9 for a counter sale" in invoices_screen.empty.text_label.text()
