"""J17: restore yesterday's backup. The owner opens File → Backups… (Alt+F, B), moves from this
morning's backup to yesterday evening's (Down), restores it (Alt+R), confirms (Alt+Y) and
acknowledges (Enter); the application reopens the window on the restored database, where the
Customers screen (Ctrl+2) lists the customers of yesterday and not today's. Keyboard only,
through the real application controller.

Control keys: Alt+F, B, Down, Alt+R, Alt+Y, Enter, Ctrl+2 = 7 (no budget in JOURNEYS.md).
SQLite only: a PostgreSQL shop is restored with pg_restore on the server (see
tests/gui/dialogs/test_restore_postgres_gui.py). A US shop in English.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from shopdesk.gui.app import AppController
from shopdesk.gui.dialogs.backups import BackupsDialog
from shopdesk.local_config import LocalConfig
from shopdesk.models.audit import AuditEntry
from shopdesk.models.customers import Customer
from shopdesk.services.shop import backup
from tests.journeys.keyboard import ALT, CTRL, OFFSCREEN_POPUPS, Keys, modal
from tests.journeys.owner_shops import Backups, backups_of_the_last_days

KEYS = 7


@dataclass
class Situation:
    backups: Backups
    controller: AppController


@pytest.fixture
def backup_folder(tmp_path: Path):
    """This PC backs up into a fresh folder (this-pc.json), put back afterwards."""
    folder = tmp_path / "backups"
    config = LocalConfig.load()
    config.backup_dir = str(folder)
    config.save()
    yield folder
    config.backup_dir = ""
    config.save()


def script(keys: Keys, main, situation: Situation):
    backups, controller = situation.backups, situation.controller
    # File (Alt+F) → Backups… (B): this morning's backup, yesterday's, the day before
    yield keys.press(Qt.Key.Key_F, ALT)
    yield keys.press(Qt.Key.Key_B)
    yield keys.until(lambda: modal(BackupsDialog), "the Backups dialog")
    dialog = modal(BackupsDialog)
    listed = [dialog.model.row(r)[0] for r in range(dialog.model.rowCount())]
    assert listed == backups.names
    assert dialog.selected().path.name == backups.names[0]  # the newest, chosen
    # yesterday's (Down), Restore… (Alt+R): asked first, with the day and time in words
    yield keys.press(Qt.Key.Key_Down)
    assert dialog.selected().path == backups.yesterday
    yield keys.press(Qt.Key.Key_R, ALT)
    yield keys.until(lambda: modal(QMessageBox), "the confirmation")
    question = modal(QMessageBox)
    assert "Everything entered since then will be gone" in question.text()
    assert "18:30" in question.text()
    yield keys.press(Qt.Key.Key_Y, ALT)
    # checked and restored in the background, then said
    yield keys.until(lambda: modal(QMessageBox) and modal(QMessageBox) is not question,
                     "the restore done")
    done = modal(QMessageBox)
    assert "before-restore" in done.text()
    yield keys.press(Qt.Key.Key_Return)
    # the window is built again on the restored database, the owner still signed in
    yield keys.until(lambda: controller.window is not main and controller.window is not None
                     and controller.window.isVisible(), "the window reopened")
    keys.window = controller.window  # the keys go to the new window from now on
    yield keys.press(Qt.Key.Key_2, CTRL)
    listing = controller.window.screens["customers"].list.lazy
    yield keys.until(lambda: listing.rowCount() > 0, "the customers listed")
    names = {listing.index(r, 0).data() for r in range(listing.rowCount())}
    assert names == {"Diaz, Carla", "Brown, Dan"}, names


@OFFSCREEN_POPUPS  # the File menu
@pytest.mark.parametrize("shop", ["US"], indirect=True)
def test_restore_yesterdays_backup(qtbot, shop, db, backup_folder):
    if isinstance(db, peewee.PostgresqlDatabase):
        pytest.skip("a PostgreSQL shop is restored on the server (pg_restore)")
    backups = backups_of_the_last_days(shop, db, backup_folder)
    controller = AppController(str(db.database))
    controller.db = db
    main = controller.show_window(shop.owner)  # as the application does after sign-in
    main.resize(1366, 728)
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitActive(main)
    keys = Keys(qtbot, main)
    try:
        keys.run(script(keys, main, Situation(backups, controller)))
    finally:
        if controller.window is not None and controller.window is not main:
            qtbot.addWidget(controller.window)
            controller.window.safety.guard.automatic = False  # no backup when it closes
            controller.window.safety.guard.timer.stop()
    assert keys.control == KEYS, keys.log

    restored = controller.window
    assert restored.context.actor.username == shop.owner.username
    assert controller.db is restored.context.db
    # the database holds yesterday's evening: Carla and Dan, not Eve
    assert {c.id for c in Customer.select()} == set(backups.kept)
    assert Customer.get_or_none(Customer.id == backups.today) is None
    assert AuditEntry.select().where(AuditEntry.action == "restore").count() == 1
    # the shop as it was this afternoon is kept as a safety copy, Eve in it
    safety = [b for b in backup.list_backups(backup_folder) if b.is_safety_copy]
    assert len(safety) == 1
    with sqlite3.connect(safety[0].path) as copy:
        kept = {row[0] for row in copy.execute("SELECT id FROM customer")}
    assert kept == {*backups.kept, backups.today}
