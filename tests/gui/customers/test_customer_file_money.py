"""The customer file shows the customer's repair orders, invoices and balance due, and
opens an order or an invoice from its list."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from shopdesk import formatting
from shopdesk.gui.invoices.invoice_view import InvoiceView
from shopdesk.services.sales import invoices, payments
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.workshop import repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.workshop import workshop


def _close_next_modal(seen: list) -> None:
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        dialog.accept()
    QTimer.singleShot(0, poll)


def test_file_shows_order_invoice_and_balance_and_opens_them(qtbot, make_window, owner, clerk):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id, odometer=47000,
                                     concerns="Squeal when braking")
    repair_orders.add_line(clerk, order.id, LineInput("labour", "Replace front pads", "1.5",
                                                      "80.00"))
    draft = invoices.create_draft(clerk, shop.customer_id, shop.vehicle_id, lines=[
        LineDraft("Battery fitted", 1, "200.00", kind="labour")])
    invoice = invoices.issue(clerk, draft.id)
    payments.take_payment(clerk, invoice.id, "cash", "50.00")
    due = invoice.gross - 50

    window = make_window(clerk)
    screen = window.show_screen("customers")
    qtbot.keyClicks(screen.find_edit, "Smith")
    qtbot.keyClick(screen.list, Qt.Key.Key_Return)
    view = screen.file_view
    assert screen.stack.currentWidget() is view and view.customer_id == shop.customer_id

    orders = view.visits.model
    assert orders.rowCount() == 1
    assert orders.row(0)[1:5] == (order.number, orders.row(0)[2], "Estimate",
                                  formatting.money("120.00"))
    assert orders.row(0)[2].startswith("AB-123-CD")
    rows = view.invoices.model
    assert rows.rowCount() == 1
    number, _date, kind, _car, total, paid, owed, _note = rows.row(0)
    assert (number, kind, total, paid, owed) == (
        invoice.number, "Invoice", formatting.money(invoice.gross), formatting.money("50.00"),
        formatting.money(due))
    assert view.balance_label.text() == f"Balance owed: {formatting.money(due)}"
    assert view.detail_labels["balance"].text() == formatting.money(due)
    assert formatting.money(due) in view.tabs.tabText(3)
    assert view.reminders.model.row(0)[1] == "Oil service"  # due on the Accord

    seen: list = []
    _close_next_modal(seen)
    view.tabs.setCurrentWidget(view.invoices)
    view.invoices.table.setFocus()
    qtbot.keyClick(view.invoices.table, Qt.Key.Key_Return)  # Enter opens the current row
    assert isinstance(seen[0], InvoiceView) and seen[0].invoice_id == invoice.id

    view.tabs.setCurrentWidget(view.visits)
    view.visits.table.setFocus()
    qtbot.keyClick(view.visits.table, Qt.Key.Key_Return)
    assert window.current_key() == "repair_orders"
    assert window.screens["repair_orders"].editor.order.id == order.id


def test_a_customer_with_no_history_sees_honest_empty_lists(qtbot, make_window, clerk):
    from tests.services.customer_helpers import person

    ann = person(clerk)
    window = make_window(clerk)
    screen = window.show_screen("customers")
    screen.file_view.show_customer(ann.id)
    view = screen.file_view
    assert view.invoices.empty.isVisibleTo(view.invoices)
    assert view.invoices.model.rowCount() == 0 and view.visits.model.rowCount() == 0
    assert view.balance_label.text() == f"Balance owed: {formatting.money('0.00')}"
    assert not view.invoices.table.isVisibleTo(view.invoices)
    assert view.reminders.model.rowCount() == 0
