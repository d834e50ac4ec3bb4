"""The main window shell: sign in, every screen, search focus, settings (the first-run
wizard: test_first_run.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from shopdesk.gui.dialogs.login import LoginDialog
from shopdesk.gui.dialogs.settings import SettingsDialog
from shopdesk.gui.screens import SCREENS
from shopdesk.gui.widgets.empty_state import EmptyState
from shopdesk.models.audit import AuditEntry
from shopdesk.services.shop import settings, users
from tests.conftest import PASSWORD


def test_sign_in_with_wrong_then_right_password(qtbot, owner):
    dialog = LoginDialog("Test Garage")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.ui.usernameEdit, "olivia")
    qtbot.keyClicks(dialog.ui.passwordEdit, "wrong-password")
    qtbot.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.ui.errorLabel.text() == users.WRONG_LOGIN
    assert dialog.ui.passwordEdit.text() == ""  # cleared for the next try
    qtbot.wait(1100)  # a wrong password delays the next try by a second (issue 21)
    qtbot.keyClicks(dialog.ui.passwordEdit, PASSWORD)
    qtbot.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "olivia"


def test_owner_opens_every_screen(make_window, owner):
    window = make_window(owner)
    assert [b.text() for b in window.nav_buttons.values()] == [s.title for s in SCREENS]
    for spec in SCREENS:
        widget = window.show_screen(spec.key)
        assert window.ui.stack.currentWidget() is widget
        assert window.ui.screenTitle.text() == spec.title
        assert window.nav_buttons[spec.key].isChecked()
        if spec.factory is None and spec.key != "settings":
            assert isinstance(widget, EmptyState)
            assert widget.title_label.text() == spec.empty_title
    assert "Test Garage" in window.windowTitle()
    assert "Olivia Owner (Owner)" in window._user_label.text()
    assert "Database: SQLite file" in window._db_label.text() or "PostgreSQL" in \
        window._db_label.text()


def test_keyboard_switches_screens_and_focuses_search(qtbot, make_window, owner):
    window = make_window(owner)
    keys = window.windowHandle()  # through the window system, as a real key press
    qtbot.keyClick(keys, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "parts"
    window.ui.stack.setFocus()
    qtbot.keyClick(keys, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.ui.searchBox.hasFocus()
    window.ui.stack.setFocus()
    qtbot.keyClick(keys, Qt.Key.Key_F3)
    assert window.ui.searchBox.hasFocus()


def test_clerk_sees_no_owner_screens_and_cannot_open_settings(make_window, clerk):
    window = make_window(clerk)
    assert "reports" not in window.nav_buttons and "settings" not in window.nav_buttons
    assert not window.ui.actionSettings.isEnabled()
    window.open_settings()
    assert "Only the owner" in window.statusBar().currentMessage()


def test_change_shop_name_in_settings_is_saved(qtbot, make_window, owner):
    window = make_window(owner)
    dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.ui.nameEdit.clear()
    qtbot.keyClicks(dialog.ui.nameEdit, "Main Street Motors")
    dialog.ui.buttons.button(dialog.ui.buttons.StandardButton.Save).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.get_settings().name == "Main Street Motors"  # saved in the database
    assert window.ui.shopNameLabel.text() == "Main Street Motors"  # and shown at once
    entry = AuditEntry.select().where(AuditEntry.entity == "settings").order_by(
        AuditEntry.id.desc()).get()
    assert entry.username == "olivia" and "Main Street Motors" in entry.after


def test_settings_refuses_empty_name_and_keeps_old_one(qtbot, make_window, owner):
    window = make_window(owner)
    dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.ui.nameEdit.clear()
    dialog.ui.buttons.button(dialog.ui.buttons.StandardButton.Save).click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "needs a name" in dialog.ui.errorLabel.text()
    assert settings.get_settings().name == "Test Garage"


def test_settings_adds_a_tax_rate_and_a_clerk(qtbot, make_window, owner):
    window = make_window(owner)
    dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.ui.taxNewButton.click()
    qtbot.keyClicks(dialog.ui.taxCodeEdit, "RED")
    qtbot.keyClicks(dialog.ui.taxNameEdit, "Reduced")
    qtbot.keyClicks(dialog.ui.taxRateEdit, "5.5")
    dialog.ui.taxSaveButton.click()
    assert ("RED", "Reduced") in [(t.code, t.name) for t in settings.list_tax_rates(owner)]
    assert dialog.tax_model.rowCount() == 3
    dialog.ui.userNewButton.click()
    qtbot.keyClicks(dialog.ui.userUsernameEdit, "dana")
    qtbot.keyClicks(dialog.ui.userNameEdit, "Dana Desk")
    qtbot.keyClicks(dialog.ui.userPasswordEdit, "short")
    dialog.ui.userSaveButton.click()
    assert "at least 8" in dialog.ui.errorLabel.text()
    dialog.ui.userPasswordEdit.clear()
    qtbot.keyClicks(dialog.ui.userPasswordEdit, "long-enough-pw")
    dialog.ui.userSaveButton.click()
    assert dialog.ui.errorLabel.text() == ""
    assert users.authenticate("dana", "long-enough-pw").role.value == "clerk"


def test_shortcuts_window_lists_every_screen(qtbot, make_window, owner):
    window = make_window(owner)
    listed = dict(window.shortcut_list())
    for spec in SCREENS:
        assert listed[spec.shortcut] == f"Open {spec.title}"
    assert "Ctrl+K or F3" in listed


def test_demo_banner_only_for_demo_shop(make_window, owner):
    window = make_window(owner)
    assert window.ui.demoBanner.isHidden()
    assert isinstance(window.ui.setUpShopButton, QPushButton)


def test_shop_logo_is_chosen_saved_as_png_and_printed(qtbot, make_window, owner, tmp_path):
    from PySide6.QtGui import QColor, QImage

    picture = tmp_path / "logo.jpg"
    image = QImage(1200, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f4e79"))
    assert image.save(str(picture), "JPG")
    window = make_window(owner)
    dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(dialog)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    assert not dialog.logo.load_file(str(notes))  # not an image: refused, said why
    assert "is not an image" in dialog.ui.errorLabel.text()
    assert dialog.logo.load_file(str(picture))
    dialog.ui.buttons.button(dialog.ui.buttons.StandardButton.Save).click()
    logo = settings.get_settings().logo_png
    assert logo is not None and logo.startswith(b"\x89PNG")
    stored = QImage()
    stored.loadFromData(logo)
    assert (stored.width(), stored.height()) == (600, 200)  # scaled to fit, aspect kept
