"""A table view over a QueryList (lazy, SQL-sorted) that reports the record ids picked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from shopdesk.gui.widgets.lazy_table import LazyTableModel
from shopdesk.services.listing import QueryList


class LazyView(QTableView):
    """Rows of a QueryList; ``opened(id)`` on double-click or Enter."""

    opened = Signal(object)

    def __init__(self, source: QueryList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lazy = LazyTableModel(source, self)
        self.setModel(self.lazy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # list order
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.setTabKeyNavigation(False)  # Tab leaves the list for the next control
        self.doubleClicked.connect(lambda index: self.opened.emit(self.lazy.row_key(index.row())))
        self._size_columns()

    def _size_columns(self) -> None:
        char = QFontMetrics(self.font()).horizontalAdvance("0")
        for number, column in enumerate(self.lazy.source.columns):
            if column.width:
                self.setColumnWidth(number, column.width * char + 16)

    def hide_column(self, key: str) -> None:
        """Hide a column by its key (e.g. costs from staff who may not see margins)."""
        keys = [c.key for c in self.lazy.source.columns]
        if key in keys:
            self.setColumnHidden(keys.index(key), True)

    def set_source(self, source: QueryList) -> None:
        """Show another list (a new filter) and select its first row."""
        self.lazy.set_source(source)
        if self.lazy.rowCount():
            self.selectRow(0)

    def refresh(self) -> None:
        """Re-read the list, keeping the selected row number."""
        row = self.currentIndex().row()
        self.lazy.refresh()
        if self.lazy.rowCount():
            self.selectRow(min(max(row, 0), self.lazy.rowCount() - 1))

    def current_key(self) -> object | None:
        """The id of the current row (None when the list is empty)."""
        index = self.currentIndex()
        return self.lazy.row_key(index.row()) if index.isValid() else None

    def selected_keys(self) -> list[object]:
        """The ids of every selected row, top to bottom."""
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [self.lazy.row_key(r) for r in rows]

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            key = self.current_key()
            if key is not None:
                self.opened.emit(key)
                return
        super().keyPressEvent(event)
