"""Backups in the window: the warning strip, Back up now, automatic backups, restore."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import peewee
import pytest
from PySide6.QtWidgets import QMessageBox

from shopdesk.gui import app as gui_app
from shopdesk.gui.app import AppController
from shopdesk.gui.dialogs.backups import BackupsDialog
from shopdesk.local_config import LocalConfig
from shopdesk.models.audit import AuditEntry
from shopdesk.services.shop import backup, restore, settings


@pytest.fixture(autouse=True)
def backup_folder(tmp_path: Path):
    """This PC backs up into a fresh folder for each test."""
    folder = tmp_path / "backups"
    config = LocalConfig.load()
    config.backup_dir = str(folder)
    config.save()
    yield folder
    config.backup_dir = ""
    config.save()


def _sqlite_only(db: peewee.Database) -> None:
    if isinstance(db, peewee.PostgresqlDatabase):
        pytest.skip("backups from this PC are for SQLite databases")


def _wait_backup(qtbot, guard) -> None:
    qtbot.waitUntil(lambda: not guard.running, timeout=15000)


def _rename(owner, name: str) -> None:
    settings.update_settings(owner, settings.get_settings().version, name=name)


def test_strip_warns_when_the_folder_is_missing_and_back_up_now_clears_it(
        qtbot, make_window, owner, db, backup_folder):
    _sqlite_only(db)
    window = make_window(owner)
    guard = window.safety.guard
    strip = guard.banner
    assert strip.isVisible()
    assert "missing" in strip.label.text() and str(backup_folder) in strip.label.text()
    strip.backUpButton.click()
    _wait_backup(qtbot, guard)
    assert not strip.isVisible()
    made = backup.list_backups(backup_folder)
    assert len(made) == 1 and made[0].path.name.startswith("shop_")
    assert "Backed up to" in window.statusBar().currentMessage()
    assert "verified" in window.statusBar().currentMessage()


def test_strip_warns_about_a_backup_older_than_two_days(qtbot, make_window, owner, db,
                                                        backup_folder):
    _sqlite_only(db)
    backup_folder.mkdir()
    old = dt.datetime.now() - dt.timedelta(days=3)
    (backup_folder / backup.backup_name("shop", old)).write_bytes(b"x")
    window = make_window(owner)
    strip = window.safety.guard.banner
    assert strip.isVisible() and "more than two days ago" in strip.label.text()
    window.resize(1280, 800)
    window.grab().save(str(Path("/tmp") / "backup_strip.png"))


def test_a_clerk_sees_the_strip_but_not_the_owners_menu(qtbot, make_window, clerk, db):
    _sqlite_only(db)
    window = make_window(clerk)
    strip = window.safety.guard.banner
    assert strip.isVisible()
    assert not strip.backUpButton.isHidden() and strip.chooseButton.isHidden()
    assert not window.safety.backups_action.isEnabled()
    assert not window.safety.audit_action.isEnabled()


def test_technician_is_told_to_ask_the_owner(make_window, technician, db):
    _sqlite_only(db)
    window = make_window(technician)
    strip = window.safety.guard.banner
    assert "Ask the owner" in strip.label.text()
    assert strip.backUpButton.isHidden()


def test_file_menu_has_backups_and_audit_log_for_the_owner(make_window, owner):
    window = make_window(owner)
    texts = [a.text() for a in window.ui.menuFile.actions() if not a.isSeparator()]
    # other File entries (import, exports) may come first; these three stay together, in order
    start = texts.index("&Settings…")
    assert texts[start:start + 3] == ["&Settings…", "&Backups…", "&Audit log…"]
    assert window.safety.backups_action.isEnabled() and window.safety.audit_action.isEnabled()


def test_postgresql_shows_no_strip(make_window, owner, db):
    if not isinstance(db, peewee.PostgresqlDatabase):
        pytest.skip("PostgreSQL only")
    window = make_window(owner)
    assert window.safety.guard.banner.isHidden()


def test_daily_backup_runs_in_the_background_only_when_a_day_has_passed(
        qtbot, make_window, owner, db, backup_folder):
    _sqlite_only(db)
    window = make_window(owner)
    guard = window.safety.guard
    guard.check_daily()  # automatic backups are off until the app switches them on
    assert not backup_folder.exists()
    guard.automatic = True
    guard.check_daily()
    _wait_backup(qtbot, guard)
    assert len(backup.list_backups(backup_folder)) == 1
    guard.check_daily()  # made today: nothing more to do
    assert not guard.running and len(backup.list_backups(backup_folder)) == 1
    assert guard.due(dt.datetime.now() + dt.timedelta(hours=25))
    assert guard.banner.isHidden()


def test_closing_the_window_backs_up_first_then_closes(qtbot, make_window, owner, db,
                                                       backup_folder):
    _sqlite_only(db)
    window = make_window(owner)
    guard = window.safety.guard
    guard.automatic = True
    window.close()
    assert window.isVisible()  # waiting for the backup, not frozen
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)
    assert len(backup.list_backups(backup_folder)) == 1


def test_closing_again_with_nothing_new_closes_at_once(qtbot, make_window, owner, db,
                                                       backup_folder):
    _sqlite_only(db)
    window = make_window(owner)
    guard = window.safety.guard
    guard.back_up_now()
    _wait_backup(qtbot, guard)
    assert not guard.changed_since_last_backup()
    guard.automatic = True
    window.close()
    assert not window.isVisible()  # no second backup: the data did not change
    assert len(backup.list_backups(backup_folder)) == 1
    time.sleep(1.1)  # backup names carry whole seconds
    _rename(owner, "A change after the backup")
    assert guard.changed_since_last_backup()


def test_a_failed_backup_shows_in_the_strip(qtbot, make_window, owner, db, tmp_path):
    _sqlite_only(db)
    blocker = tmp_path / "blocked"
    blocker.write_text("a file, not a folder")
    window = make_window(owner)
    guard = window.safety.guard
    guard.set_folder(blocker / "backups")
    _wait_backup(qtbot, guard)
    assert guard.banner.isVisible()
    assert "The last backup failed: Cannot use the backup folder" in guard.banner.label.text()


def _open_backups(window) -> BackupsDialog:
    dialog = BackupsDialog(window.safety.guard, window)
    dialog.restored.connect(window.database_replaced)
    return dialog


def test_backups_dialog_lists_backups_and_restores_the_chosen_one(
        qtbot, make_window, owner, db, backup_folder, monkeypatch, message_boxes):
    _sqlite_only(db)
    _rename(owner, "Monday Motors")
    window = make_window(owner)
    dialog = _open_backups(window)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    dialog.backUpButton.click()
    _wait_backup(qtbot, window.safety.guard)
    assert dialog.model.rowCount() == 1
    assert dialog.model.row(0)[0].startswith("shop_")
    dialog.show()
    dialog.grab().save("/tmp/backups_dialog.png")
    _rename(owner, "Typed Over By Mistake")
    asked: list[str] = []

    def question(_parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    replaced: list[object] = []
    window.database_replaced.connect(replaced.append)
    dialog.table.selectRow(0)
    dialog.restoreButton.click()
    assert asked and "Everything entered since then will be gone" in asked[0]
    qtbot.waitUntil(lambda: len(replaced) == 1, timeout=15000)  # in the background
    assert any(title == "Backup restored" for title, _ in message_boxes)
    assert settings.get_settings().name == "Monday Motors"
    assert AuditEntry.select().where(AuditEntry.action == "restore").count() == 1


def test_cancelling_the_confirmation_restores_nothing(qtbot, make_window, owner, db,
                                                       backup_folder, monkeypatch):
    _sqlite_only(db)
    window = make_window(owner)
    dialog = _open_backups(window)
    qtbot.addWidget(dialog)
    dialog.backUpButton.click()
    _wait_backup(qtbot, window.safety.guard)
    _rename(owner, "Today")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: QMessageBox.StandardButton.Cancel))
    dialog.restoreButton.click()
    assert settings.get_settings().name == "Today"
    assert all(not b.is_safety_copy for b in backup.list_backups(backup_folder))


def test_restoring_a_file_that_is_not_a_backup_is_refused(qtbot, make_window, owner, db,
                                                          tmp_path, message_boxes):
    _sqlite_only(db)
    window = make_window(owner)
    dialog = _open_backups(window)
    qtbot.addWidget(dialog)
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("shopping list")
    dialog.restore_file(notes, notes.name)
    assert message_boxes == [("Cannot restore this file",
                              "notes.sqlite3 is not a ShopDesk backup (it is not an SQLite "
                              "database file)")]


def test_app_rebuilds_the_window_on_the_restored_database(qtbot, owner, db, backup_folder,
                                                          monkeypatch):
    _sqlite_only(db)
    gui_app.make_application()
    _rename(owner, "Monday Motors")
    controller = AppController(str(db.database))
    controller.db = db
    first = controller.show_window(owner)  # the controller deletes it when it rebuilds
    assert first.safety.guard.automatic  # the app switches automatic backups on
    made = backup.make_backup(owner, db, backup_folder).path
    _rename(owner, "Typed Over")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog = _open_backups(first)  # deleted with the first window
    dialog.restore_file(made, made.name)
    qtbot.waitUntil(lambda: controller.window is not first, timeout=15000)
    second = controller.window
    assert second is not first and second is not None
    qtbot.addWidget(second)
    assert "Monday Motors" in second.windowTitle()
    assert second.context.actor.username == "olivia"
    assert controller.db is second.context.db
    second.safety.guard.automatic = False
    second.safety.guard.timer.stop()


def test_a_restore_failing_in_the_background_leaves_the_shop_as_it_was(
        qtbot, make_window, owner, db, backup_folder, monkeypatch, message_boxes):
    _sqlite_only(db)
    window = make_window(owner)
    made = backup.make_backup(owner, db, backup_folder).path
    _rename(owner, "Today")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(restore, "_swap", disk_full)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog = _open_backups(window)
    qtbot.addWidget(dialog)
    dialog.restore_file(made, made.name)
    qtbot.waitUntil(lambda: bool(message_boxes), timeout=15000)
    title, text = message_boxes[0]
    assert title == "Nothing was restored" and "No space left" in text
    assert dialog.isEnabled() and not window.safety.guard.running
    assert settings.get_settings().name == "Today"  # the window's connection comes back
    _rename(owner, "Still working")
    assert settings.get_settings().name == "Still working"
