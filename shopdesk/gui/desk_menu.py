"""The Desk menu: the front desk's common tasks from any screen, each with its own key.

Find a customer (Ctrl+K), check in a new customer and car, open a repair order for a car on
file (walk-in), book an appointment, and sell over the counter. Each opens the screen that does
the work and starts it there, so the keys work wherever the focus is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from shopdesk.services.access import Permission

if TYPE_CHECKING:
    from shopdesk.gui.main_window import MainWindow


@dataclass
class DeskMenu:
    """What :func:`install_desk_menu` added to the window."""

    menu: QMenu
    check_in: QAction
    walk_in: QAction
    book: QAction
    counter_sale: QAction
    take_payment: QAction


def _run_on(window: MainWindow, key: str, method: str) -> None:
    screen = window.show_screen(key)
    action = getattr(screen, method, None)
    if callable(action):
        action()


def take_payment_here(window: MainWindow) -> None:
    """F12: take payment for what the screen on show is about (the invoice selected, the
    customer's file, the repair order); elsewhere the status bar says where to go."""
    screen = window.screens.get(window.current_key())
    action = getattr(screen, "take_payment", None)
    message = action() if callable(action) else QCoreApplication.translate(
        "DeskMenu", "Nothing to pay here: open an invoice, a customer's file or a repair "
                    "order, then F12")
    if message:
        window.statusBar().showMessage(message, 10000)


def install_desk_menu(window: MainWindow) -> DeskMenu:
    """Add the Desk menu (between File and Help) with its shortcuts."""
    menu = QMenu(QCoreApplication.translate("DeskMenu", "&Desk"), window)
    window.menuBar().insertMenu(window.ui.menuHelp.menuAction(), menu)
    find = menu.addAction(QCoreApplication.translate(
        "DeskMenu", "&Find customer, phone, plate or VIN") + "\tCtrl+K")
    find.triggered.connect(window.focus_search)  # (the key itself is the window's QShortcut)
    menu.addSeparator()

    def add(text: str, keys: str, key: str, method: str, permission: Permission) -> QAction:
        action = QAction(text, window)
        action.setShortcut(QKeySequence(keys))
        action.setEnabled(window.context.can(permission) and key in window.specs)
        action.triggered.connect(lambda: _run_on(window, key, method))
        menu.addAction(action)
        return action

    check_in = add(QCoreApplication.translate("DeskMenu", "New &check-in (customer and car)…"),
                   "Ctrl+Shift+N", "customers", "check_in", Permission.EDIT_CUSTOMERS)
    walk_in = add(QCoreApplication.translate("DeskMenu", "&Walk-in: repair order by plate…"),
                  "Ctrl+Shift+R", "front_desk", "walk_in", Permission.MANAGE_REPAIR_ORDERS)
    book = add(QCoreApplication.translate("DeskMenu", "&Book appointment…"),
               "Ctrl+Shift+B", "front_desk", "book", Permission.MANAGE_REPAIR_ORDERS)
    counter_sale = add(QCoreApplication.translate("DeskMenu", "Counter &sale…"),
                       "Ctrl+Shift+S", "invoices", "counter_sale", Permission.SELL)
    menu.addSeparator()
    pay = QAction(QCoreApplication.translate("DeskMenu", "Take &payment"), window)
    pay.setShortcut(QKeySequence("F12"))
    pay.setEnabled(window.context.can(Permission.SELL))
    pay.triggered.connect(lambda: take_payment_here(window))
    menu.addAction(pay)
    return DeskMenu(menu, check_in, walk_in, book, counter_sale, pay)
