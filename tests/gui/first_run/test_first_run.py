"""The first-run wizard: walked by keyboard, the shop made in one go, nothing left on failure,
Cancel back to the demo shop."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWizard

from shopdesk import db as database
from shopdesk import formatting, paths
from shopdesk.gui.app import AppController, make_application
from shopdesk.gui.first_run import FirstRunWizard
from shopdesk.gui.first_run.demo_marking import mark_demo_windows
from shopdesk.local_config import LocalConfig
from shopdesk.models.base import database_proxy
from shopdesk.models.invoices import DocumentSequence
from shopdesk.services.shop import new_shop, settings, shop_setup, users

YEAR = dt.date.today().year


@pytest.fixture(autouse=True)
def _keep_formatting():
    """A shop set up here in EUR must not change how later tests format money."""
    saved = dict(formatting._state)
    yield
    formatting.configure(**saved)


def _focus():
    widget = QApplication.focusWidget() or QApplication.activeWindow()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def _type(qtbot, text: str) -> None:
    """Type into whatever has the focus, as a person would."""
    qtbot.keyClicks(_focus(), text)


def _key(qtbot, key: Qt.Key) -> None:
    qtbot.keyClick(_focus(), key)


def _walk_to_finish(qtbot, wizard: FirstRunWizard, first_number: str = "1") -> None:
    """Fill every page with the keyboard only: type, Tab to the next field, Enter = Next."""
    assert wizard.currentPage() is wizard.welcome
    _key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.shop
    _key(qtbot, Qt.Key.Key_Return)  # the name is required: stays, says so, focus on it
    assert wizard.currentPage() is wizard.shop
    assert "name" in wizard.shop.error.text()
    assert QApplication.focusWidget() is wizard.shop.name
    _type(qtbot, "Hilltop Garage")
    wizard.shop.name.insert(" 山顶汽修")  # an input method, not key presses
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "12 Hill Road")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "+1 555 0100")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "desk@hilltop.example")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "TX-99")
    _key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is wizard.shop.currency
    qtbot.keyClick(_focus(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type(qtbot, "EUR")
    _key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.tax, wizard.shop.error.text()

    # tax rates: a reduced rate added by typing, Enter adds it
    assert QApplication.focusWidget() is wizard.tax.code
    _type(qtbot, "red")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "Reduced")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "5.5")
    _key(qtbot, Qt.Key.Key_Return)
    assert wizard.tax.model.row(2) == ("RED", "Reduced", "5.5")
    assert QApplication.focusWidget() is wizard.tax.code  # ready for the next rate
    assert wizard.currentPage() is wizard.tax
    _key(qtbot, Qt.Key.Key_Return)  # the row is empty: Enter goes on
    assert wizard.currentPage() is wizard.numbering

    # invoice numbers: prefix and where the old system stopped, previewed as typed
    assert QApplication.focusWidget() is wizard.numbering.prefix
    wizard.numbering.prefix.selectAll()
    _type(qtbot, "HG")
    _key(qtbot, Qt.Key.Key_Tab)
    wizard.numbering.first_number.lineEdit().selectAll()
    _type(qtbot, first_number)
    expected = f"HG-{YEAR}-{int(first_number):05d}"
    assert wizard.numbering.preview.text() == expected
    assert wizard.numbering.credit_preview.text() == f"HG-CN-{YEAR}-00001"
    _key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.owner_page

    # the owner: passwords that differ are refused and nothing is saved
    _type(qtbot, "Hana Hill")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "hana")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "short")
    _key(qtbot, Qt.Key.Key_Return)
    assert "at least 8" in wizard.owner_page.error.text()
    assert QApplication.focusWidget() is wizard.owner_page.password
    wizard.owner_page.password.selectAll()
    _type(qtbot, "hilltop-2026")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "hilltop-2026x")
    _key(qtbot, Qt.Key.Key_Return)
    assert "differ" in wizard.owner_page.error.text()
    assert QApplication.focusWidget() is wizard.owner_page.again
    _type(qtbot, "hilltop-2026")
    _key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.backup
    _key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.imports


def _show(qtbot, wizard: QWizard) -> None:
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    assert QTest.qWaitForWindowActive(wizard)


def test_keyboard_walk_creates_the_whole_shop_file(qtbot, tmp_path, owner):
    make_application()
    demo = database_proxy.obj  # (the fixture's shop stands in for the demo shop)
    target = tmp_path / "own" / "shop.sqlite3"
    target.parent.mkdir()
    wizard = FirstRunWizard(target)
    _show(qtbot, wizard)
    _walk_to_finish(qtbot, wizard, first_number="1234")
    _key(qtbot, Qt.Key.Key_Return)  # Finish: "Create my shop"
    assert wizard.result() == QDialog.DialogCode.Accepted, wizard.imports.error.text()
    assert target.exists() and not Path(f"{target}.partial").exists()
    assert wizard.owner is not None and wizard.owner.username == "hana"
    assert database_proxy.obj is wizard.db and wizard.db is not demo
    shop = settings.get_settings()
    assert (shop.name, shop.address, shop.phone, shop.email, shop.tax_id, shop.currency,
            shop.invoice_prefix, shop.is_demo) == (
        "Hilltop Garage 山顶汽修", "12 Hill Road", "+1 555 0100", "desk@hilltop.example",
        "TX-99", "EUR", "HG", False)
    assert [(r.code, r.rate, r.is_default) for r in settings.list_tax_rates(owner)] == [
        ("STD", Decimal("10.000"), True), ("RED", Decimal("5.500"), False),
        ("ZERO", Decimal("0.000"), False)]
    assert users.authenticate("hana", "hilltop-2026").role.value == "owner"
    # the first invoice will be HG-<year>-01234: the series continues the old system's
    row = DocumentSequence.get((DocumentSequence.series == "invoice")
                               & (DocumentSequence.year == YEAR))
    assert row.last_number == 1233
    wizard.db.close()


def test_a_failure_at_the_last_step_leaves_no_file(qtbot, tmp_path, owner, monkeypatch):
    make_application()
    demo = database_proxy.obj
    folder = tmp_path / "new"
    folder.mkdir()
    target = folder / "shop.sqlite3"

    def broken(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(new_shop, "_start_invoice_numbers", broken)
    wizard = FirstRunWizard(target)
    _show(qtbot, wizard)
    _walk_to_finish(qtbot, wizard, first_number="7")
    _key(qtbot, Qt.Key.Key_Return)
    assert wizard.result() != QDialog.DialogCode.Accepted
    assert wizard.isVisible() and wizard.currentPage() is wizard.imports
    assert wizard.imports.error.text() == (
        "Nothing was saved: The shop's file could not be written: No space left on device")
    assert sorted(p.name for p in folder.iterdir()) == []  # no file, no -wal, no .partial
    assert database_proxy.obj is demo  # the shop that was open is still the one in use
    assert settings.get_settings().name == "Test Garage"
    # fixed (space freed): Finish again makes the shop
    monkeypatch.undo()
    _key(qtbot, Qt.Key.Key_Return)
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert settings.get_settings().name == "Hilltop Garage 山顶汽修"
    wizard.db.close()


def test_wizard_fills_an_empty_database_given_with_db(qtbot, db):
    """``shopdesk --db`` naming an empty database (e.g. PostgreSQL): filled in place."""
    make_application()
    assert shop_setup.needs_setup()
    wizard = FirstRunWizard(None)
    _show(qtbot, wizard)
    _walk_to_finish(qtbot, wizard)
    _key(qtbot, Qt.Key.Key_Return)
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert wizard.db is db
    assert not shop_setup.needs_setup()
    assert new_shop.invoice_number_preview(settings.get_settings().invoice_prefix) == \
        f"HG-{YEAR}-00001"
    assert DocumentSequence.select().count() == 0  # starting at 1 needs no counter row


def test_backup_folder_warns_on_the_same_disk_and_is_kept(qtbot, tmp_path, db):
    make_application()
    wizard = FirstRunWizard(tmp_path / "new-shop.sqlite3")
    qtbot.addWidget(wizard)
    page = wizard.backup
    page.folder.setText(str(tmp_path))  # the same disk as the database
    assert "same disk" in page.warning.text()
    page.folder.setText(str(tmp_path / "missing"))
    assert not page.validatePage()
    assert "There is no folder" in page.error.text()
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    page.folder.setText(str(elsewhere))
    assert page.validatePage() and page.chosen_folder() == str(elsewhere)
    page.folder.setText(str(LocalConfig().backup_folder()))
    assert page.chosen_folder() == ""  # the default folder is not written as a choice


def test_tax_rate_row_refuses_bad_input(qtbot, db):
    make_application()
    wizard = FirstRunWizard(None)
    qtbot.addWidget(wizard)
    page = wizard.tax
    page.code.setText("R E D")
    page.rate_name.setText("Reduced")
    page.rate.setText("5")
    assert not page.add_rate() and "1 to 10 letters" in page.error.text()
    page.code.setText("RED")
    page.rate.setText("150")
    assert not page.add_rate() and "0 to 100" in page.error.text()
    page.rate.setText("5")
    assert page.add_rate() and page.model.rowCount() == 3
    page.code.setText("X")
    assert not page.validatePage()  # a half-typed row is not silently dropped
    assert "Add rate" in page.error.text()


@pytest.fixture
def fresh_pc(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOPDESK_HOME", str(tmp_path / "fresh-pc"))
    make_application()
    yield
    database.close()
    database_proxy.initialize(None)


def _answer_wizard(qtbot, monkeypatch, answer) -> list[FirstRunWizard]:
    """Replace the wizard's modal loop: ``answer(wizard)`` runs instead of exec()."""
    seen: list[FirstRunWizard] = []

    def exec_(wizard):
        seen.append(wizard)
        _show(qtbot, wizard)
        return answer(wizard)

    monkeypatch.setattr(FirstRunWizard, "exec", exec_)
    return seen


def test_new_pc_cancel_opens_the_demo_shop(qtbot, fresh_pc, monkeypatch):
    signed_in = []
    monkeypatch.setattr(AppController, "sign_in", lambda self: signed_in.append(1) or
                        users.actor_for("owner"))
    wizards = _answer_wizard(qtbot, monkeypatch, lambda w: QDialog.DialogCode.Rejected)
    controller = AppController(None)
    assert controller.start()
    qtbot.addWidget(controller.window)
    assert wizards and wizards[0].button(QWizard.WizardButton.CancelButton).text() == \
        "Try the demo shop"
    assert signed_in == [1]
    assert settings.get_settings().is_demo
    assert "DEMO" in controller.window.windowTitle()
    assert not paths.default_database_path().exists()
    # every other window of the demo shop says so too
    desk = controller.window.show_screen("front_desk")
    book = desk.book()
    assert book.windowTitle() == "Book an appointment — DEMO SHOP — practice data"
    book.reject()
    controller.window.safety.guard.automatic = False
    mark_demo_windows(False)


def test_new_pc_finish_signs_the_owner_into_the_new_shop(qtbot, fresh_pc, monkeypatch):
    def finish(wizard):
        _walk_to_finish(qtbot, wizard)
        assert wizard.imports.open_import.isVisibleTo(wizard)  # this ShopDesk can import
        wizard.imports.open_import.setFocus()
        _key(qtbot, Qt.Key.Key_Space)  # "Open the import wizard when the shop is ready"
        _key(qtbot, Qt.Key.Key_Return)
        return wizard.result()

    _answer_wizard(qtbot, monkeypatch, finish)
    monkeypatch.setattr(AppController, "sign_in", lambda self: pytest.fail("no sign-in"))
    controller = AppController(None)
    assert controller.start()
    window = controller.window
    qtbot.addWidget(window)
    assert paths.default_database_path().exists()
    assert window.context.actor.username == "hana"
    assert window.windowTitle().startswith("Hilltop Garage")
    assert "DEMO" not in window.windowTitle() and window.ui.demoBanner.isHidden()
    desk = window.show_screen("front_desk")
    book = desk.book()
    assert book.windowTitle() == "Book an appointment"  # the shop's own: no demo mark
    book.reject()
    from shopdesk.gui.imports import ImportWizard

    assert isinstance(window.import_wizard, ImportWizard) and window.import_wizard.isVisible()
    window.import_wizard.reject()
    window.safety.guard.automatic = False
