"""File → Backups… → Restore… on a PostgreSQL shop database (real server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from shopdesk.gui.app import make_application
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.backups import BackupsDialog
from shopdesk.gui.main_window import MainWindow
from shopdesk.local_config import LocalConfig
from shopdesk.models.audit import AuditEntry
from shopdesk.services.shop import backup, settings
from tests.helpers.pg_restore import NEEDS_PG_TOOLS, PgShop, databases, own_pg_shop

pytestmark = NEEDS_PG_TOOLS


@pytest.fixture
def pg_shop() -> Iterator[PgShop]:
    yield from own_pg_shop()


@pytest.fixture
def backup_folder(tmp_path: Path) -> Iterator[Path]:
    """This PC backs up into a fresh folder."""
    folder = tmp_path / "backups"
    config = LocalConfig.load()
    config.backup_dir = str(folder)
    config.save()
    yield folder
    config.backup_dir = ""
    config.save()


def _dialog(qtbot, shop: PgShop) -> tuple[MainWindow, BackupsDialog]:
    make_application()
    window = MainWindow(AppContext(shop.db, shop.owner))
    qtbot.addWidget(window)
    dialog = BackupsDialog(window.safety.guard, window)
    qtbot.addWidget(dialog)
    return window, dialog


def test_owner_restores_a_server_backup_after_being_told_other_pcs_disconnect(
        qtbot, pg_shop, backup_folder, monkeypatch, message_boxes):
    made = backup.make_backup(pg_shop.owner, pg_shop.db, backup_folder).path
    pg_shop.rename("Typed Over By Mistake")
    _window, dialog = _dialog(qtbot, pg_shop)
    dialog.refresh()
    assert dialog.restoreButton.isEnabled() and dialog.model.rowCount() == 1
    asked: list[str] = []

    def question(_parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    replaced: list[object] = []
    dialog.restored.connect(replaced.append)
    dialog.table.selectRow(0)
    dialog.restoreButton.click()
    assert asked and "Every other PC using ShopDesk will be disconnected" in asked[0]
    qtbot.waitUntil(lambda: len(replaced) == 1, timeout=60000)  # in the background
    title, text = message_boxes[-1]
    assert title == "Backup restored" and "before-restore.pgdump" in text
    assert "_before_restore_" in text
    assert settings.get_settings().name == "Monday Motors"
    assert AuditEntry.select().where(AuditEntry.action == "restore").count() == 1
    assert made.exists() and len(databases(pg_shop.name)) == 2


def test_a_file_that_is_not_a_dump_is_refused_at_once(qtbot, pg_shop, backup_folder,
                                                      tmp_path, message_boxes):
    _window, dialog = _dialog(qtbot, pg_shop)
    notes = tmp_path / "notes.pgdump"
    notes.write_text("shopping list")
    dialog.restore_file(notes, notes.name)
    assert message_boxes == [("Cannot restore this file", "notes.pgdump is not a ShopDesk "
                              "backup (pg_restore cannot read it as a dump)")]
    assert databases(pg_shop.name) == [pg_shop.name]
