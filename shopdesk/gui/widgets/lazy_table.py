"""A Qt table model over a :class:`~shopdesk.services.listing.QueryList`, fetched page by page.

Only the pages the view shows are read (200 rows each, the newest 30 pages kept), so a list
of 100,000 customers opens and scrolls as fast as one of 100. Sorting a column re-queries
with ``ORDER BY``; :meth:`LazyTableModel.refresh` re-counts after a filter change.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from shopdesk import formatting
from shopdesk.gui.i18n import column as column_title
from shopdesk.services.listing import Kind, QueryList

PAGE_SIZE = 200
PAGES_KEPT = 30
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex

_STYLE_COLOURS = {"warning": "#fff4d6", "danger": "#fde2e1", "muted": "#f2f2f2"}


def display(kind: Kind, value: Any) -> str:
    """A cell value as the list shows it."""
    if value is None:
        return ""
    if kind is Kind.MONEY:
        return formatting.money(value if isinstance(value, Decimal) else Decimal(value) / 100)
    if kind is Kind.QUANTITY:
        return formatting.quantity(value if isinstance(value, Decimal) else Decimal(value) / 1000)
    if kind is Kind.NUMBER:
        return formatting.number(value)
    if kind is Kind.DATETIME:
        return formatting.datetime(value if isinstance(value, dt.datetime)
                                   else dt.datetime.fromisoformat(str(value)))
    if kind is Kind.DATE:
        return formatting.date(value if isinstance(value, dt.date)
                               else dt.date.fromisoformat(str(value)[:10]))
    if kind is Kind.FLAG:
        return "✓" if value else ""
    return str(value)


class LazyTableModel(QAbstractTableModel):
    """Rows of a QueryList; the row key (record id) is available under :data:`KEY_ROLE`."""

    def __init__(self, source: QueryList, parent: Any = None) -> None:
        super().__init__(parent)
        self._source = source
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self._count = source.count()

    @property
    def source(self) -> QueryList:
        return self._source

    def set_source(self, source: QueryList) -> None:
        """Show a different list (e.g. a new filter) and reset the view."""
        self.beginResetModel()
        self._source = source
        self._pages.clear()
        self._count = source.count()
        self.endResetModel()

    def refresh(self) -> None:
        """Re-count and drop cached pages (after a filter change or an edit)."""
        self.set_source(self._source)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._source.columns)

    def _row(self, row: int) -> tuple | None:
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = self._source.page(number * PAGE_SIZE, PAGE_SIZE)
            self._pages[number] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def row_key(self, row: int) -> Any:
        """The record id of a row (None past the end)."""
        values = self._row(row)
        return None if values is None else values[-1]

    def row_values(self, row: int) -> tuple | None:
        """The raw values of a row, without its key."""
        values = self._row(row)
        return None if values is None else values[:-1]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        values = self._row(index.row())
        if values is None:
            return None
        column = self._source.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = values[index.column()]
            if column.labels and isinstance(value, str):
                return QCoreApplication.translate("Labels", value)
            return display(column.kind, value)
        if role == KEY_ROLE:
            return values[-1]
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in (
                Kind.MONEY, Kind.QUANTITY, Kind.NUMBER):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self._source.row_styles:
            style = self._source.row_styles(values)
            if style in _STYLE_COLOURS:
                return QBrush(QColor(_STYLE_COLOURS[style]))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._source.columns)):
            return column_title(self._source.columns[section].title)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._source.columns):
            self._source.sort_by(None)
        else:
            self._source.sort_by(self._source.columns[column].key,
                                 order == Qt.SortOrder.DescendingOrder)
        self.refresh()
