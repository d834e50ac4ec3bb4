"""Billing in the window, and what it refuses: a draft invoice issued, edited, deleted; a card
never charged more than is due; F12 where nothing can be paid; a filter that matches nothing.
Each refusal is one line in the screen's language, and nothing is written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from shopdesk import formatting
from shopdesk.gui import i18n as gui_i18n
from shopdesk.gui.context import AppContext
from shopdesk.gui.invoices.draft_lines_dialog import DraftLinesDialog
from shopdesk.gui.invoices.invoice_view import InvoiceView
from shopdesk.gui.invoices.payment_dialog import PaymentDialog
from shopdesk.models.base import database_proxy
from shopdesk.models.invoices import Invoice, InvoiceLine, Payment, PaymentMethod
from shopdesk.models.repair_orders import Status
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.workshop import repair_order_invoicing, repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.invoices import customer_with_car, stocked_part, workshop_invoice
from tests.helpers.workshop import workshop

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
CHINESE_NEGATIVE = "第 2 行（Goodwill）的单价为负数；请先更正再开具"


def _numbers_used() -> int:
    return database_proxy.execute_sql(
        "SELECT COALESCE(SUM(last_number), 0) FROM document_sequence").fetchone()[0]


def _view(qtbot, db, actor, invoice_id: int) -> InvoiceView:
    view = InvoiceView(AppContext(db, actor), invoice_id)
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    assert QTest.qWaitForWindowActive(view)
    return view


def _key(qtbot, window, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key to the window, as the keyboard sends it (the window made the focus window
    first: offscreen Qt does not always do it by itself)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle())
    qtbot.keyClick(window.windowHandle(), key, modifiers)


def _done_order(owner, clerk) -> int:
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id, odometer=52000)
    repair_orders.add_line(clerk, order.id, LineInput("labour", "Replace wipers", "0.5"))
    repair_orders.record_approval(clerk, order.id)
    repair_orders.set_status(clerk, order.id, Status.DONE)
    return order.id


def test_issue_a_draft_from_its_view(qtbot, db, owner, clerk):
    order_id = _done_order(owner, clerk)
    draft = repair_order_invoicing.invoice_order(clerk, order_id)
    view = _view(qtbot, db, clerk, draft.id)
    assert view.issue_button.isVisible() and view.edit_button.isVisible()
    assert view.pay_button.text() == "Issue and take &payment (F12)"
    assert not view.credit_button.isVisible()  # a draft is not credited: it is changed
    qtbot.keyClick(view.windowHandle(), Qt.Key.Key_I, CTRL)
    issued = invoices.get(owner, draft.id)
    assert issued.status == "issued" and issued.number.endswith("-00001")
    assert view.message.text() == f"Issued as {issued.number}."
    assert not view.issue_button.isVisible()
    assert view.pay_button.text() == "Take &payment (F12)"
    assert issued.number in view.windowTitle()


def test_a_draft_with_no_lines_is_not_issued(qtbot, db, clerk):
    draft = invoices.create_draft(clerk, lines=[LineDraft("Bulb", 1, "4.00")])
    for line in invoices.lines_of(clerk, draft):
        invoices.remove_line(clerk, line.id)
    view = _view(qtbot, db, clerk, draft.id)
    qtbot.keyClick(view.windowHandle(), Qt.Key.Key_F12)  # issue and take payment
    assert view.message.text() == "The invoice has no lines; add a part or labour first"
    assert QApplication.activeModalWidget() is None  # no payment dialog
    assert invoices.get(clerk, draft.id).status == "draft" and _numbers_used() == 0


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_draft_line_at_a_negative_price_is_refused_in_the_screen_language(
        qtbot, db, clerk, language):
    draft = invoices.create_draft(clerk, lines=[LineDraft("Bulb", 1, "4.00"),
                                                LineDraft("Goodwill", 1, "1.00")])
    # a line that went wrong on the way (an old release, a hand-edited database)
    InvoiceLine.update(unit_price=Decimal("-10.00")).where(
        InvoiceLine.description == "Goodwill").execute()
    gui_i18n.install(language)
    try:
        view = _view(qtbot, db, clerk, draft.id)
        qtbot.keyClick(view.windowHandle(), Qt.Key.Key_I, CTRL)
        expected = (CHINESE_NEGATIVE if language == "zh_CN"
                    else "Line 2 (Goodwill) has a negative unit price; correct it before "
                         "issuing")
        assert view.message.text() == expected
    finally:
        gui_i18n.install("en")
        formatting.configure(locale="en_US")
    assert invoices.get(clerk, draft.id).status == "draft" and _numbers_used() == 0


def test_edit_the_lines_of_a_draft(qtbot, db, owner, clerk):
    part = stocked_part(owner)
    draft = invoices.create_draft(clerk, lines=[LineDraft("Labour: fit filter", "1", "40.00",
                                                          kind="labour")])
    dialog = DraftLinesDialog(AppContext(db, clerk), draft.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)
    assert QApplication.focusWidget() is dialog.table  # the lines first
    # the selected line's price: Alt+U, type, Enter
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_U, ALT)
    assert QApplication.focusWidget() is dialog.price
    dialog.price.selectAll()
    qtbot.keyClicks(dialog.price, "35")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    assert invoices.lines_of(owner, draft)[0].unit_price == Decimal("35.00")
    # a part by its number, Enter adds it
    qtbot.keyClicks(dialog.new_code, "OF-100")
    qtbot.keyClick(dialog.new_code, Qt.Key.Key_Return)
    lines = invoices.lines_of(owner, draft)
    assert [(li.sku, li.unit_price) for li in lines] == [("", Decimal("35.00")),
                                                         ("OF-100", part.retail_price)]
    assert "total $49.49" in dialog.totals.text()  # (35.00 + 9.99) + 10 % tax
    # a bad price is refused in one line, nothing changed
    qtbot.keyClicks(dialog.new_description, "Cleaning")
    qtbot.keyClicks(dialog.new_price, "-3")
    qtbot.keyClick(dialog.new_price, Qt.Key.Key_Return)
    assert dialog.error.text() == "A unit price cannot be negative"
    assert len(invoices.lines_of(owner, draft)) == 2
    # Del on the table removes the selected line
    dialog.table.setFocus()
    dialog.table.selectRow(1)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert [li.sku for li in invoices.lines_of(owner, draft)] == [""]


def test_delete_a_repair_orders_draft_puts_the_order_back_to_done(qtbot, db, owner, clerk):
    order_id = _done_order(owner, clerk)
    draft = repair_order_invoicing.invoice_order(clerk, order_id)
    assert repair_orders.get(owner, order_id).status == Status.INVOICED
    view = _view(qtbot, db, clerk, draft.id)

    def confirm() -> None:
        box = view.__dict__.get("confirm_box")
        if box is None or not box.isVisible():
            QTimer.singleShot(20, confirm)
            return
        box.activateWindow()
        qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is box.windowHandle())
        QTest.keyClick(box.windowHandle(), Qt.Key.Key_D, ALT)  # "&Delete draft" (not default)

    QTimer.singleShot(0, confirm)
    qtbot.keyClick(view.windowHandle(), Qt.Key.Key_D, ALT)  # (a button's Alt key clicks it
    qtbot.waitUntil(lambda: not view.isVisible())           # after 100 ms, as Qt shows it)
    assert invoices.get(owner, draft.id).status == "void"
    order = repair_orders.get(owner, order_id)
    assert order.status == Status.DONE and order.invoice_id is None
    again = repair_order_invoicing.invoice_order(clerk, order_id)  # invoiced afresh
    assert again.id != draft.id and _numbers_used() == 0


def test_a_card_is_not_charged_more_than_is_due_in_the_dialog(qtbot, db, owner, clerk):
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    invoice = workshop_invoice(clerk, customer.id, vehicle.id, part.id)  # 153.98
    dialog = PaymentDialog(clerk, invoice)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_D, ALT)  # card: the cursor in the amount
    assert dialog.method_value() is PaymentMethod.CARD
    assert QApplication.focusWidget() is dialog.amount
    qtbot.keyClicks(dialog.amount, "1539.80")  # one digit too many
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.error.text() == ("A card payment cannot be more than the $153.98 due; cash "
                                   "above it is given back as change")
    assert dialog.isVisible() and Payment.select().count() == 0


def test_f12_where_nothing_can_be_paid_says_why(qtbot, make_window, owner, clerk):
    customer, _vehicle = customer_with_car(owner)
    paid = invoices.issue(clerk, invoices.create_draft(
        clerk, customer.id, lines=[LineDraft("Bulb", 1, "10.00")]).id)
    from shopdesk.services.sales import payments

    payments.take_payment(clerk, paid.id, "cash", "11.00")
    window = make_window(clerk)
    window.show_screen("parts")
    _key(qtbot, window, Qt.Key.Key_F12)
    assert window.statusBar().currentMessage().startswith("Nothing to pay here")
    screen = window.show_screen("invoices")
    screen.table.setFocus()
    screen.table.selectRow(0)
    _key(qtbot, window, Qt.Key.Key_F12)
    assert window.statusBar().currentMessage() == f"{paid.number} is already paid in full"
    customers = window.show_screen("customers")
    customers.open_customer(customer.id)
    _key(qtbot, window, Qt.Key.Key_F12)
    assert window.statusBar().currentMessage() == \
        "Smith, Ann owes nothing: no invoice is waiting for payment"
    assert Payment.select().count() == 1


def test_enter_in_the_search_box_searches_while_the_invoices_list_shows(qtbot, make_window,
                                                                       owner, clerk):
    customer, _vehicle = customer_with_car(owner)
    invoices.issue(clerk, invoices.create_draft(
        clerk, customer.id, lines=[LineDraft("Bulb", 1, "10.00")]).id)
    window = make_window(clerk)
    screen = window.show_screen("invoices")
    screen.table.selectRow(0)
    _key(qtbot, window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(window.ui.searchBox, "Smith")
    qtbot.keyClick(window.ui.searchBox, Qt.Key.Key_Return)
    assert QApplication.activeModalWidget() is None  # no invoice opened behind the search
    assert window.current_key() == "customers"


def test_a_filter_matching_nothing_then_enter_opens_nothing(qtbot, make_window, owner, clerk):
    _done_order(owner, clerk)
    window = make_window(clerk)
    _key(qtbot, window, Qt.Key.Key_4, CTRL)
    screen = window.screens["repair_orders"]
    assert QApplication.focusWidget() is screen.filter  # Ctrl+4 puts the cursor there
    qtbot.keyClicks(screen.filter, "ZZ-999")
    qtbot.keyClick(screen.filter, Qt.Key.Key_Return)
    assert screen.list.lazy.rowCount() == 0
    assert screen.editor.order is None or screen.editor.order.number == "RO-000001"
    assert Invoice.select().count() == 0
