"""A read-only table model over a Python list of display tuples (tax rates, users, the
reminder list): no item widgets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from shopdesk.gui.widgets.list_keys import leave_on_tab

_Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """Shows ``rows`` (tuples of display values) under ``headers``."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple] = []

    def set_rows(self, rows: Sequence[tuple]) -> None:
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self.endResetModel()

    def set_row(self, number: int, row: tuple) -> None:
        """Replace one row's values (the view repaints that row only)."""
        self._rows[number] = tuple(row)
        self.dataChanged.emit(self.index(number, 0),
                              self.index(number, len(self._headers) - 1))

    def row(self, number: int) -> tuple:
        return self._rows[number]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return str(self._rows[index.row()][index.column()])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


def read_only_table(model: RowsModel, widths: tuple[int, ...] = ()) -> QTableView:
    """A table view of ``model``: one whole row selected at a time, nothing editable; columns
    fit the text, or start at ``widths`` (pixels) and the user may drag them."""
    view = leave_on_tab(QTableView())
    view.setModel(model)
    view.verticalHeader().hide()
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    if widths:
        for column, width in enumerate(widths):
            view.setColumnWidth(column, width)
    else:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view
