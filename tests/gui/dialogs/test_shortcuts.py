"""Help → Keyboard shortcuts: read from the real shortcuts, every one described, and the keys
do what the list says."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from shopdesk.gui.context import AppContext
from shopdesk.gui.customers.check_in_dialog import CheckInDialog as NewCustomerDialog
from shopdesk.gui.dialogs.shortcuts import ShortcutsDialog, dialog_shortcuts, keys_text
from shopdesk.gui.invoices.counter_sale import CounterSale
from shopdesk.gui.invoices.invoice_view import InvoiceView
from shopdesk.gui.workshop.dialogs import BookDialog, CheckInDialog
from shopdesk.models.parts import MovementKind
from shopdesk.services.sales import invoices
from shopdesk.services.stock import stock
from tests.helpers.parts import make_part


def _active(window) -> None:
    """A dialog closed: offscreen Qt does not hand activation back by itself."""
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)


def _ctrl_shift(qtbot, window, key: Qt.Key) -> None:
    _active(window)
    qtbot.keyClick(window.windowHandle(), key, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)


def _close_modal_soon(kind: type, seen: list) -> None:
    """When a modal ``kind`` dialog is up, note it and close it (exec() blocks the test)."""

    def check() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            seen.append(widget)
            widget.reject()
        else:
            QTimer.singleShot(20, check)

    QTimer.singleShot(0, check)


def _registered(widget) -> list[tuple[str, str]]:
    return [(keys_text(s.key()), s.whatsThis()) for s in widget.findChildren(QShortcut)]


def test_help_lists_every_registered_shortcut_with_what_it_does(qtbot, make_window, owner):
    window = make_window(owner)
    _active(window)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F1)
    dialog = window.shortcuts_dialog
    assert isinstance(dialog, ShortcutsDialog) and dialog.isVisible()
    # every screen was built for the list, and no shortcut in the window is undescribed
    assert set(window.screens) == set(window.specs)
    undescribed = [keys_text(s.key()) for s in window.findChildren(QShortcut)
                   if not s.whatsThis()]
    assert undescribed == []
    rows = {(e.where, e.keys): e.what for e in dialog.entries}
    assert rows[("Anywhere", "Ctrl+K or F3")] == "Find a customer, phone, plate or VIN"
    assert rows[("Anywhere", "F1 or Ctrl+/")] == "Keyboard shortcuts"
    assert rows[("Anywhere", "Ctrl+Shift+S")] == "Counter sale"
    assert rows[("Front desk", "Ctrl+B")] == "Book an appointment"
    assert rows[("Repair orders", "Ctrl+P")] == "Print the estimate"
    assert rows[("Customers", "Ctrl+R")] == "New repair order for the selected car"
    assert rows[("Counter sale", "F12")] == "Take payment (cash)"
    assert rows[("Anywhere", "Ctrl+4")] == "Open Repair orders"
    assert rows[("Anywhere", "F12")] == "Take payment"  # the Desk menu: on any screen
    # the list is the window's: a key shown is a key registered
    registered = {keys_text(s.key()) for s in window.findChildren(QShortcut)}
    registered |= {keys_text(k) for a in window.findChildren(type(window.ui.actionQuit))
                   for k in a.shortcuts()}
    listed = {k for e in dialog.entries if e.where not in ("Counter sale", "Invoice")
              for k in e.keys.split(" or ")}
    assert listed <= registered
    # typing narrows the list
    qtbot.keyClicks(dialog.filter, "payment")
    shown = {dialog.proxy.index(r, 2).data() for r in range(dialog.proxy.rowCount())}
    assert shown == {"Take payment (cash)", "Take payment (a draft: issue it first)",
                     "Take payment"}


def test_toolbar_buttons_show_their_keys(make_window, owner):
    window = make_window(owner)
    desk = window.show_screen("front_desk")
    assert desk.book_button.toolTip() == "Book an appointment  (Ctrl+B)"
    editor = window.show_screen("repair_orders").editor
    assert editor.estimate_button.toolTip() == "Print the estimate  (Ctrl+P)"
    assert editor.clock_button.toolTip() == "Clock on or off this job  (F9)"
    assert window.show_screen("invoices").counter_button.toolTip() == "Counter sale  (F9)"


def test_desk_keys_open_what_they_say_from_any_screen(qtbot, make_window, clerk):
    window = make_window(clerk)
    window.show_screen("parts")
    _ctrl_shift(qtbot, window, Qt.Key.Key_B)
    assert window.current_key() == "front_desk"
    desk = window.screens["front_desk"]
    assert isinstance(desk.dialog, BookDialog) and desk.dialog.isVisible()
    desk.dialog.reject()
    window.show_screen("invoices")
    _ctrl_shift(qtbot, window, Qt.Key.Key_R)
    assert isinstance(desk.dialog, CheckInDialog) and desk.dialog.isVisible()
    assert desk.dialog.plate.hasFocus() or QApplication.focusWidget() is desk.dialog.plate
    desk.dialog.reject()
    seen: list = []
    _close_modal_soon(NewCustomerDialog, seen)
    _ctrl_shift(qtbot, window, Qt.Key.Key_N)
    assert window.current_key() == "customers" and len(seen) == 1
    _close_modal_soon(CounterSale, seen)
    _ctrl_shift(qtbot, window, Qt.Key.Key_S)
    assert window.current_key() == "invoices" and isinstance(seen[-1], CounterSale)


def test_dialog_keys_listed_are_the_dialogs_own(qtbot, db, owner, clerk):
    context = AppContext(db, clerk)
    sale = CounterSale(context)
    qtbot.addWidget(sale)
    listed = {(e.keys, e.what) for e in dialog_shortcuts() if e.where == "Counter sale"}
    assert listed == {k for k in _registered(sale) if k[1]}
    part = make_part(owner)
    stock.record_movement(owner, part, MovementKind.RECEIPT, 3, "4.00")
    draft = invoices.create_draft(clerk, None, source="counter sale")
    invoices.scan_part(clerk, draft.id, part.id)
    issued = invoices.issue(clerk, draft.id)
    assert issued.gross > Decimal(0)
    view = InvoiceView(context, issued.id)
    qtbot.addWidget(view)
    listed = {(e.keys, e.what) for e in dialog_shortcuts() if e.where == "Invoice"}
    assert listed == {k for k in _registered(view) if k[1]}
    assert view.print_button.toolTip() == "Print the invoice  (Ctrl+P)"
    sale.reject()
    assert QDialog.DialogCode.Rejected == sale.result()
    assert QKeySequence("Ctrl+P") == QKeySequence(QKeySequence.StandardKey.Print)
