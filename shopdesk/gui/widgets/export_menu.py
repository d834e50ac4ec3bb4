"""File → Export all data… and File → Accountant export… (owner only) in the main window."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from shopdesk.gui.tasks import run_task
from shopdesk.services.access import Permission

if TYPE_CHECKING:
    from shopdesk.gui.main_window import MainWindow


@dataclass
class ExportMenu:
    """The two File-menu entries :func:`install_export_menu` added."""

    all_action: QAction
    accountant_action: QAction


def export_all_data(window: MainWindow, path: str | Path | None = None) -> None:
    """Every table to one workbook, in the background (asks for the file when None)."""
    if not window.context.can(Permission.VIEW_OWNER_REPORTS):
        return
    if path is None:
        path, _ = QFileDialog.getSaveFileName(
            window, QCoreApplication.translate("ExportMenu", "Export all data"),
            f"shopdesk-data-{dt.date.today():%Y-%m-%d}.xlsx",
            QCoreApplication.translate("ExportMenu", "Excel workbook (*.xlsx)"))
    if not path:
        return
    path = Path(path)
    actor = window.context.actor
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")

    def work(progress) -> dict[str, int]:
        from shopdesk.io.exports.all_data import export_all

        return export_all(actor, path, progress)

    def done(counts: dict[str, int]) -> None:
        window.context.status.emit(QCoreApplication.translate(
            "ExportMenu", "All data ({tables} tables, {rows} rows) written to {path}").format(
                tables=len(counts), rows=f"{sum(counts.values()):,}", path=path))

    failed = QCoreApplication.translate("ExportMenu", "Export failed")
    run_task(window, QCoreApplication.translate("ExportMenu", "Exporting all data"), work,
             on_done=done,
             on_failed=lambda message: QMessageBox.warning(window, failed, message))


def open_accountant_export(window: MainWindow) -> None:
    """File → Accountant export… (the dialog is imported when first opened)."""
    from shopdesk.gui.dialogs.accountant_export import AccountantExportDialog

    AccountantExportDialog(window.context, window).exec()


def install_export_menu(window: MainWindow) -> ExportMenu:
    """Add the entries after File → Settings (and the data-safety entries)."""
    owner = window.context.can(Permission.VIEW_OWNER_REPORTS)
    all_action = QAction(QCoreApplication.translate("ExportMenu", "E&xport all data…"), window)
    all_action.setToolTip(QCoreApplication.translate(
        "ExportMenu", "Every table of the shop in one Excel workbook"))
    all_action.triggered.connect(lambda: export_all_data(window))
    accountant_action = QAction(QCoreApplication.translate("ExportMenu", "A&ccountant export…"),
                                window)
    accountant_action.triggered.connect(lambda: open_accountant_export(window))
    for action in (all_action, accountant_action):
        action.setEnabled(owner)
    menu = window.ui.menuFile
    anchor = next((a for a in menu.actions() if a.isSeparator()), None)
    menu.insertActions(anchor, [all_action, accountant_action])
    return ExportMenu(all_action, accountant_action)
