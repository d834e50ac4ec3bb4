"""Alt+letter keys (mnemonics) never clash where the clerk uses them: in the Customers screen
(its list and every tab of a customer's file) with the window's menu bar (File, Desk, Help),
and in the counter sale, payment and lost-sale dialogs; in English and in Chinese (whose texts
carry the letter as "(&D)")."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar, QWidget

from shopdesk import formatting
from shopdesk.gui import i18n
from shopdesk.gui.app import make_application
from shopdesk.gui.context import AppContext
from shopdesk.gui.counter.lost_sale_dialog import LostSaleDialog
from shopdesk.gui.invoices.counter_sale import CounterSale
from shopdesk.gui.invoices.payment_dialog import PaymentDialog
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from tests.helpers.invoices import customer_with_car

_MNEMONIC = re.compile(r"&([^&\s])")


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    make_application()
    assert i18n.install(request.param) == request.param
    yield request.param
    i18n.install("en")
    formatting.configure(locale="en_US")


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Letter -> the texts that use it as Alt+letter, of what is shown in ``window`` now (a
    hidden button's letter does nothing; tabs' letters work whichever tab is shown)."""
    found: dict[str, list[str]] = defaultdict(list)
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QAbstractButton):
            texts = [widget.text()] if widget.isEnabled() else []
        elif isinstance(widget, QLabel):
            texts = [widget.text()] if widget.buddy() is not None else []
        elif isinstance(widget, QGroupBox):
            texts = [widget.title()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count()) if widget.isTabEnabled(i)]
        elif isinstance(widget, QMenuBar):
            texts = [a.text() for a in widget.actions() if a.isVisible()]
        else:
            texts = []
        for text in texts:
            letter = _MNEMONIC.search(text.replace("&&", ""))
            if letter:
                found[letter.group(1).upper()].append(text)
    return found


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in mnemonics(window).items() if len(v) > 1}


def test_the_customers_screen_and_file_tabs_do_not_clash_with_the_menu_bar(
        qtbot, make_window, owner, clerk, language):
    customer, _car = customer_with_car(owner)
    invoices.issue(owner, invoices.create_draft(owner, customer.id,
                                                lines=[LineDraft("Service", 1, "80.00")]).id)
    window = make_window(clerk)
    screen = window.show_screen("customers")
    assert {"F", "D", "H"} <= set(mnemonics(window))  # File, Desk, Help
    for index in range(screen.tabs.count()):
        screen.tabs.setCurrentIndex(index)
        assert clashes(window) == {}, screen.tabs.tabText(index)
    screen.open_customer(customer.id)
    tabs = screen.file_view.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        assert clashes(window) == {}, tabs.tabText(index)
    tabs.setCurrentWidget(screen.file_view.invoices)  # its Statement… is Alt+T
    assert "T" in mnemonics(window)


def test_the_counter_dialogs_letters_are_their_own(qtbot, db, owner, clerk, language):
    customer, _car = customer_with_car(owner)
    issued = [invoices.issue(owner, invoices.create_draft(
        owner, customer.id, lines=[LineDraft("Service", 1, price)]).id)
        for price in ("80.00", "20.00")]
    context = AppContext(db, clerk)
    sale = CounterSale(context)
    pay = PaymentDialog(clerk, issued[0], offered=issued)
    lost = LostSaleDialog(context, text="Towbar")
    for dialog in (sale, pay, lost):
        qtbot.addWidget(dialog)
        dialog.show()
        assert mnemonics(dialog) and clashes(dialog) == {}, dialog.windowTitle()
    # the payment's own keys, as the journeys use them: all invoices, transfer, reference
    assert {"I", "T", "R", "H", "D"} <= set(mnemonics(pay))
