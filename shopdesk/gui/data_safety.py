"""Puts data safety into the main window: the backup guard and its warning strip, and
File → Backups… and File → Audit log… (owner only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction

from shopdesk.gui.backup_guard import BackupGuard
from shopdesk.services.access import Permission

if TYPE_CHECKING:
    from shopdesk.gui.main_window import MainWindow


@dataclass
class DataSafety:
    """What :func:`install_data_safety` added to a window."""

    guard: BackupGuard
    backups_action: QAction
    audit_action: QAction


def install_data_safety(window: MainWindow) -> DataSafety:
    """Add the strip and the two File-menu entries to ``window``."""
    context, ui = window.context, window.ui
    guard = BackupGuard(window, context, lambda strip: ui.mainLayout.insertWidget(1, strip))

    def open_backups() -> None:
        from shopdesk.gui.dialogs.backups import BackupsDialog  # (when first used)

        dialog = BackupsDialog(guard, window)
        restored: list[object] = []
        dialog.restored.connect(restored.append)
        dialog.exec()
        if restored:  # the window is rebuilt (this one deleted) once the dialog and the menu
            # that opened it have returned: from the event loop, not from under their feet
            QTimer.singleShot(0, lambda: window.database_replaced.emit(restored[0]))

    def open_audit_log() -> None:
        from shopdesk.gui.dialogs.audit_log import AuditLogDialog  # (when first used)

        AuditLogDialog(context, window).exec()

    backups_action = QAction(QCoreApplication.translate("data_safety", "&Backups…"), window)
    backups_action.triggered.connect(open_backups)
    backups_action.setEnabled(context.can(Permission.RESTORE_BACKUP))
    audit_action = QAction(QCoreApplication.translate("data_safety", "&Audit log…"), window)
    audit_action.triggered.connect(open_audit_log)
    audit_action.setEnabled(context.can(Permission.VIEW_AUDIT))
    actions = ui.menuFile.actions()
    after_settings = actions[actions.index(ui.actionSettings) + 1]
    ui.menuFile.insertActions(after_settings, [backups_action, audit_action])
    return DataSafety(guard, backups_action, audit_action)
