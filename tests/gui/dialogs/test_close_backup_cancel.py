"""Closing the window on a big shop: the closing backup has Cancel; the window closes at once,
nothing half-made is kept, and the strip says the backup was skipped until a good one is made."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from shopdesk.local_config import LocalConfig
from shopdesk.services.shop import backup
from tests.gui.dialogs.test_backups_gui import _rename, _sqlite_only, _wait_backup


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


def test_cancel_the_closing_backup_closes_now_and_the_strip_remembers(
        qtbot, make_window, owner, db, backup_folder, monkeypatch):
    _sqlite_only(db)
    real_copy = backup._online_copy

    def big_shop_copy(source, target):  # a large shop: the copy takes a while
        real_copy(source, target)
        time.sleep(0.6)

    monkeypatch.setattr(backup, "_online_copy", big_shop_copy)
    window = make_window(owner)
    guard = window.safety.guard
    guard.automatic = True
    window.close()
    assert window.isVisible()  # backing up first
    guard.close_task.cancel()  # the clerk presses Cancel on the progress dialog
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)
    assert backup.list_backups(backup_folder) == []
    assert not list(backup_folder.glob("*.partial"))  # nothing half-made left behind
    assert guard.skipped_on_close() is not None

    monkeypatch.setattr(backup, "_online_copy", real_copy)
    again = make_window(owner)  # the next start: the strip says what was skipped
    strip = again.safety.guard.banner
    assert strip.isVisible() and "was skipped" in strip.label.text()
    again.safety.guard.back_up_now()
    _wait_backup(qtbot, again.safety.guard)
    assert again.safety.guard.skipped_on_close() is None
    assert "was skipped" not in strip.label.text()


def test_closing_backup_not_cancelled_still_completes(qtbot, make_window, owner, db,
                                                      backup_folder):
    _sqlite_only(db)
    window = make_window(owner)
    _rename(owner, "Something new")
    guard = window.safety.guard
    guard.automatic = True
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)
    assert len(backup.list_backups(backup_folder)) == 1
    assert guard.skipped_on_close() is None
