"""Automatic backups for the main window, and the strip that warns when they stop working.

* A warning strip under the demo banner when the last good backup of this database is older
  than two days or the backup folder is missing (unplugged USB drive), with "Back up now"
  and "Choose folder…".
* Daily while open: a timer checks every hour and, when no backup was made in the last
  day, backs up on a worker thread (no dialog, the clerk keeps working).
* On close: one more backup before the window goes (with a progress dialog), unless nothing
  was written since the last good backup. Cancel closes the window at once (the unfinished
  copy is removed) and the skipped backup shows in the strip until the next good one.

Only for SQLite: a PostgreSQL server's backups are the server's job.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import peewee
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QWidget,
)

from shopdesk import formatting, paths
from shopdesk.gui.context import AppContext
from shopdesk.gui.tasks import run_in_background, run_task
from shopdesk.gui.widgets.one_line_label import OneLineLabel
from shopdesk.local_config import LocalConfig
from shopdesk.services.access import Permission
from shopdesk.services.shop import backup

log = logging.getLogger("shopdesk.gui.backups")

CHECK_EVERY_MS = 60 * 60 * 1000  # hourly
FIRST_CHECK_MS = 2 * 60 * 1000  # a little after start, once the desk is busy anyway
DAILY = dt.timedelta(hours=24)


class BackupBanner(QFrame):
    """The warning strip: what is wrong, and the two ways to fix it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupBanner")
        self.label = OneLineLabel()  # one line in any language at 125 %; "…" + tooltip if long
        self.label.setObjectName("backupLabel")
        self.backUpButton = QPushButton(self.tr("Back up now"))
        self.chooseButton = QPushButton(self.tr("Choose folder…"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.backUpButton)
        layout.addWidget(self.chooseButton)


class BackupGuard(QObject):
    """Keeps the backups of the window's database going; owns the warning strip."""

    backed_up = Signal(object)  # a BackupResult
    settled = Signal()  # a backup finished, well or not

    def __init__(self, window: QMainWindow, context: AppContext,
                 banner_host: Callable[[QWidget], None]) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.automatic = False  # the app switches it on; windows built in tests stay quiet
        self.running = False
        self._closing_done = False
        self.banner = BackupBanner()
        banner_host(self.banner)
        self.banner.backUpButton.clicked.connect(self.back_up_now)
        self.banner.chooseButton.clicked.connect(self.choose_folder)
        self.banner.backUpButton.setVisible(context.can(Permission.RUN_BACKUP))
        self.banner.chooseButton.setVisible(context.can(Permission.RESTORE_BACKUP))
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check_daily)
        self.refresh()

    # --- state -------------------------------------------------------------------------------
    @property
    def applies(self) -> bool:
        """Backups from this PC: SQLite only (PostgreSQL is backed up on its server)."""
        return not isinstance(self.context.db, peewee.PostgresqlDatabase)

    @property
    def db(self) -> peewee.Database:
        return self.context.db

    def folder(self) -> Path:
        return LocalConfig.load().backup_folder()

    def status(self) -> backup.BackupStatus:
        return backup.backup_status(self.folder(), backup.database_stem(self.db))

    def refresh(self) -> None:
        """Show or hide the warning strip for the current state of the backups."""
        if not self.applies:
            self.banner.setVisible(False)
            return
        status = self.status()
        text = status.message()
        if not self.context.can(Permission.RUN_BACKUP):
            text += " " + self.tr("Ask the owner to check the backups.")
        skipped = self.skipped_on_close()
        if skipped is not None:
            text = self.tr("The backup when closing on {when} was skipped.").format(
                when=formatting.datetime(skipped)) + " " + text
        self.banner.label.setText(text)
        self.banner.setVisible(status.needs_attention or skipped is not None)

    def _skip_marker(self) -> Path:
        return paths.data_dir() / f"{backup.database_stem(self.db)}.close-backup-skipped"

    def skipped_on_close(self) -> dt.datetime | None:
        """When a closing backup was cancelled, if no good backup was made since (UTC)."""
        marker = self._skip_marker()
        if not marker.exists():
            return None
        when = dt.datetime.fromtimestamp(marker.stat().st_mtime)
        last = backup.last_good_backup(self.folder(), backup.database_stem(self.db))
        if last is not None and last.taken_at >= when.replace(microsecond=0):
            return None
        return when.astimezone(dt.UTC).replace(tzinfo=None)

    def start(self) -> None:
        """Switch on automatic backups (daily while open, and on close)."""
        if not self.applies or not self.context.can(Permission.RUN_BACKUP):
            return
        self.automatic = True
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self.check_daily)

    # --- backing up --------------------------------------------------------------------------
    def _work(self, folder: Path) -> Callable[..., backup.BackupResult]:
        actor, db = self.context.actor, self.db
        return lambda *_: backup.make_backup(actor, db, folder)

    def due(self, now: dt.datetime | None = None) -> bool:
        """True when no good backup of this database was made in the last day."""
        last = backup.last_good_backup(self.folder(), backup.database_stem(self.db))
        return last is None or (now or dt.datetime.now()) - last.taken_at >= DAILY

    def changed_since_last_backup(self) -> bool:
        """Whether the database file (or its WAL, written at every commit) is newer than the
        last good backup; True when unsure."""
        last = backup.last_good_backup(self.folder(), backup.database_stem(self.db))
        if last is None:
            return True
        live = Path(self.db.database)
        try:
            stamps = [p.stat().st_mtime for p in (live, Path(f"{live}-wal")) if p.exists()]
        except OSError:
            return True
        # names carry whole seconds: a write within the second the backup began counts as in it
        newest = dt.datetime.fromtimestamp(max(stamps)) if stamps else None
        return newest is None or newest >= last.taken_at + dt.timedelta(seconds=1)

    def check_daily(self) -> None:
        """The hourly check: back up in the background when the last one is a day old."""
        if not self.automatic or self.running or not self.due():
            self.refresh()
            return
        self.running = True
        run_in_background(self._work(self.folder()), on_done=self._finished,
                          on_failed=self._failed)

    def back_up_now(self) -> None:
        """Back up with a progress dialog; the result goes to the status bar."""
        if self.running:
            return
        self.running = True
        run_task(self.window, self.tr("Backing up the shop database…"),
                 self._work(self.folder()),
                 on_done=self._finished, on_failed=self._failed, cancellable=False)

    def _finished(self, result: backup.BackupResult) -> None:
        self.running = False
        self._skip_marker().unlink(missing_ok=True)
        self.context.status.emit(self.tr("Backed up to {path} ({describe})").format(
                path=result.path, describe=result.verification.describe()))
        self.refresh()
        self.backed_up.emit(result)
        self.settled.emit()

    def _failed(self, message: str) -> None:
        self.running = False
        log.warning("backup failed: %s", message)
        self.context.status.emit(self.tr("Backup failed: {message}").format(
                message=message))
        self.refresh()
        self.banner.label.setText(self.tr("The last backup failed: {message}").format(
                message=message))
        self.banner.setVisible(True)
        self.settled.emit()

    def choose_folder(self) -> None:
        """Pick the folder this PC backs up to (e.g. a USB drive), then back up there."""
        chosen = QFileDialog.getExistingDirectory(self.window, self.tr("Back up to which folder?"),
                                                  str(self.folder()))
        if chosen:
            self.set_folder(Path(chosen))

    def set_folder(self, folder: Path) -> None:
        """Remember ``folder`` for this PC and make a first backup there."""
        config = LocalConfig.load()
        config.backup_dir = str(folder)
        config.save()
        self.refresh()
        self.back_up_now()

    # --- closing -----------------------------------------------------------------------------
    def hold_close(self, event: QCloseEvent) -> bool:
        """On closing the window: back up first (True: the close waits for it)."""
        if not self.automatic or self._closing_done or not self.applies:
            return False
        if not self.running and not self.changed_since_last_backup():
            return False  # nothing new since the last backup: close at once
        self._closing_done = True
        self.timer.stop()
        event.ignore()

        def close_now(_: object = None) -> None:
            self.window.close()

        if self.running:  # a backup is already under way: it is the closing backup
            self.settled.connect(close_now)
            return True
        self.running = True
        actor, db, folder = self.context.actor, self.db, self.folder()
        self.close_task = run_task(
            self.window, self.tr("Backing up before closing… (Cancel closes now)"),
            lambda progress: backup.make_backup(actor, db, folder,
                                                cancelled=lambda: progress.cancelled),
            on_done=lambda result: (self._finished(result), close_now()),
            on_failed=lambda message: (self._close_failed(message), close_now()),
            cancellable=True)
        return True

    def _close_failed(self, message: str) -> None:
        if not self.close_task.cancelled:
            self._failed(message)
            return
        self.running = False  # cancelled: noted for the strip, the window closes
        log.info("closing backup cancelled by %s", self.context.actor.username)
        try:
            self._skip_marker().parent.mkdir(parents=True, exist_ok=True)
            self._skip_marker().touch()
        except OSError:
            log.warning("could not note the skipped closing backup")
        self.settled.emit()
