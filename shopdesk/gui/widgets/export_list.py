"""The "Export…" button and Ctrl+E of every list screen: the list as it is shown, to xlsx.

A screen adds one line::

    bar.addWidget(ListExport(self.list, self.tr("Customers"), page, context).button)

The export takes the view's current list (its filter and sort) and its visible columns in
their on-screen order; a long list is written in the background with progress and Cancel.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QTableView, QWidget

from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.tasks import run_task
from shopdesk.gui.widgets.form_dialog import refusal_text
from shopdesk.io.exports.lists import export_list
from shopdesk.services.listing import QueryList

#: Lists up to this many rows are written at once; longer ones in the background.
FOREGROUND_ROWS = 2000


def _view_source(view: QTableView) -> QueryList:
    return view.model().source  # a LazyTableModel


def visible_keys(view: QTableView, source: QueryList) -> list[str]:
    """Column keys the view shows, in their on-screen order."""
    header = view.horizontalHeader()
    shown = [(header.visualIndex(i), column.key) for i, column in enumerate(source.columns)
             if column.title and not view.isColumnHidden(i)]
    return [key for _visual, key in sorted(shown)]


class ListExport(QObject):
    """Exports the list in ``view``; ``button`` goes in the screen's bar, Ctrl+E works while
    ``page`` is on show (``scope``: or only while the focus is inside it, for a panel that
    shares its screen with others). ``keys`` chooses the columns for a view that shows some
    inside others (two-line rows); by default the view's visible ones, in on-screen order."""

    def __init__(self, view: QTableView, title: str, page: QWidget, context: AppContext,
                 source: Callable[[], QueryList] | None = None, *,
                 scope: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
                 keys: Callable[[QueryList], list[str]] | None = None) -> None:
        super().__init__(page)
        self.view, self.title, self.page, self.context = view, title, page, context
        self._source = source or (lambda: _view_source(view))
        self._keys = keys or (lambda source: visible_keys(view, source))
        self.button = QPushButton(self.tr("Export…"))
        self.button.setObjectName("exportButton")
        self.button.clicked.connect(lambda: self.export())
        self.shortcut = QShortcut(QKeySequence("Ctrl+E"), page, activated=self.export,
                                  context=scope)
        self.button.setToolTip(self.tr("Save this list as it is shown (filter, sort, "
                                       "columns) to an Excel file (Ctrl+E)"))
        self.shortcut.setWhatsThis(self.tr("Export this list to Excel"))  # Help → Shortcuts
        self.last_path: Path | None = None

    def ask_path(self) -> str:
        """The file to write (empty: cancelled)."""
        stem = re.sub(r"[^\w-]+", "-", self.title.lower()).strip("-") or "list"
        path, _ = QFileDialog.getSaveFileName(
            self.page, self.tr("Export {title}").format(title=self.title), f"{stem}.xlsx",
            self.tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"))
        return path

    def export(self, path: str | Path | None = None) -> None:
        """Write the list as shown to ``path`` (asks for a file when None)."""
        path = path or self.ask_path()
        if not path:
            return
        path = Path(path)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_name(path.name + ".xlsx")
        source = dataclasses.replace(self._source())  # the screen may re-sort meanwhile
        keys = self._keys(source)
        model = self.view.model()
        titles = {c.key: str(model.headerData(i, Qt.Orientation.Horizontal) or c.title)
                  for i, c in enumerate(source.columns)}
        title = self.title

        def work(progress) -> int:
            return export_list(source, path, title=title, keys=keys, titles=titles,
                               progress=progress)

        if source.count() <= FOREGROUND_ROWS:
            try:
                done = work(lambda *_a: None)
            except ShopDeskError as exc:  # a user-fixable message (file locked, no space)
                self._failed(refusal_text(exc))
                return
            self._done(path, done)
            return
        run_task(self.page, self.tr("Exporting {title}").format(title=title), work,
                 on_done=lambda n: self._done(path, n), on_failed=self._failed)

    def _done(self, path: Path, count: int) -> None:
        self.last_path = path
        self.context.status.emit(self.tr("{count} rows written to {path}").format(
            count=f"{count:,}", path=path))

    def _failed(self, message: str) -> None:
        QMessageBox.warning(self.page, self.tr("Export failed"), message)
