"""File → Backups… (owner): the backups of this database, back up now, folder, restore."""

from __future__ import annotations

from pathlib import Path

import peewee
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import db as database
from shopdesk import formatting
from shopdesk.errors import ShopDeskError, user_message
from shopdesk.gui.backup_guard import BackupGuard
from shopdesk.gui.tasks import run_task
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.services.access import Permission
from shopdesk.services.shop import backup, restore, restore_postgres


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class BackupsDialog(QDialog):
    """Lists the backups (newest first); restoring one replaces the open database."""

    restored = Signal(object)  # the reopened peewee database

    def __init__(self, guard: BackupGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guard = guard
        self.context = guard.context
        self.setWindowTitle(self.tr("Backups"))
        self.resize(760, 480)
        self.folderLabel = QLabel()
        self.folderLabel.setWordWrap(True)
        self.folderLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusLabel = QLabel()
        self.statusLabel.setWordWrap(True)
        self.model = RowsModel([self.tr("Backup"), self.tr("Taken"), self.tr("Size"),
                self.tr("Note")], self)
        self.table = leave_on_tab(QTableView())
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.backUpButton = QPushButton(self.tr("Back up &now"))
        self.chooseButton = QPushButton(self.tr("Choose &folder…"))
        self.restoreButton = QPushButton(self.tr("&Restore…"))
        self.restoreFileButton = QPushButton(self.tr("Restore from &another file…"))
        buttons = QHBoxLayout()
        for button in (self.backUpButton, self.chooseButton):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.restoreButton, self.restoreFileButton):
            buttons.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folderLabel)
        layout.addWidget(self.statusLabel)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(close)

        self._backups: list[backup.BackupFile] = []
        self.backUpButton.clicked.connect(guard.back_up_now)
        self.chooseButton.clicked.connect(guard.choose_folder)
        self.restoreButton.clicked.connect(self.restore_selected)
        self.restoreFileButton.clicked.connect(self.restore_from_file)
        guard.settled.connect(self.refresh)
        self.on_server = isinstance(self.context.db, peewee.PostgresqlDatabase)
        can_restore = self.context.can(Permission.RESTORE_BACKUP)
        self.restoreButton.setEnabled(can_restore)
        self.restoreFileButton.setEnabled(can_restore)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the folder."""
        folder = self.guard.folder()
        self.folderLabel.setText(self.tr("<b>Backup folder of this PC:</b> {folder}").format(
                folder=folder))
        if not self.guard.applies:
            self.statusLabel.setText(
                self.tr("This shop's database is on a PostgreSQL server: back it up on the server "
                "(pg_dump). Back up now runs pg_dump from this PC when it is installed."))
        else:
            status = self.guard.status()
            self.statusLabel.setText(status.message() if status.needs_attention else
                                     self.tr("Backups are up to date. ShopDesk backs up once a day "
                                     "while open and when it closes; it keeps 7 daily, 4 "
                                     "weekly and 12 monthly backups."))
        self._backups = backup.list_backups(folder, backup.database_stem(self.context.db))
        self.model.set_rows([
            (b.path.name, f"{b.taken_at:%Y-%m-%d %H:%M}", _size(b.size),
             self.tr("before a restore") if b.is_safety_copy else "") for b in self._backups])
        if self._backups:
            self.table.selectRow(0)  # the newest; the arrows choose another, Alt+R restores

    def selected(self) -> backup.BackupFile | None:
        """The backup selected in the list."""
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            QMessageBox.information(self, self.tr("Restore"),
                    self.tr("Select the backup to restore."))
            return
        self.restore_file(chosen.path, self.tr("the backup of {day}, {time}").format(
            day=formatting.long_date(chosen.taken_at.date()),
            time=f"{chosen.taken_at:%H:%M}"))

    def restore_from_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Restore which backup?"),
                                              str(self.guard.folder()),
                                              self.tr("ShopDesk backups (*.sqlite3 *.db "
                                                      "*.pgdump);;All files (*)"))
        if name:
            self.restore_file(Path(name), Path(name).name)

    def confirm(self, what: str) -> bool:
        """Ask before replacing the shop's data."""
        if self.on_server:
            text = self.tr(
                "Replace the shop database on the server with {what}?\n\nEverything entered "
                "since then will be gone. A safety copy of the database as it is now is kept "
                "in the backup folder and on the server. Every other PC using ShopDesk will "
                "be disconnected and must reopen ShopDesk.").format(what=what)
        else:
            text = self.tr(
                "Replace the shop database with {what}?\n\nEverything entered since then "
                "will be gone. A safety copy of the database as it is now is kept in the "
                "backup folder. Other windows of ShopDesk on this PC must be closed.").format(
                        what=what)
        answer = QMessageBox.question(
            self, self.tr("Restore a backup"), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def restore_file(self, path: Path, what: str) -> None:
        """Confirm, then verify and restore ``path`` in the background; the app then reopens
        the database (the window is rebuilt)."""
        # a wrong file is refused at once
        check = (restore_postgres.verify_dump(path) if self.on_server
                 else backup.peek_backup(path))
        if not check.ok:
            QMessageBox.warning(self, self.tr("Cannot restore this file"), check.problem)
            return
        if not self.confirm(what):
            return
        actor, db, folder = self.context.actor, self.context.db, self.guard.folder()
        live = database.target_of(db).path or Path()  # (a server's database has no file)
        self.setEnabled(False)
        self.guard.running = True  # no automatic backup meanwhile

        if self.on_server:
            db.close()  # this thread's connection: the server's database is renamed

            def work(_progress: object) -> object:
                return restore.restore_backup(actor, db, live, path, folder)
        else:
            def work(_progress: object) -> object:
                # verified, copied and checked whole while the window keeps working
                return restore.prepare_restore(actor, db, live, path, folder)

        def ready(outcome: object) -> None:
            if isinstance(outcome, restore.PreparedRestore):
                db.close()  # this thread's connection: the swap needs the file to itself
                try:  # quick (rename, reopen, audit), and nothing reads the file meanwhile
                    outcome = outcome.swap()
                except ShopDeskError as exc:
                    failed(user_message(exc))
                    return
            assert isinstance(outcome, restore.RestoreResult)
            done(outcome)

        def done(result: restore.RestoreResult) -> None:
            text = self.tr("The shop database now holds {what}.\nThe database as it was before "
                    "is kept as {safety_copy}.").format(what=what, safety_copy=result.safety_copy)
            if result.kept_database:
                text += "\n" + self.tr("On the server it is also kept as the database {name}. "
                                       "Other PCs must reopen ShopDesk.").format(
                                           name=result.kept_database)
            QMessageBox.information(self, self.tr("Backup restored"), text)
            self.accept()
            self.restored.emit(result.db)

        def failed(message: str) -> None:
            self.guard.running = False
            self.setEnabled(True)
            QMessageBox.critical(self, self.tr("Nothing was restored"), message)
            self.refresh()

        self.task = run_task(self, self.tr("Checking and restoring the backup…"), work,
                             on_done=ready, on_failed=failed, cancellable=False)
