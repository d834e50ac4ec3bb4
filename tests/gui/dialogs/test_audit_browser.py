"""File → Audit log…: the owner filters who did what, and sees the record before and after."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QDate, Qt

from shopdesk.errors import AccessDenied
from shopdesk.gui.dialogs.audit_log import AuditLogDialog
from shopdesk.models.audit import AuditEntry
from shopdesk.services.shop import audit_log, settings, users
from tests.conftest import PASSWORD


@pytest.fixture
def history(owner):
    """A shop where the owner renamed it, added a clerk, and an old entry from last year."""
    settings.update_settings(owner, settings.get_settings().version, name="Main Street Motors")
    users.add_user(owner, "carl", PASSWORD, "clerk", "Carl Clerk")
    AuditEntry.create(at=dt.datetime(2025, 3, 14, 10, 0), user=owner.user_id,
                      username="olivia", action="update", entity="settings", entity_id="1",
                      summary="Changed the invoice prefix",
                      before=json.dumps({"invoice_prefix": "OLD"}),
                      after=json.dumps({"invoice_prefix": "TG"}))
    return owner


def _dialog(qtbot, make_window, actor) -> AuditLogDialog:
    window = make_window(actor)
    dialog = AuditLogDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _column(dialog: AuditLogDialog, title: str) -> list[str]:
    model = dialog.model
    col = [model.headerData(c, Qt.Orientation.Horizontal)
           for c in range(model.columnCount())].index(title)
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_newest_first_and_filter_by_record_and_user(qtbot, make_window, history):
    dialog = _dialog(qtbot, make_window, history)
    total = AuditEntry.select().count()
    assert dialog.model.rowCount() == total
    assert f"{total} entries" in dialog.countLabel.text()
    summaries = _column(dialog, "What happened")
    assert summaries[-1] == "Changed the invoice prefix"  # last year's entry is at the bottom
    dialog.entityBox.setCurrentText("user")
    assert set(_column(dialog, "Record")) == {"user"}
    assert any("carl" in s for s in _column(dialog, "What happened"))
    dialog.entityBox.setCurrentText("(all)")
    dialog.userBox.setCurrentText("olivia")
    assert set(_column(dialog, "User")) == {"olivia"}
    dialog.grab().save("/tmp/audit_browser.png")


def test_date_range_keeps_only_entries_of_those_days(qtbot, make_window, history):
    dialog = _dialog(qtbot, make_window, history)
    dialog.fromDate.setDate(QDate(2025, 3, 1))
    dialog.toDate.setDate(QDate(2025, 3, 31))
    assert dialog.model.rowCount() == AuditEntry.select().count()  # range off until ticked
    dialog.dateCheck.setChecked(True)
    assert _column(dialog, "What happened") == ["Changed the invoice prefix"]
    dialog.toDate.setDate(QDate(2025, 3, 13))
    assert dialog.model.rowCount() == 0 and "0 entries" in dialog.countLabel.text()


def test_selecting_an_entry_shows_before_and_after(qtbot, make_window, history):
    dialog = _dialog(qtbot, make_window, history)
    rows = dialog.model.rowCount()
    dialog.table.selectRow(rows - 1)
    assert "Changed the invoice prefix" in dialog.headline.text()
    assert '"invoice_prefix": "OLD"' in dialog.beforeText.toPlainText()
    assert '"invoice_prefix": "TG"' in dialog.afterText.toPlainText()
    assert dialog.beforeText.isReadOnly() and dialog.afterText.isReadOnly()
    dialog.entityBox.setCurrentText("user")  # a new filter: its first entry, and only it
    assert dialog.table.currentIndex().row() == 0  # (current: Enter and the arrows start there)
    assert "invoice_prefix" not in dialog.beforeText.toPlainText() + \
        dialog.afterText.toPlainText()
    assert " user " in dialog.headline.text()  # (create user 2: …)


def test_sorting_by_user_is_done_by_the_database(qtbot, make_window, history):
    dialog = _dialog(qtbot, make_window, history)
    dialog.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    users_shown = _column(dialog, "User")
    assert users_shown == sorted(users_shown)


def test_only_the_owner_may_browse_the_audit_log(clerk):
    with pytest.raises(AccessDenied, match="cannot browse the audit log"):
        audit_log.audit_list(clerk)
    with pytest.raises(AccessDenied):
        audit_log.entities(clerk)


def test_pretty_shows_one_field_per_line_and_leaves_non_json_alone():
    assert audit_log.pretty('{"b": 1, "a": "x"}') == '{\n  "a": "x",\n  "b": 1\n}'
    assert audit_log.pretty("not json") == "not json"
    assert audit_log.pretty(None) == ""
