"""Issue 21, item 4: every record two PCs can edit carries a version. Two "PCs" (two actors)
read the same record before either saves; the first save goes through, the second is refused
with the "reopen" message and nothing it typed is written (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from shopdesk import i18n
from shopdesk.errors import ConflictError
from shopdesk.gui.context import AppContext
from shopdesk.gui.invoices.draft_lines_dialog import DraftLinesDialog
from shopdesk.models.customers import Grade
from shopdesk.services.access import Actor
from shopdesk.services.crm import customers, grading
from shopdesk.services.pricing import pricing
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.workshop import repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.workshop import workshop
from tests.services.customer_helpers import person

REOPEN = "reopen it to see their changes"


def _refused(caught: pytest.ExceptionInfo) -> None:
    assert isinstance(caught.value, ConflictError)
    assert REOPEN in str(caught.value)
    assert "Nothing was saved" in str(caught.value)


# --- draft invoices and their lines -------------------------------------------------------
def _draft(clerk: Actor):
    return invoices.create_draft(clerk, lines=[
        LineDraft("Labour: fit filter", "1", "40.00", kind="labour"),
        LineDraft("Wiper blades", "2", "12.00", kind="fee")])


def test_a_draft_line_changed_on_two_pcs_keeps_the_first(owner: Actor, clerk: Actor) -> None:
    draft = _draft(clerk)
    line = invoices.lines_of(owner, draft)[0]
    seen_by_a, seen_by_b = line.version, line.version  # both PCs show the line
    invoices.change_line(clerk, line.id, version=seen_by_a, unit_price="35.00")
    with pytest.raises(ConflictError) as caught:
        invoices.change_line(owner, line.id, version=seen_by_b, unit_price="50.00",
                             quantity="3")
    _refused(caught)
    stored = invoices.lines_of(owner, draft)[0]
    assert (stored.unit_price, stored.quantity) == (Decimal("35.00"), Decimal("1"))
    assert stored.version == seen_by_a + 1


def test_a_draft_line_removed_from_a_stale_copy_is_refused(owner: Actor, clerk: Actor) -> None:
    draft = _draft(clerk)
    line = invoices.lines_of(owner, draft)[1]
    seen = line.version
    invoices.change_line(clerk, line.id, version=seen, quantity="4")
    with pytest.raises(ConflictError) as caught:
        invoices.remove_line(owner, line.id, version=seen)
    _refused(caught)
    assert [li.quantity for li in invoices.lines_of(owner, draft)] == [Decimal("1"), Decimal("4")]


def test_the_draft_itself_is_refused_from_a_stale_copy(owner: Actor, clerk: Actor) -> None:
    draft = _draft(clerk)
    seen = draft.version
    invoices.update_draft(clerk, draft.id, seen, notes="from PC A")
    with pytest.raises(ConflictError):
        invoices.update_draft(owner, draft.id, seen, notes="from PC B")
    assert invoices.get(owner, draft.id).notes == "from PC A"


def test_edit_lines_dialog_refuses_the_second_pc(qtbot, db, owner: Actor,
                                                 clerk: Actor) -> None:
    """Through the window: the invoice view's Edit lines dialog is open on PC A; PC B
    changes the selected line; PC A types a price and Enter: refused, nothing written."""
    draft = _draft(clerk)
    dialog = DraftLinesDialog(AppContext(db, clerk), draft.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)
    assert QApplication.focusWidget() is dialog.table
    line = invoices.lines_of(owner, draft)[0]
    invoices.change_line(owner, line.id, version=line.version, unit_price="45.00")  # PC B

    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.price
    dialog.price.selectAll()
    qtbot.keyClicks(dialog.price, "30")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    assert REOPEN in dialog.error.text()
    assert "draft invoice line" in dialog.error.text()
    assert invoices.lines_of(owner, draft)[0].unit_price == Decimal("45.00")
    # Del on the stale line is refused too; the line stays
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert REOPEN in dialog.error.text()
    assert len(invoices.lines_of(owner, draft)) == 2


def test_the_refusal_reads_in_chinese(owner: Actor, clerk: Actor) -> None:
    draft = _draft(clerk)
    line = invoices.lines_of(owner, draft)[0]
    invoices.change_line(clerk, line.id, version=line.version, unit_price="35.00")
    with pytest.raises(ConflictError) as caught:
        invoices.change_line(owner, line.id, version=line.version, unit_price="50.00")
    i18n.set_language("zh_CN")
    try:
        text = caught.value.translated()
    finally:
        i18n.set_language("en")
    assert "Someone" not in text and "发票行" in text


# --- repair-order lines ------------------------------------------------------------------
def test_a_repair_order_line_changed_on_two_pcs_keeps_the_first(owner: Actor,
                                                                 clerk: Actor) -> None:
    shop = workshop(owner)
    order = repair_orders.open_order(owner, shop.vehicle_id)
    line = repair_orders.add_line(owner, order.id, LineInput("labour", "Brake check", "1"))
    seen = line.version
    repair_orders.change_line(owner, line.id, version=seen, quantity="2")
    with pytest.raises(ConflictError) as caught:
        repair_orders.change_line(clerk, line.id, version=seen, description="Brakes (PC B)")
    _refused(caught)
    with pytest.raises(ConflictError):
        repair_orders.remove_line(clerk, line.id, version=seen)
    stored = repair_orders.get_line(owner, line.id)
    assert (stored.description, stored.quantity) == ("Brake check", Decimal("2"))


# --- the customer's blacklist flag and grade override ---------------------------------------
def test_the_blacklist_flag_from_a_stale_copy_is_refused(owner: Actor, clerk: Actor) -> None:
    customer = person(owner)
    seen = customers.get(owner, customer.id).version  # both PCs have the customer file open
    customers.set_blacklisted(owner, customer.id, True, "invoice TG-1 unpaid", version=seen)
    with pytest.raises(ConflictError) as caught:  # PC B clears it from what it showed
        customers.set_blacklisted(clerk, customer.id, False, version=seen)
    _refused(caught)
    stored = customers.get(owner, customer.id)
    assert (stored.blacklisted, stored.blacklist_reason) == (True, "invoice TG-1 unpaid")


def test_the_grade_override_from_a_stale_copy_is_refused(owner: Actor, clerk: Actor) -> None:
    customer = person(owner)
    seen = customers.get(owner, customer.id).version
    grading.override(owner, customer.id, Grade.VIP, "fleet contract", version=seen)
    with pytest.raises(ConflictError) as caught:
        grading.override(clerk, customer.id, Grade.LAPSED, "moved away", version=seen)
    _refused(caught)
    stored = customers.get(owner, customer.id)
    assert (stored.grade_override, stored.grade_override_reason) == ("vip", "fleet contract")


def test_blacklist_then_a_stale_grade_override_is_refused(owner: Actor, clerk: Actor) -> None:
    """Each change moves the customer's version on: the grade dialog open before the
    blacklist was set cannot save over it."""
    customer = person(owner)
    seen = customers.get(owner, customer.id).version
    customers.set_blacklisted(owner, customer.id, True, "bounced cheque", version=seen)
    with pytest.raises(ConflictError):
        grading.override(clerk, customer.id, Grade.VIP, "friend of the owner", version=seen)
    assert customers.get(owner, customer.id).grade_override is None


# --- settings pages ------------------------------------------------------------------------
def test_workshop_options_from_a_stale_page_are_refused(owner: Actor) -> None:
    seen = repair_orders.settings(owner).version
    repair_orders.set_options(owner, labour_rate="85.00", version=seen)
    with pytest.raises(ConflictError) as caught:
        repair_orders.set_options(owner, labour_rate="60.00", bays_text="Bay A", version=seen)
    _refused(caught)
    stored = repair_orders.settings(owner)
    assert stored.labour_rate == Decimal("85.00")
    assert "Bay A" not in stored.bays


def test_grading_rules_from_a_stale_page_are_refused(owner: Actor) -> None:
    seen = grading.rules_version(owner)
    new = grading.Rules(Decimal("2000"), 10, Decimal("500"), 4)
    grading.set_rules(owner, new, version=seen)
    with pytest.raises(ConflictError):
        grading.set_rules(owner, grading.Rules(Decimal("9000"), 20, Decimal("900"), 5),
                          version=seen)
    assert grading.rules(owner).vip_spend == Decimal("2000")


def test_price_rounding_from_a_stale_page_is_refused(owner: Actor) -> None:
    seen = pricing.rounding_version(owner)
    pricing.set_rounding_rule(owner, "0.05", version=seen)
    with pytest.raises(ConflictError):
        pricing.set_rounding_rule(owner, "cent", version=seen)
    assert pricing.rounding_rule(owner) == "0.05"
