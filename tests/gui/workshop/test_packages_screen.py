"""Repair orders → Packages: the list (which cars, how often, the price), the package dialog's
refusals under their fields in English and Chinese, a clerk who may look but not change, a
stale copy, and pictures of the page and the dialog at 1366 x 768 and at 125 %."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from shopdesk.gui import i18n
from shopdesk.gui.workshop.packages import PackageDialog
from shopdesk.models.maintenance import MaintenancePackage
from shopdesk.services.workshop import maintenance
from tests.helpers.workshop import workshop

ALT = Qt.KeyboardModifier.AltModifier
WORDS = {
    "en": {"needs line": "A package needs at least one line", "needed": "Needed",
           "when": "Say when the package is due: every N km, every M months, or a season",
           "both": "A season needs both a start and an end",
           "sku": "No part has the number or barcode NOPE-1",
           "cars": "Honda; Petrol, Electric", "due": "every 10,000 km or 12 months",
           "reopen": "reopen", "half": "half is not a number (0 or more)",
           "price": "The package price is an amount of money, or empty for the sum of the "
                    "lines"},
    "zh_CN": {"needs line": "套餐至少需要一行", "needed": "必填",
              "when": "请说明套餐何时到期：每 N 公里、每 M 个月，或一个季节",
              "both": "季节需要开始和结束日期",
              "sku": "没有编号或条码为 NOPE-1 的配件",
              "cars": "Honda；汽油、纯电动", "due": "每 10,000 公里或 12 个月",
              "reopen": "重新打开", "half": "half 不是数字（0 或以上）",
              "price": "套餐价格应为金额，留空则按各行合计"},
}


@pytest.fixture(params=["en", "zh_CN"])
def language(request):
    i18n.install(request.param)
    yield request.param
    i18n.install("en")


def _packages(window):
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    screen = window.show_screen("repair_orders")
    screen.show_packages()
    return screen.packages


def _dialog(qtbot, page, package=None) -> PackageDialog:
    dialog = PackageDialog(page.context, package, page)  # (the page owns it)
    dialog.show()
    dialog.activateWindow()
    assert QTest.qWaitForWindowActive(dialog)
    return dialog


def test_the_list_shows_cars_interval_and_price(qtbot, make_window, owner, language):
    shop = workshop(owner)
    maintenance.save_package(owner, maintenance.PackageInput(
        "Oil service", [maintenance.LineInput("labour", "Check", "0.5", "80.00")],
        make="Honda", fuel_types="petrol, electric", interval_km=10000, interval_months=12),
        shop.package)
    page = _packages(make_window(owner))
    assert page.model.rowCount() == 1
    name, cars, due, season, price = page.model.row(0)
    words = WORDS[language]
    assert (name, cars, due, season) == ("Oil service", words["cars"], words["due"], "")
    assert "40.00" in price  # the sum of the lines: 0.5 h at 80.00
    qtbot.keyClicks(page.find, "brake")  # type to find: no brake package
    assert page.model.rowCount() == 0
    page.find.clear()
    qtbot.keyClicks(page.find, "oil")
    assert page.model.rowCount() == 1


def test_refusals_show_under_their_fields(qtbot, make_window, owner, language):
    workshop(owner)
    page = _packages(make_window(owner))
    words = WORDS[language]
    dialog = _dialog(qtbot, page)
    qtbot.keyClicks(dialog.name, "Brake fluid change")
    qtbot.keyClicks(dialog.months, "24")
    dialog.save()  # no lines
    assert dialog.isVisible() and dialog.error.text() == words["needs line"]
    assert dialog.rows.hints["lines"].text() == words["needed"]
    # an unknown part number: said under the lines, nothing added
    qtbot.keyClicks(dialog.line_sku, "NOPE-1")
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_L, ALT)  # Add line (a button: animated)
    qtbot.waitUntil(lambda: dialog.rows.hints["lines"].text() == words["sku"])
    assert not dialog.lines
    dialog.line_sku.clear()
    qtbot.keyClicks(dialog.line_description, "Bleed the brakes")
    qtbot.keyClicks(dialog.line_qty, "half")  # not a number: said in the screen's language
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_Insert)
    assert dialog.rows.hints["lines"].text() == words["half"] and not dialog.lines
    dialog.line_qty.clear()
    qtbot.keyClicks(dialog.line_qty, "0.5")
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_Insert)
    assert dialog.lines_model.rowCount() == 1
    dialog.months.clear()  # 0 km / 0 months
    dialog.save()
    assert dialog.error.text() == words["when"]
    assert dialog.rows.hints["interval"].text() == words["needed"]
    qtbot.keyClicks(dialog.season_from, "11-01")  # a season with one end
    dialog.save()
    assert dialog.error.text() == words["both"]
    assert MaintenancePackage.select().where(
        MaintenancePackage.name == "Brake fluid change").count() == 0
    qtbot.keyClicks(dialog.season_to, "03-31")
    qtbot.keyClicks(dialog.fixed_price, "cheap")
    dialog.save()
    assert dialog.error.text() == words["price"] and dialog.rows.hints["fixed_price"].text()
    dialog.fixed_price.clear()
    dialog.save()
    assert not dialog.isVisible()
    saved = MaintenancePackage.get(MaintenancePackage.name == "Brake fluid change")
    assert (saved.season_from, saved.season_to, saved.interval_months) == ("11-01", "03-31",
                                                                           None)


def test_a_clerk_sees_the_list_but_cannot_change_it(qtbot, make_window, owner, clerk, language):
    workshop(owner)
    page = _packages(make_window(clerk))
    assert page.model.rowCount() == 1
    assert not any(b.isEnabled() for b in (page.new_button, page.edit_button,
                                           page.archive_button))
    dialog = _dialog(qtbot, page, MaintenancePackage.get())  # (were it opened: refused)
    dialog.save()
    assert dialog.isVisible() and dialog.error.text()


def test_a_stale_copy_is_refused(qtbot, make_window, owner, language):
    shop = workshop(owner)
    page = _packages(make_window(owner))
    dialog = _dialog(qtbot, page, maintenance.get(owner, shop.package.id))
    other = maintenance.get(owner, shop.package.id)  # another PC saves meanwhile
    maintenance.archive_package(owner, other.id)
    qtbot.keyClicks(dialog.description, " and more")
    dialog.save()
    assert dialog.isVisible() and WORDS[language]["reopen"] in dialog.error.text()


def test_archive_asks_then_greys_the_row(qtbot, make_window, owner, monkeypatch):
    from shopdesk.gui.workshop import packages

    workshop(owner)
    page = _packages(make_window(owner))
    asked = []
    monkeypatch.setattr(packages, "confirm", lambda *a: asked.append(a[2]) or True)
    page.view.setFocus()
    qtbot.keyClick(page.window().windowHandle(), Qt.Key.Key_A, ALT)  # Archive
    qtbot.waitUntil(lambda: bool(asked))
    assert asked and "Oil service" in asked[0]
    assert MaintenancePackage.get().archived and page.model.rowCount() == 0
    qtbot.keyClick(page.window().windowHandle(), Qt.Key.Key_I, ALT)  # Show archived
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.greyed == {0} and page.archive_button.text() == "Rest&ore"


def test_page_and_dialog_fit_1366_by_768_and_125_percent(qtbot, make_window, owner, tmp_path,
                                                         language):
    """Rendered at 1366 x 768 (less the taskbar) and at 125 % of it (1093 x 582 logical
    pixels): every button whole, the dialog no smaller than it asks to be."""
    workshop(owner)
    window = make_window(owner)
    page = _packages(window)
    for width, height, name in ((1366, 728, "100"), (1093, 582, "125")):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        qtbot.wait(20)
        for button in (page.back_button, page.new_button, page.edit_button,
                       page.archive_button, page.show_archived):
            assert button.width() >= button.sizeHint().width(), button.text()
        assert not page.view.horizontalScrollBar().isVisible()  # every column in view
        window.grab().save(str(tmp_path / f"packages-{name}.png"))
        dialog = _dialog(qtbot, page, MaintenancePackage.get())
        dialog.resize(min(dialog.sizeHint().width(), width), dialog.sizeHint().height())
        qtbot.wait(20)
        assert dialog.height() <= height and dialog.width() <= width
        assert dialog.width() >= dialog.minimumSizeHint().width()
        assert dialog.height() >= dialog.minimumSizeHint().height()
        kinds = {"en": ("Labour", "Kind"), "zh_CN": ("工时", "类型")}[language]
        assert (dialog.line_kind.currentText(),
                dialog.lines_model.headerData(0, Qt.Orientation.Horizontal)) == kinds
        dialog.grab().save(str(tmp_path / f"package-dialog-{name}.png"))
        dialog.reject()


def test_the_reminder_list_follows_a_package_change(qtbot, make_window, owner, monkeypatch):
    """Archiving a package re-plans service due: the front desk's reminder list, loaded
    before, is loaded again when it next shows (without the package's row)."""
    from shopdesk.gui.workshop import packages

    workshop(owner)  # Ann Smith's Accord is overdue for the oil service
    window = make_window(owner)
    desk = window.show_screen("front_desk")
    tab = desk.reminders
    desk.tabs.setCurrentWidget(desk.reminders_page)
    qtbot.waitUntil(lambda: tab.complete and tab.model.rowCount() == 1, timeout=10000)
    assert tab.model.row(0)[7] == "Oil service"
    page = _packages(window)
    monkeypatch.setattr(packages, "confirm", lambda *a: True)
    page.archive()
    window.show_screen("front_desk")
    qtbot.waitUntil(lambda: tab.complete and tab.model.rowCount() == 0, timeout=10000)


def test_enter_edits_and_a_save_keeps_the_lines(qtbot, make_window, owner):
    """Enter on the list opens the package filled in; saved unchanged, its lines stay as
    they were (the parts' prices still the parts' own); one removed with Delete is gone."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    shop = workshop(owner)
    before = [(li.kind, li.description, li.part_id, li.quantity, li.unit_price)
              for li in maintenance.lines_of(owner, shop.package)]
    page = _packages(make_window(owner))
    seen = []

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append((dialog.name.text(), dialog.lines_model.rowCount()))
        dialog.save()

    QTimer.singleShot(50, in_dialog)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("Oil service", 3)]
    after = [(li.kind, li.description, li.part_id, li.quantity, li.unit_price)
             for li in maintenance.lines_of(owner, shop.package)]
    assert after == before and maintenance.get(owner, shop.package.id).version > 1

    def remove_first() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.lines_view.setFocus()
        dialog.lines_view.setCurrentIndex(dialog.lines_model.index(0, 0))
        qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_Delete)
        seen.append(dialog.lines_model.rowCount())
        dialog.save()

    QTimer.singleShot(50, remove_first)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[1] == 2
    assert [li.description for li in maintenance.lines_of(owner, shop.package)] == [
        d for _k, d, *_rest in before[1:]]
