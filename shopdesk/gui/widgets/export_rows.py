"""An "Export…" button and Ctrl+E for a small fixed list (receivables, reminders) whose rows a
function writes; the list is short, so it is written at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from shopdesk.errors import ShopDeskError
from shopdesk.gui.widgets.form_dialog import show_refusal


class RowsExport(QObject):
    """``write(path) -> rows`` saves the list; ``button`` goes in the window's layout."""

    def __init__(self, page: QWidget, title: str, write: Callable[[Path], int]) -> None:
        super().__init__(page)
        self.page, self.title, self._write = page, title, write
        self.button = QPushButton(self.tr("E&xport…"))
        self.button.setObjectName("exportButton")
        self.button.setToolTip(self.tr("Save this list to an Excel file (Ctrl+E)"))
        self.button.clicked.connect(lambda: self.export())
        QShortcut(QKeySequence("Ctrl+E"), page, activated=self.export,
                  context=Qt.ShortcutContext.WindowShortcut).setWhatsThis(
            self.tr("Export the list to Excel"))
        self.last_path: Path | None = None
        self.message = ""

    def export(self, path: str | Path | None = None) -> None:
        """Write the list to ``path`` (asks for a file when None)."""
        if path is None:
            stem = re.sub(r"[^\w-]+", "-", self.title.lower()).strip("-") or "list"
            path, _ = QFileDialog.getSaveFileName(
                self.page, self.tr("Export {title}").format(title=self.title),
                f"{stem}.xlsx", self.tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"))
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_name(path.name + ".xlsx")
        try:
            count = self._write(path)
        except ShopDeskError as exc:
            show_refusal(self.page, exc, self.tr("Export failed"))
            return
        self.last_path = path
        self.message = self.tr("{count} rows written to {path}").format(count=f"{count:,}",
                                                                        path=path)
        self.button.setToolTip(self.message)
