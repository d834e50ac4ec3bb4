"""Every list exports what it shows; File → Export all data… and Accountant export…"""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
from PySide6.QtCore import Qt

from shopdesk.gui.dialogs.accountant_export import AccountantExportDialog
from shopdesk.gui.widgets import export_list
from shopdesk.gui.widgets.export_menu import export_all_data
from shopdesk.gui.widgets.lazy_table import display
from shopdesk.io.accounting_formats import XERO_COLUMNS
from shopdesk.io.exports.lists import typed
from tests.helpers.parts import make_part
from tests.io.export_shop import NOVEMBER, make_shop
from tests.services.customer_helpers import person

NAMES = [("Ann", "Smith"), ("Bob", "Smithers"), ("Cy", "Jones"), ("Di", "Smith-Lee"),
         ("Ed", "Brown")]


def _shown(view) -> list[list[str]]:
    """What the view shows: the text of every visible cell, row by row."""
    model, header = view.model(), view.horizontalHeader()
    columns = sorted((header.visualIndex(c), c) for c in range(model.columnCount())
                     if not view.isColumnHidden(c) and model.headerData(
                         c, Qt.Orientation.Horizontal))
    return [[model.index(r, c).data() or "" for _v, c in columns]
            for r in range(model.rowCount())]


def _file(path, source) -> tuple[list[str], list[list[str]]]:
    """The exported sheet's header, and its cells as the list would show them."""
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    kinds = {c.title: c.kind for c in source.columns}
    rows = []
    for values in sheet.iter_rows(min_row=2, values_only=True):
        rows.append([_as_shown(kinds[h], v) for h, v in zip(header, values, strict=True)])
    return header, rows


def _as_shown(kind, value) -> str:
    from decimal import Decimal

    from shopdesk.services.listing import Kind

    if value is None:
        return ""
    if kind is Kind.MONEY:
        value = Decimal(str(value)).quantize(Decimal("0.01"))
    elif kind is Kind.QUANTITY or (kind is Kind.NUMBER and isinstance(value, float)):
        value = Decimal(str(value))
    elif kind is Kind.DATE:
        value = value.date()
    elif kind is Kind.DATETIME:  # written in local time already
        return display(kind, typed(Kind.DATETIME, value.astimezone(dt.UTC).replace(
            tzinfo=None)))
    return display(kind, value)


def test_customer_list_exports_its_filter_and_sort_with_ctrl_e(
        make_window, owner, qtbot, tmp_path, monkeypatch) -> None:
    for first, last in NAMES:
        person(owner, first, last, phone="", email="")
    window = make_window(owner)
    screen = window.show_screen("customers")
    qtbot.keyClicks(screen.find_edit, "smith")
    qtbot.waitUntil(lambda: screen.list.lazy.rowCount() == 3)
    screen.list.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # Z to A by name
    target = tmp_path / "customers.xlsx"
    monkeypatch.setattr(export_list.ListExport, "ask_path", lambda self: str(target))
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(target.exists)
    header, rows = _file(target, screen.list.lazy.source)
    assert header == ["Name", "Phone", "City", "Grade", "Vehicles", "Last visit", "Blacklist"]
    assert rows == _shown(screen.list)  # same rows, same order, same values
    assert [r[0] for r in rows] == ["Smithers, Bob", "Smith-Lee, Di", "Smith, Ann"]
    assert "3 rows written to" in window.statusBar().currentMessage()


def test_a_long_list_exports_in_the_background(make_window, owner, qtbot, tmp_path,
                                               monkeypatch) -> None:
    make_shop(owner)
    window = make_window(owner)
    screen = window.show_screen("invoices")
    monkeypatch.setattr(export_list, "FOREGROUND_ROWS", 0)  # every list counts as long
    target = tmp_path / "invoices.xlsx"
    screen.exporter.export(target)
    qtbot.waitUntil(lambda: screen.exporter.last_path == target, timeout=10000)
    _header, rows = _file(target, screen.model.source)
    assert rows == _shown(screen.table)
    assert len(rows) == 6  # five issued documents and the draft


def test_hidden_columns_stay_out_of_the_file(make_window, owner, clerk, qtbot,
                                             tmp_path) -> None:
    make_part(owner, sku="OF-100", name="Oil filter")
    make_part(owner, sku="AF-200", name="Air filter")
    window = make_window(clerk)
    screen = window.show_screen("parts")
    screen.table.hide_column("brand")
    target = tmp_path / "parts.csv"
    screen.exporter.export(target)
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    titles = [c.title for c in screen.table.lazy.source.columns]
    assert "Brand" in titles and "Brand" not in rows[0]  # hidden: not in the file
    # a clerk does not see costs: the parts service no longer gives the window the column
    assert "Avg cost" not in titles and "Avg cost" not in rows[0]
    assert "Retail" in rows[0]
    assert [r[0] for r in rows[1:]] == ["AF-200", "OF-100"]


def test_every_list_screen_has_an_export_button(make_window, owner) -> None:
    window = make_window(owner)
    for key in ("customers", "vehicles", "repair_orders", "parts", "purchasing", "invoices"):
        screen = window.show_screen(key)
        buttons = [b for b in screen.findChildren(export_list.QPushButton)
                   if b.objectName() == "exportButton"]
        assert buttons, key
        assert buttons[0].text() == "Export…"


def test_owner_exports_all_data_from_the_file_menu(make_window, owner, qtbot,
                                                   tmp_path) -> None:
    make_shop(owner)
    window = make_window(owner)
    assert window.exports.all_action.isEnabled()
    assert window.exports.all_action in window.ui.menuFile.actions()
    target = tmp_path / "everything.xlsx"
    export_all_data(window, target)
    qtbot.waitUntil(target.exists, timeout=20000)
    qtbot.waitUntil(lambda: "All data" in window.statusBar().currentMessage())
    assert {"invoice", "customer", "part"} <= set(openpyxl.load_workbook(
        target, read_only=True).sheetnames)


def test_clerk_cannot_export_for_the_accountant(make_window, clerk) -> None:
    window = make_window(clerk)
    assert not window.exports.all_action.isEnabled()
    assert not window.exports.accountant_action.isEnabled()


def test_accountant_export_dialog_writes_xero_for_the_period(
        make_window, owner, qtbot, tmp_path) -> None:
    shop = make_shop(owner)
    window = make_window(owner)
    dialog = AccountantExportDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog._set_period(*NOVEMBER)
    assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == [
        "xlsx", "csv", "xero", "quickbooks"]
    dialog.format.setCurrentIndex(dialog.format.findData("xero"))
    assert dialog.suggested_name() == "invoices-20261101-20261130-xero.csv"
    target = tmp_path / "xero"
    dialog.export(target)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=10000)
    assert dialog.written.name == "xero.csv"
    with open(dialog.written, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == XERO_COLUMNS
    assert shop.outside.number not in {r[10] for r in rows[1:]}
    assert "4 invoices and credit notes" in dialog.message.text()
    dialog.what.setCurrentIndex(dialog.what.findData("payments"))
    assert dialog.format.count() == 2  # no Xero / QuickBooks layout for payments
    dialog._set_period(dt.date(2026, 12, 1), dt.date(2026, 11, 1))
    dialog.export(tmp_path / "backwards.xlsx")
    assert "starts" in dialog.message.text()
    assert not (tmp_path / "backwards.xlsx").exists()


def test_receivables_export_adds_up_to_the_aging_totals(qtbot, owner, db, tmp_path) -> None:
    from decimal import Decimal

    from shopdesk.gui.invoices.day_reports import AgingDialog
    from shopdesk.services.sales import receivables

    make_shop(owner)
    dialog = AgingDialog(owner)
    qtbot.addWidget(dialog)
    target = tmp_path / "aging.xlsx"
    dialog.exporter.export(target)
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0] == ("Customer", "Current", "1–30 days", "31–60 days", "61–90 days",
                       "Over 90 days", "Total")
    total = rows[-1]
    assert total[0] == "Total"
    owed = sum((r.total for r in receivables.aging(owner)), Decimal(0))
    assert Decimal(str(total[-1])).quantize(Decimal("0.01")) == owed > 0
    assert len(rows) == len(receivables.aging(owner)) + 2  # heading, customers, total
    assert dialog.exporter.message.startswith(f"{len(receivables.aging(owner))} rows written")


def test_audit_log_exports_the_entries_it_shows(make_window, owner, qtbot, tmp_path) -> None:
    from shopdesk.gui.dialogs.audit_log import AuditLogDialog

    make_shop(owner)
    window = make_window(owner)
    dialog = AuditLogDialog(window.context, window)
    qtbot.addWidget(dialog)
    everything = dialog.model.rowCount()
    index = dialog.entityBox.findText("invoice")
    assert index > 0
    dialog.entityBox.setCurrentIndex(index)
    assert 0 < dialog.model.rowCount() < everything  # the filter applies
    target = tmp_path / "audit.xlsx"
    dialog.exporter.export(target)
    _header, rows = _file(target, dialog.model.source)
    assert rows == _shown(dialog.table) and rows


def test_reorder_suggestions_export_as_shown(make_window, owner, qtbot, tmp_path) -> None:
    make_part(owner, sku="OF-100", name="Oil filter", reorder_point="5", reorder_qty="20")
    window = make_window(owner)
    screen = window.show_screen("purchasing")
    screen.tabs.setCurrentIndex(1)
    screen.refresh_suggestions()
    assert screen.suggestion_model.rowCount() == 1
    target = tmp_path / "reorder.xlsx"
    screen.suggestions_export.export(target)
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[1][0] == "OF-100" and rows[1][8] == float(screen.suggestions[0].suggested)
    assert rows[1][8] > 0
