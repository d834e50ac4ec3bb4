"""The screen language: chosen in Settings → This PC, kept per PC, and every main screen and key
dialog shows Chinese text when Simplified Chinese is chosen (nothing left in English)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QTabWidget,
    QToolButton,
    QWidget,
)

from shopdesk import formatting
from shopdesk import i18n as core_i18n
from shopdesk.gui import i18n
from shopdesk.gui.app import make_application
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.about import AboutDialog
from shopdesk.gui.dialogs.audit_log import AuditLogDialog
from shopdesk.gui.dialogs.backups import BackupsDialog
from shopdesk.gui.dialogs.login import LoginDialog
from shopdesk.gui.dialogs.settings import SettingsDialog
from shopdesk.gui.screens import SCREENS
from shopdesk.local_config import LocalConfig

# Words that stay as they are in Chinese: codes, names, file types, keys.
ALLOWED = {
    "VIN", "SKU", "PDF", "CSV", "ShopDesk", "Excel", "OK", "km", "Esc", "Enter", "Del", "Tab",
    "Ctrl", "Shift", "Alt", "RMA", "SQLite", "PostgreSQL", "Python", "Qt", "USD", "EUR",
    "VAT", "GST", "ID", "A4", "Letter", "Test", "Garage", "Olivia", "Owner", "olivia", "Demo",
    "PNG", "JPEG", "QR", "Code", "EAN", "ISBN", "UTF", "pg_dump", "of", "for", "VIP",
    "English", "LPG", "CNG", "US",
}
# Widgets that show the shop's own records, whatever the language (the shop's name).
SHOP_DATA_WIDGETS = {"shopNameLabel"}
_TAGS = re.compile(r"<[^>]+>|&[a-z]+;|\{[^}]*\}")


@pytest.fixture
def chinese() -> Iterator[None]:
    """Simplified Chinese for the test; English again after it."""
    make_application()
    assert i18n.install("zh_CN") == "zh_CN"
    yield
    i18n.install("en")
    formatting.configure(locale="en_US")


def english_words(text: str) -> list[str]:
    """The words of ``text`` that look untranslated (ASCII letters, not an allowed name)."""
    plain = _TAGS.sub(" ", text.replace("&&", "").replace("&", ""))
    if re.search(r"[\u4e00-\u9fff]", plain):
        return []  # translated (codes and names may stay in Latin letters inside it)
    words = re.findall(r"[A-Za-z][A-Za-z'\-]+", plain)
    return [w for w in words if w not in ALLOWED and not re.fullmatch(r"F\d+|[A-Z]\d*", w)]


def menu_texts(where: str, menu: QMenu, seen: set[int]) -> Iterator[tuple[str, str]]:
    """(where, text) for a menu's title, its actions' texts and tooltips, and its submenus."""
    if id(menu) in seen:
        return
    seen.add(id(menu))
    where = f"{where} > {menu.title() or menu.objectName()}"
    yield f"{where} title", menu.title()
    menu.aboutToShow.emit()  # menus filled when opened (recent files, Desk) fill now
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        if action.menu() is not None:
            yield from menu_texts(where, action.menu(), seen)
            continue
        yield f"{where} item", action.text()
        if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
            yield f"{where} item tooltip", action.toolTip()


def combo_holds_shop_data(combo: QComboBox) -> bool:
    """A combo whose items come from the shop's records (users, tax rates, suppliers...),
    not from the program: marked ``shopData`` by its screen, or a model other than the plain
    item list (a database-backed model)."""
    return bool(combo.property("shopData")) or combo.isEditable() or \
        type(combo.model()).__name__ != "QStandardItemModel"


def visible_texts(top: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a user can see on ``top`` and its visible children: labels,
    buttons, group titles, placeholders, tabs, column headers, the items of the program's own
    combo boxes, and every menu (the menu bar's, button menus, context menus) with its
    submenus."""
    seen_menus: set[int] = set()
    if isinstance(top, (QDialog, QMainWindow)):
        yield "window title", top.windowTitle()
    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            if action.menu() is not None and action.isVisible():
                yield from menu_texts("menu bar", action.menu(), seen_menus)
    for widget in [top, *top.findChildren(QWidget)]:
        if not widget.isVisibleTo(top) and widget is not top:
            continue
        name = f"{type(widget).__name__} {widget.objectName()}"
        if widget.objectName() in SHOP_DATA_WIDGETS or (
                widget.property("shopData") and not isinstance(widget, QComboBox)):
            continue  # the shop's records (names, addresses, tags) as typed
        if isinstance(widget, (QLabel, QAbstractButton)):
            yield name, widget.text()
        elif isinstance(widget, QGroupBox):
            yield name, widget.title()
        elif isinstance(widget, QLineEdit):
            yield name, widget.placeholderText()
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield f"{name} tab", widget.tabText(i)
        elif isinstance(widget, QComboBox) and not combo_holds_shop_data(widget):
            for i in range(widget.count()):
                yield f"{name} item", widget.itemText(i)
        elif (isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView)
              and widget.model() is not None):
            model = widget.model()
            for column in range(model.columnCount()):
                header = model.headerData(column, Qt.Orientation.Horizontal,
                                          Qt.ItemDataRole.DisplayRole)
                yield f"{name} column", str(header or "")
        if isinstance(widget, (QPushButton, QToolButton)) and widget.menu() is not None:
            yield from menu_texts(name, widget.menu(), seen_menus)
        if widget.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu:
            for action in widget.actions():
                if action.menu() is not None:
                    yield from menu_texts(f"{name} context", action.menu(), seen_menus)
                elif not action.isSeparator() and action.isVisible():
                    yield f"{name} context item", action.text()
        if widget.toolTip():
            yield f"{name} tooltip", widget.toolTip()


def untranslated(top: QWidget) -> list[str]:
    return sorted({f"{where}: {text!r}" for where, text in visible_texts(top)
                   if english_words(text)})


def test_language_choice_is_kept_for_this_pc_and_the_next_window_is_chinese(
        qtbot, db, owner, message_boxes):
    make_application()
    dialog = SettingsDialog(AppContext(db, owner))
    qtbot.addWidget(dialog)
    combo = dialog.ui.languageCombo
    assert [combo.itemData(i) for i in range(combo.count())] == ["system", "en", "zh_CN"]
    assert "restart" in dialog.ui.languageNote.text()  # says when it takes effect
    combo.setCurrentIndex(combo.findData("zh_CN"))
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert LocalConfig.load().language == "zh_CN"
    try:
        assert i18n.install() == "zh_CN"  # the next start reads this PC's choice
        login = LoginDialog("Test Garage")
        qtbot.addWidget(login)
        assert login.windowTitle() == "登录 ShopDesk"
        assert formatting.money(core_i18n_decimal()) == "US$1,234.50"
        assert core_i18n.translate("Columns", "Plate") == "车牌"  # printing and exports
    finally:
        i18n.install("en")
        formatting.configure(locale="en_US")
        config = LocalConfig.load()  # this test session's PC setting back to "system", so
        config.language = ""  # later tests (and their command lines) are not in Chinese
        config.save()
    assert QCoreApplication.translate("LoginDialog", "Sign in to ShopDesk") == \
        "Sign in to ShopDesk"  # English again after the test


def core_i18n_decimal():
    from decimal import Decimal
    return Decimal("1234.5")


def test_system_follows_the_system_locale():
    assert core_i18n.resolve("system", "zh_CN") == "zh_CN"
    assert core_i18n.resolve("", "zh_TW") == "zh_CN"
    assert core_i18n.resolve("system", "de_DE") == "en"
    assert core_i18n.resolve("en", "zh_CN") == "en"


def test_every_main_screen_is_in_chinese(qtbot, make_window, owner, chinese):
    window = make_window(owner)
    problems = untranslated(window)
    assert window.nav_buttons["customers"].text() == "客户"
    assert window._db_label.text().startswith(("数据库：SQLite 文件", "数据库：PostgreSQL 数据库"))
    for spec in SCREENS:
        screen = window.show_screen(spec.key)
        qtbot.wait(10)
        problems += [f"{spec.key}: {p}" for p in untranslated(screen)]
    assert not problems, "\n".join(problems)


def test_key_dialogs_are_in_chinese(qtbot, make_window, owner, chinese):
    window = make_window(owner)
    context = window.context
    from shopdesk.gui.customers.check_in_dialog import CheckInDialog
    from shopdesk.gui.customers.crm_dialogs import GradingRulesDialog
    from shopdesk.gui.invoices.counter_sale import CounterSale
    from shopdesk.gui.parts.part_dialog import PartDialog

    dialogs = [SettingsDialog(context, window), AboutDialog("SQLite", window),
               AuditLogDialog(context, window), BackupsDialog(window.safety.guard, window),
               CheckInDialog(context, window), CounterSale(context, window),
               PartDialog(context, parent=window), LoginDialog("Test Garage", "", window),
               GradingRulesDialog(context, window)]
    problems = []
    for dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        if isinstance(dialog, SettingsDialog):
            for i in range(dialog.ui.tabs.count()):
                dialog.ui.tabs.setCurrentIndex(i)
                problems += [f"{type(dialog).__name__}: {p}" for p in untranslated(dialog)]
        else:
            problems += [f"{type(dialog).__name__}: {p}" for p in untranslated(dialog)]
        dialog.close()
    assert not problems, "\n".join(problems)


def test_every_main_screen_of_a_busy_shop_is_in_chinese(qtbot, make_window, db, chinese):
    """With the demo shop's records in every list (filters, combos and menus filled), the
    screens still show no program text in English; the shop's own data may be anything."""
    from shopdesk.demo import create_demo_shop
    from shopdesk.models.customers import Customer
    from shopdesk.services.shop import users

    create_demo_shop("small")
    window = make_window(users.actor_for("owner"))
    problems = untranslated(window)
    for spec in SCREENS:
        screen = window.show_screen(spec.key)
        qtbot.wait(10)
        for view in screen.findChildren(QAbstractItemView):
            if view.isVisibleTo(screen) and view.model() is not None \
                    and view.model().rowCount() and not isinstance(view, QHeaderView):
                view.setCurrentIndex(view.model().index(0, 0))  # a selection shows details
        qtbot.wait(10)
        problems += [f"{spec.key}: {p}" for p in untranslated(screen)]
    orders = window.show_screen("repair_orders")
    orders.status.setCurrentIndex(orders.status.count() - 1)  # every order, any status
    for row in range(min(30, orders.list.model().rowCount())):  # estimates to collected
        orders.open_order(orders.list.lazy.row_key(row))
        problems += [f"repair order: {p}" for p in untranslated(orders.editor)]
    problems = sorted(set(problems))
    customers_screen = window.show_screen("customers")
    customers_screen.open_customer(Customer.select().order_by(Customer.id).first().id)
    file_view = customers_screen.file_view
    for tab in range(file_view.tabs.count()):  # every tab: lists, buttons, the More menu
        file_view.tabs.setCurrentIndex(tab)
        qtbot.wait(5)
        problems += [f"customer file: {p}" for p in untranslated(file_view)]
    assert not problems, "\n".join(problems)


def test_the_shop_chooses_the_language_of_its_printed_documents(qtbot, make_window, owner,
                                                                 message_boxes):
    from shopdesk.services.shop import settings

    settings.update_settings(owner, language="zh_CN")
    window = make_window(owner)  # signing in reads the shop's choice
    try:
        assert core_i18n.document_language() == "zh_CN"
        assert core_i18n.language() == "en"  # the screen stays this PC's language
        dialog = SettingsDialog(window.context, window)
        qtbot.addWidget(dialog)
        combo = dialog.ui.documentLanguageCombo
        assert [combo.itemData(i) for i in range(combo.count())] == ["", "en", "zh_CN"]
        assert combo.itemText(0) == "Same as the screen" and combo.currentData() == "zh_CN"
        combo.setCurrentIndex(combo.findData("en"))
        dialog.save()
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert settings.get_settings().language == "en"
        assert core_i18n.document_language() == "en"  # at once, no restart
        dialog = SettingsDialog(window.context, window)
        qtbot.addWidget(dialog)
        dialog.ui.documentLanguageCombo.setCurrentIndex(0)
        dialog.save()
        assert settings.get_settings().language == ""
        assert core_i18n.document_language() == "en"  # the same as this (English) screen
    finally:
        core_i18n.set_document_language("")
