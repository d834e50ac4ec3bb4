"""Issue 21, item 6 in Settings: the owner grants a clerk the costs (Users) and sets each
role's discount limit (Invoicing), with the keyboard; the parts screen then shows the clerk
what the service now gives them."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from shopdesk.gui.app import make_application
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.settings import SettingsDialog
from shopdesk.services.shop import settings, users
from shopdesk.services.stock import parts
from tests.helpers.invoices import stocked_part

ALT = Qt.KeyboardModifier.AltModifier


def _titles(screen) -> list[str]:
    model = screen.table.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
            if not screen.table.isColumnHidden(c)]


def _settings(qtbot, db, actor, tab) -> SettingsDialog:
    make_application()
    dialog = SettingsDialog(AppContext(db, actor))
    qtbot.addWidget(dialog)
    dialog.ui.tabs.setCurrentWidget(getattr(dialog.ui, tab))
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)
    return dialog


def test_the_owner_grants_a_clerk_the_costs_in_settings(qtbot, db, make_window, owner, clerk):
    part = stocked_part(owner)  # 20 at 4.00
    assert parts.get_part(clerk, part.id).cost is None
    dialog = _settings(qtbot, db, owner, "usersTab")
    dialog.ui.userTable.setFocus()
    dialog.ui.userTable.selectRow(1)  # carl
    assert dialog.ui.userUsernameEdit.text() == "carl"
    assert not dialog.userCostsCheck.isChecked()
    # (a button's Alt key clicks it after 100 ms, as Qt shows it)
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_G, ALT)  # "Sees costs and mar&gins"
    qtbot.waitUntil(dialog.userCostsCheck.isChecked)
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_S, ALT)  # "&Save user"
    qtbot.waitUntil(lambda: [u.see_costs for u in users.list_users(owner)
                             if u.username == "carl"] == [True])
    assert dialog.ui.errorLabel.text() == ""
    assert dialog.user_model.row(1)[4] == "yes"
    dialog.close()
    before = make_window(clerk).show_screen("parts")  # as carl signed in before the grant
    assert "Avg cost" not in _titles(before) and before.value_label.text() == ""
    carl = users.actor_for("carl")  # signed in again
    screen = make_window(carl).show_screen("parts")
    assert "Avg cost" in _titles(screen)
    assert screen.value_label.text() == "Stock at cost: $80.00"


def test_the_owner_sets_the_discount_limits_in_settings(qtbot, db, owner):
    dialog = _settings(qtbot, db, owner, "invoicingTab")
    assert dialog.clerkLimitEdit.text() == "10" and dialog.technicianLimitEdit.text() == "0"
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_K, ALT)  # "Cler&k's discount limit %"
    assert QApplication.focusWidget() is dialog.clerkLimitEdit
    dialog.clerkLimitEdit.selectAll()
    qtbot.keyClicks(dialog.clerkLimitEdit, "15")
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_H, ALT)  # "Tec&hnician's discount…"
    assert QApplication.focusWidget() is dialog.technicianLimitEdit
    dialog.technicianLimitEdit.selectAll()
    qtbot.keyClicks(dialog.technicianLimitEdit, "100")  # 100%: always the owner's
    qtbot.keyClick(dialog.technicianLimitEdit, Qt.Key.Key_Return)  # Save
    assert dialog.isVisible()
    assert dialog.ui.errorLabel.text() == "A discount limit is a percentage from 0 to 99"
    dialog.technicianLimitEdit.selectAll()
    qtbot.keyClicks(dialog.technicianLimitEdit, "5")
    qtbot.keyClick(dialog.technicianLimitEdit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    shop = settings.get_settings()
    assert (shop.clerk_discount_limit, shop.technician_discount_limit) == (Decimal("15"),
                                                                           Decimal("5"))
