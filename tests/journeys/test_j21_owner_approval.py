"""J21 (issue 21): the owner approves a discount at the clerk's desk. From the main window,
with the keyboard only, the clerk makes the draft invoice of a finished repair order (Ctrl+4,
the plate, Alt+I), opens its lines (Alt+E) and gives the first line 30 % off (Alt+C, 30,
Enter): more than a clerk may give (10 %), so the owner's approval is asked there and then.
A wrong owner password is refused, in the screen's language, and Esc leaves the discount
refused and the line as it was; then the owner types the right password and the line is
saved, the audit log naming the owner who approved it. In a US shop in English and a
Chinese shop in Chinese."""

from __future__ import annotations

import time
from decimal import Decimal

from PySide6.QtCore import Qt

from shopdesk.gui.invoices.draft_lines_dialog import DraftLinesDialog
from shopdesk.gui.invoices.invoice_view import InvoiceView
from shopdesk.gui.widgets.owner_approval import OwnerApprovalDialog
from shopdesk.models.audit import AuditEntry
from shopdesk.models.invoices import InvoiceLine
from shopdesk.services.sales import invoices
from shopdesk.services.shop import users
from tests.conftest import PASSWORD
from tests.journeys.keyboard import ALT, CTRL, Keys, focused, modal
from tests.journeys.language import english_left
from tests.journeys.shops import FinishedOrder, finished_order

BUDGET = 14

REFUSED = {False: "That is not an owner's username and password",
           True: "这不是店主的用户名和密码"}
NEEDS_OWNER = {False: "A discount of 30% needs the owner's approval: a clerk may give up to 10%",
               True: "30% 的折扣需要店主批准：前台最多可给 10%"}


def script(keys: Keys, main, job: FinishedOrder, chinese: bool, seen: dict):
    # the draft: Repair orders (Ctrl+4), the plate, Make invoice (Alt+I)
    yield keys.press(Qt.Key.Key_4, CTRL)
    yield keys.type(job.plate_typed)
    editor = main.screens["repair_orders"].editor
    yield keys.until(lambda: editor.order is not None and editor.order.id == job.order_id,
                     "the order in the editor")
    yield keys.press(Qt.Key.Key_I, ALT)
    yield keys.until(lambda: modal(InvoiceView), "the draft invoice")
    seen["invoice_id"] = modal(InvoiceView).invoice_id
    yield keys.press(Qt.Key.Key_E, ALT)  # Edit lines
    yield keys.until(lambda: modal(DraftLinesDialog), "the draft's lines")
    lines = modal(DraftLinesDialog)
    seen["line_id"] = lines.lines[0].id
    # 30 % off the labour line (the first line is the selected one): Alt+C, 30, Enter
    yield keys.press(Qt.Key.Key_C, ALT)
    assert focused() is lines.discount
    yield keys.type("30")
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(OwnerApprovalDialog), "the owner's approval")
    approval = modal(OwnerApprovalDialog)
    assert NEEDS_OWNER[chinese] in approval.intro.text()
    assert approval.username.text() == "olivia" and focused() is approval.password
    assert not english_left(approval), english_left(approval)
    # a wrong password: refused in the screen's language, the prompt stays
    yield keys.type("not-the-password")
    yield keys.press(Qt.Key.Key_Return)
    wrong_at = time.monotonic()
    yield keys.until(lambda: approval.error.text() == REFUSED[chinese], "refused")
    assert modal(OwnerApprovalDialog) is approval
    approval.grab().save(f"/tmp/t21_j21_refused_{'zh' if chinese else 'en'}.png")
    # Esc: no approval; the discount is refused on the lines, the line as it was
    yield keys.press(Qt.Key.Key_Escape)
    yield keys.until(lambda: modal(DraftLinesDialog) is lines
                     and lines.error.text() == NEEDS_OWNER[chinese], "back on the lines")
    assert lines.model.row(0)[4] in ("", "0")
    # again, and the owner types the right password this time
    yield keys.press(Qt.Key.Key_C, ALT)
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(OwnerApprovalDialog), "the owner's approval again")
    # (a wrong password makes the next try wait a moment, as at sign-in: the owner waits)
    yield keys.until(lambda: time.monotonic() - wrong_at > users.delay_after(1) + 0.2,
                     "the wait after a wrong password")
    yield keys.type(PASSWORD)
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(DraftLinesDialog) is lines and lines.error.text() == ""
                     and lines.model.row(0)[4] == "30", "the discount saved")
    assert not english_left(lines), english_left(lines)
    yield keys.press(Qt.Key.Key_Escape)  # the lines closed: the draft shows the new total
    yield keys.until(lambda: modal(InvoiceView), "the draft again")
    yield keys.press(Qt.Key.Key_Escape)
    yield keys.until(lambda: modal(InvoiceView) is None, "the draft closed")


def test_a_clerk_gives_a_discount_the_owner_approves_at_the_desk(qtbot, shop, window):
    job = finished_order(shop)
    main = window(shop.actor("clerk"))
    keys = Keys(qtbot, main)
    seen: dict = {}
    keys.run(script(keys, main, job, shop.chinese, seen))
    assert keys.control <= BUDGET, keys.log

    line = InvoiceLine.get_by_id(seen["line_id"])
    assert line.discount_percent == Decimal(30)
    # the audit log: the owner approved it for the clerk; the wrong password before, too
    approved = AuditEntry.get((AuditEntry.action == "approve") & (AuditEntry.username == "olivia"))
    assert "approved a 30% discount for" in approved.summary
    assert '"approved_by": "olivia"' in approved.after and '"for": "carl"' in approved.after
    discount = AuditEntry.get((AuditEntry.action == "discount")
                              & (AuditEntry.entity_id == str(seen["invoice_id"])))
    assert discount.username == "carl" and "approved by" in discount.summary
    assert '"approved_by": "olivia"' in discount.after
    assert f'"line": {seen["line_id"]}' in discount.after
    refused = AuditEntry.select().where(AuditEntry.action.contains("refused")
                                        | AuditEntry.summary.contains("Wrong password"))
    assert refused.count() >= 1
    assert invoices.get(shop.actor("owner"), seen["invoice_id"]).status == "draft"
