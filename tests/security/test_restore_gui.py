"""A restore refused in the window (issue 21, item 1): the Backups dialog, driven by keys,
shows the refusal naming what is wrong, and the shop stays as it was."""

from __future__ import annotations

import datetime as dt
import sqlite3

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from shopdesk.services.shop import backup, settings
from tests.gui.conftest import _garbage_on_the_gui_thread, _no_modal_boxes  # noqa: F401
from tests.gui.conftest import make_window as make_window
from tests.gui.conftest import message_boxes as message_boxes

T0 = dt.datetime(2026, 11, 23, 18, 30, 0)


def _rename(owner, name: str) -> None:
    settings.update_settings(owner, settings.get_settings().version, name=name)


def test_the_window_refuses_a_hollow_backup_naming_what_is_wrong(
        qtbot, make_window, owner, db, monkeypatch, message_boxes, tmp_path):
    if isinstance(db, peewee.PostgresqlDatabase):
        pytest.skip("a PostgreSQL restore is tested in tests/services/shop/test_restore_postgres")
    from shopdesk.gui.dialogs.backups import BackupsDialog
    from shopdesk.local_config import LocalConfig

    folder = tmp_path / "backups"
    config = LocalConfig.load()
    config.backup_dir = str(folder)
    config.save()
    try:
        _rename(owner, "Today's Work")
        window = make_window(owner)
        backup.make_backup(owner, db, folder, now=T0)
        hollow = folder / "shop_2026-11-24_120000.sqlite3"  # the newest: listed first
        conn = sqlite3.connect(hollow)
        conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                     "title VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)")
        conn.execute("INSERT INTO schema_version VALUES (11, 'x', '2026-01-01 00:00:00')")
        conn.commit()
        conn.close()
        monkeypatch.setattr(QMessageBox, "question", staticmethod(
            lambda *a, **k: QMessageBox.StandardButton.Yes))
        dialog = BackupsDialog(window.safety.guard, window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitActive(dialog)
        dialog.table.setFocus()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Home)  # the newest backup: the hollow one
        qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: bool(message_boxes), timeout=15000)
        title, text = message_boxes[-1]
        assert title == "Nothing was restored"
        assert hollow.name in text and "missing table" in text
        assert dialog.isEnabled() and not window.safety.guard.running
        assert settings.get_settings().name == "Today's Work"
    finally:
        config.backup_dir = ""
        config.save()
