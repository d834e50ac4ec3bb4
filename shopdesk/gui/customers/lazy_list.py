"""A QTableView over a QueryList (lazy, SQL-sorted), with Enter / double-click to open a row."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from shopdesk.gui.widgets.lazy_table import LazyTableModel
from shopdesk.services.listing import QueryList


class LazyList(QTableView):
    """Emits ``opened(key)`` on Enter or double-click; ``set_source`` swaps the query."""

    opened = Signal(object)

    def __init__(self, source: QueryList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lazy = LazyTableModel(source, self)
        self.setModel(self.lazy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicatorShown(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(26)
        self.setTabKeyNavigation(False)  # Tab leaves the list for the next control
        self.doubleClicked.connect(lambda index: self._open(index.row()))
        self._size_columns(source)

    def _size_columns(self, source: QueryList) -> None:
        char = QFontMetrics(self.font()).horizontalAdvance("n")
        for i, column in enumerate(source.columns):
            if column.width:
                self.setColumnWidth(i, column.width * char + 16)
            if not column.title:
                self.setColumnHidden(i, True)

    def set_source(self, source: QueryList) -> None:
        """Show another list (a new filter), keeping the sort the user picked."""
        header = self.horizontalHeader()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        if 0 <= column < len(source.columns):
            source.sort_by(source.columns[column].key, order == Qt.SortOrder.DescendingOrder)
        self.lazy.set_source(source)
        if self.lazy.rowCount():
            self.selectRow(0)

    def current_key(self) -> object:
        index = self.currentIndex()
        return self.lazy.row_key(index.row()) if index.isValid() else None

    def _open(self, row: int) -> None:
        key = self.lazy.row_key(row)
        if key is not None:
            self.opened.emit(key)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex().row())
            return
        super().keyPressEvent(event)
