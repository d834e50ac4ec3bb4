"""Puts data safety into the main window: the backup guard and its warning strip, and
File → Backups… and File → Audit log… (owner only).

The guard (which reads the backup folder and imports the backup service) is built right after
the window's first paint, not on the way to it; whatever asks for it sooner builds it then."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction, QCloseEvent

from shopdesk.gui.widgets.after_paint import after_first_paint
from shopdesk.services.access import Permission

if TYPE_CHECKING:
    from shopdesk.gui.backup_guard import BackupGuard
    from shopdesk.gui.main_window import MainWindow


class DataSafety:
    """What :func:`install_data_safety` added to a window: the two File-menu entries, and the
    backup guard, built when first asked for (at the latest right after the first paint)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.backups_action = QAction(
            QCoreApplication.translate("data_safety", "&Backups…"), window)
        self.audit_action = QAction(
            QCoreApplication.translate("data_safety", "&Audit log…"), window)
        self._guard: BackupGuard | None = None
        self._automatic = False

    @property
    def guard(self) -> BackupGuard:
        """The window's backup guard (its strip goes under the demo banner)."""
        if self._guard is None:
            from shopdesk.gui.backup_guard import BackupGuard

            ui = self.window.ui
            self._guard = BackupGuard(self.window, self.window.context,
                                      lambda strip: ui.mainLayout.insertWidget(1, strip))
            if self._automatic:
                self._guard.start()
        return self._guard

    def start_backups(self) -> None:
        """Switch on automatic backups, now if the guard is built, else when it is."""
        self._automatic = True
        if self._guard is not None:
            self._guard.start()

    def hold_close(self, event: QCloseEvent) -> bool:
        """The guard's backup on close (True: it holds the close until it is done); a window
        closed before its guard was built and without automatic backups holds nothing."""
        if self._guard is None and not self._automatic:
            return False
        return self.guard.hold_close(event)

    def stop_backups(self) -> None:
        """No automatic backup any more (not even on close): the window is being replaced."""
        self._automatic = False
        if self._guard is not None:
            self._guard.automatic = False


def install_data_safety(window: MainWindow) -> DataSafety:
    """Add the strip and the two File-menu entries to ``window``."""
    context, ui = window.context, window.ui
    safety = DataSafety(window)

    def open_backups() -> None:
        from shopdesk.gui.dialogs.backups import BackupsDialog  # (when first used)

        dialog = BackupsDialog(safety.guard, window)
        restored: list[object] = []
        dialog.restored.connect(restored.append)
        dialog.exec()
        if restored:  # the window is rebuilt (this one deleted) once the dialog and the menu
            # that opened it have returned: from the event loop, not from under their feet
            QTimer.singleShot(0, lambda: window.database_replaced.emit(restored[0]))

    def open_audit_log() -> None:
        from shopdesk.gui.dialogs.audit_log import AuditLogDialog  # (when first used)

        AuditLogDialog(context, window).exec()

    safety.backups_action.triggered.connect(open_backups)
    safety.backups_action.setEnabled(context.can(Permission.RESTORE_BACKUP))
    safety.audit_action.triggered.connect(open_audit_log)
    safety.audit_action.setEnabled(context.can(Permission.VIEW_AUDIT))
    actions = ui.menuFile.actions()
    after_settings = actions[actions.index(ui.actionSettings) + 1]
    ui.menuFile.insertActions(after_settings, [safety.backups_action, safety.audit_action])
    after_first_paint(window, lambda: safety.guard)  # the strip, once the desk is on screen
    return safety
