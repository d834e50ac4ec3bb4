"""Issue 21, item 6 through the window: a clerk's discount above their limit asks the owner's
password there and then; the owner types it, the discount is given and the audit log names
both. A wrong password or Esc gives nothing. A clerk's parts screen shows no cost: the service
gave it none."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from shopdesk.gui.context import AppContext
from shopdesk.gui.invoices.draft_lines_dialog import DraftLinesDialog
from shopdesk.models.audit import AuditEntry
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.workshop import repair_orders
from tests.conftest import PASSWORD
from tests.helpers.invoices import customer_with_car

ALT = Qt.KeyboardModifier.AltModifier


def _dialog(qtbot, db, actor, draft_id: int) -> DraftLinesDialog:
    dialog = DraftLinesDialog(AppContext(db, actor), draft_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)
    return dialog


def _when_asked(qtbot, dialog: DraftLinesDialog, answer) -> list[str]:
    """Once the owner's prompt shows over ``dialog``, call ``answer(prompt)`` (keys); returns
    the prompt's intro text, once seen."""
    seen: list[str] = []

    def poll() -> None:
        prompt = dialog.__dict__.get("approval_dialog")
        if prompt is None or not prompt.isVisible():
            QTimer.singleShot(20, poll)
            return
        prompt.activateWindow()
        qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is prompt.windowHandle())
        seen.append(prompt.intro.text())
        answer(prompt)

    QTimer.singleShot(0, poll)
    return seen


def _type_discount(qtbot, dialog: DraftLinesDialog, percent: str) -> None:
    dialog.table.setFocus()
    dialog.table.selectRow(0)
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_C, ALT)  # "Dis&c. %"
    assert QApplication.focusWidget() is dialog.discount
    dialog.discount.selectAll()
    qtbot.keyClicks(dialog.discount, percent)


def test_the_owner_approves_a_clerks_discount_with_their_password(qtbot, db, owner, clerk):
    draft = invoices.create_draft(clerk, lines=[LineDraft("Labour: brakes", "1", "80.00",
                                                          kind="labour")])
    dialog = _dialog(qtbot, db, clerk, draft.id)

    def approve(prompt) -> None:
        assert QApplication.focusWidget() is prompt.password  # the owner's name is filled in
        assert prompt.username.text() == "olivia"
        QTest.keyClicks(prompt.password, PASSWORD)
        QTest.keyClick(prompt.password, Qt.Key.Key_Return)

    seen = _when_asked(qtbot, dialog, approve)
    _type_discount(qtbot, dialog, "100")
    qtbot.keyClick(dialog.discount, Qt.Key.Key_Return)
    assert seen and "needs the owner's approval" in seen[0] and "up to 10%" in seen[0]
    assert invoices.lines_of(owner, draft)[0].discount_percent == Decimal("100")
    assert dialog.error.text() == ""
    approved = AuditEntry.select().where(AuditEntry.action == "approve").get()
    assert approved.username == "olivia" and '"for": "carl"' in approved.after
    given = AuditEntry.select().where(AuditEntry.action == "discount").get()
    assert given.username == "carl" and '"approved_by": "olivia"' in given.after


def test_a_wrong_password_or_esc_gives_no_discount(qtbot, db, owner, clerk):
    draft = invoices.create_draft(clerk, lines=[LineDraft("Labour: brakes", "1", "80.00",
                                                          kind="labour")])
    dialog = _dialog(qtbot, db, clerk, draft.id)
    errors: list[str] = []

    def guess_then_give_up(prompt) -> None:
        QTest.keyClicks(prompt.password, "not-the-password")
        QTest.keyClick(prompt.password, Qt.Key.Key_Return)
        errors.append(prompt.error.text())
        assert prompt.isVisible()  # still asking
        QTest.keyClick(prompt.password, Qt.Key.Key_Escape)

    _when_asked(qtbot, dialog, guess_then_give_up)
    _type_discount(qtbot, dialog, "50")
    qtbot.keyClick(dialog.discount, Qt.Key.Key_Return)
    assert errors == ["That is not an owner's username and password"]
    assert dialog.error.text() == ("A discount of 50% needs the owner's approval: a clerk may "
                                   "give up to 10%")
    assert invoices.lines_of(owner, draft)[0].discount_percent == 0
    assert not AuditEntry.select().where(AuditEntry.action == "approve").exists()


def test_the_owner_and_a_discount_within_the_limit_are_not_asked(qtbot, db, owner, clerk):
    draft = invoices.create_draft(clerk, lines=[LineDraft("Labour: brakes", "1", "80.00",
                                                          kind="labour")])
    for actor, percent in ((clerk, "10"), (owner, "100")):
        dialog = _dialog(qtbot, db, actor, draft.id)
        _type_discount(qtbot, dialog, percent)
        qtbot.keyClick(dialog.discount, Qt.Key.Key_Return)
        assert dialog.__dict__.get("approval_dialog") is None
        assert invoices.lines_of(actor, draft)[0].discount_percent == Decimal(percent)
        dialog.close()


def test_the_owner_approves_a_discount_on_a_repair_order_line(qtbot, make_window, owner,
                                                               clerk):
    _customer, vehicle = customer_with_car(owner)
    order = repair_orders.open_order(clerk, vehicle.id)
    window = make_window(clerk)
    screen = window.show_screen("repair_orders")
    screen.open_order(order.id)
    editor = screen.editor
    seen: list[str] = []

    def poll() -> None:
        prompt = editor.__dict__.get("approval_dialog")
        if prompt is None or not prompt.isVisible():
            QTimer.singleShot(20, poll)
            return
        prompt.activateWindow()
        qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is prompt.windowHandle())
        seen.append(prompt.intro.text())
        QTest.keyClicks(prompt.password, PASSWORD)
        QTest.keyClick(prompt.password, Qt.Key.Key_Return)

    QTimer.singleShot(0, poll)
    editor.line_kind.setCurrentIndex(0)  # labour
    qtbot.keyClicks(editor.line_description, "Brake pads, fitted")
    qtbot.keyClicks(editor.line_price, "80")
    qtbot.keyClicks(editor.line_discount, "25")
    qtbot.keyClick(editor.line_discount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(repair_orders.lines_of(owner, order)) == 1)
    assert seen and "A discount of 25% needs the owner's approval" in seen[0]
    assert repair_orders.lines_of(owner, order)[0].discount_percent == Decimal("25")
    added = AuditEntry.select().where(AuditEntry.action == "add line").get()
    assert added.username == "carl" and '"approved_by": "olivia"' in added.after
