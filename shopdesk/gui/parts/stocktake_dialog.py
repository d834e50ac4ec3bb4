"""Stock-take: choose bins/category, print the sheet, enter or scan counts, review, post."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting, paths
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.dialog_size import size_within
from shopdesk.gui.widgets.form_dialog import ErrorLine, show_refusal
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.retry import RetryButton
from shopdesk.io import count_sheet_export
from shopdesk.printing.count_sheet import render_count_sheet
from shopdesk.services.stock import parts, stocktake

if TYPE_CHECKING:
    from collections.abc import Callable

_Index = QModelIndex | QPersistentModelIndex
COUNT_COLUMN = 4


class SheetModel(QAbstractTableModel):
    """The count sheet; the Counted column is editable and saves each count at once."""

    HEADERS = ["Bin", "SKU", "Part", "Unit", "Counted", "Difference"]
    # a count the service refused: (the refusal, a callable that enters it again)
    refused = Signal(object, object)

    def __init__(self, context: AppContext, stocktake_id: int, parent: Any = None) -> None:
        super().__init__(parent)
        self.context, self.stocktake_id = context, stocktake_id
        self.rows: list[list[Any]] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = [list(r) for r in stocktake.sheet(self.context.actor, self.stocktake_id)]
        self.endResetModel()

    def row_of(self, part_id: int) -> int:
        return next((n for n, r in enumerate(self.rows) if r[0] == part_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        _pid, sku, name, bin_, unit, expected, counted = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COUNT_COLUMN:
                return "" if counted is None else formatting.quantity(counted)
            if col == 5:
                return "" if counted is None or counted == expected else \
                    f"{counted - expected:+f}".rstrip("0").rstrip(".")
            return [bin_, sku, name, unit][col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= COUNT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == COUNT_COLUMN else flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != COUNT_COLUMN:
            return False
        part_id = self.rows[index.row()][0]
        try:
            stocktake.enter_count(self.context.actor, self.stocktake_id, part_id, str(value))
        except ShopDeskError as exc:
            row = QPersistentModelIndex(index)
            self.refused.emit(exc, lambda: row.isValid() and self.setData(
                self.index(row.row(), COUNT_COLUMN), value, role))
            return False
        self.rows[index.row()][6] = stocktake.amounts.parse_quantity(str(value))
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 5))
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class StockTakeDialog(QDialog):
    """One stock-take from start to posting."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.take_id: int | None = None
        self.setWindowTitle(self.tr("Stock-take"))
        size_within(self, 820, 600)  # no larger than the window it opens over
        layout = QVBoxLayout(self)
        start = QHBoxLayout()
        self.location = QLineEdit()
        self.location.setPlaceholderText(self.tr("Bins starting with… (empty: all)"))
        self.category = QComboBox()
        self.category.addItem(self.tr("All categories"), "")
        for name in parts.distinct_values(self.context.actor, "category"):
            self.category.addItem(name, name)
        self.start_button = QPushButton(self.tr("&Start count"))
        self.start_button.clicked.connect(self.start)
        start.addWidget(QLabel(self.tr("Bins")))
        start.addWidget(self.location, 1)
        start.addWidget(self.category, 1)
        start.addWidget(self.start_button)
        # shown when the start is refused because an open sheet counts the same parts
        self.continue_button = QPushButton()
        self.continue_button.clicked.connect(self.continue_open)
        self.continue_button.setVisible(False)
        self._open_id: int | None = None
        start.addWidget(self.continue_button)
        layout.addLayout(start)
        scan = QHBoxLayout()
        self.scan = QLineEdit()
        self.scan.setObjectName("countScan")
        self.scan.setPlaceholderText(self.tr(
                "Scan a part to count one more (or type its SKU + Enter)"))
        self.scan.returnPressed.connect(self.scan_code)
        self.scan.setEnabled(False)
        self.sheet_button = QPushButton(self.tr("&Print count sheet…"))
        self.sheet_button.clicked.connect(lambda: self.print_sheet())
        self.sheet_button.setEnabled(False)
        self.export_button = QPushButton(self.tr("E&xport sheet…"))
        self.export_button.clicked.connect(lambda: self.export_sheet())
        self.export_button.setEnabled(False)
        scan.addWidget(self.scan, 1)
        scan.addWidget(self.sheet_button)
        scan.addWidget(self.export_button)
        layout.addLayout(scan)
        self.table = leave_on_tab(QTableView())
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        layout.addWidget(self.table, 1)
        self.summary = QLabel(self.tr("Choose what to count, then Start count."))
        self.summary.setObjectName("hintLabel")
        layout.addWidget(self.summary)
        self.error = ErrorLine(self)
        self.retry = RetryButton(make_default=False)  # (Enter in the scan box scans)
        said = QHBoxLayout()
        said.addWidget(self.error, 1)
        said.addWidget(self.retry)
        layout.addLayout(said)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.post_button = QPushButton(self.tr("P&ost adjustments"))
        self.post_button.setEnabled(False)
        self.post_button.clicked.connect(self.post)
        self.cancel_take_button = QPushButton(self.tr("Ca&ncel this count"))
        self.cancel_take_button.setEnabled(False)
        self.cancel_take_button.clicked.connect(self.cancel_take)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        bottom.addWidget(self.cancel_take_button)
        bottom.addWidget(self.post_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.model: SheetModel | None = None

    def _refused(self, exc: ShopDeskError | str, again: Callable[[], object]) -> None:
        """Say why in the error line; a busy database offers Retry (Alt+R) for ``again``."""
        show_refusal(self.error, exc)
        self.retry.offer(exc, again)

    def start(self) -> None:
        self.retry.withdraw()
        try:
            take = stocktake.start(self.context.actor, location=self.location.text(),
                                   category=self.category.currentData() or "")
        except stocktake.OpenStockTakeError as exc:
            show_refusal(self.error, exc)
            self._open_id = exc.open_id
            self.continue_button.setText(self.tr("&Continue {number}").format(
                number=exc.values["number"]))
            self.continue_button.setVisible(True)
            self.continue_button.setFocus()
            return
        except ShopDeskError as exc:
            self._refused(exc, self.start)
            return
        self._show_sheet(take)

    def continue_open(self) -> None:
        """Count on the open sheet that the start was refused for."""
        if self._open_id is None:
            return
        try:
            take = stocktake.open_stocktake(self.context.actor, self._open_id)
        except ShopDeskError as exc:
            self._refused(exc, self.continue_open)
            return
        self._show_sheet(take)

    def _show_sheet(self, take: Any) -> None:
        self.continue_button.setVisible(False)
        self.error.clear()
        self.take_id = take.id
        self.setWindowTitle(self.tr("Stock-take {number}").format(number=take.number))
        self.model = SheetModel(self.context, take.id, self)
        self.model.dataChanged.connect(self.review)
        self.model.refused.connect(self._refused)
        self.model.dataChanged.connect(self.retry.withdraw)  # (a count saved)
        self.table.setModel(self.model)
        for column, width in enumerate((80, 100, 320, 70, 90)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        for widget in (self.location, self.category, self.start_button, self.continue_button):
            widget.setEnabled(False)
        for widget in (self.scan, self.sheet_button, self.export_button, self.post_button,
                       self.cancel_take_button):
            widget.setEnabled(True)
        self.scan.setFocus()
        self.review()

    def scan_code(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if not code or self.take_id is None or self.model is None:
            return
        self._count_one(code)

    def _count_one(self, code: str) -> None:
        """One more of the part scanned as ``code`` on the count."""
        try:
            line = stocktake.count_scan(self.context.actor, self.take_id, code)
        except ShopDeskError as exc:
            self._refused(exc, lambda: self._count_one(code))
            return
        self.retry.withdraw()
        self.error.clear()
        self.model.reload()
        row = self.model.row_of(line.part_id)
        self.table.selectRow(row)
        self.review()

    def review(self) -> None:
        if self.take_id is None or self.model is None:
            return
        diffs = stocktake.differences_for(self.context.actor, self.take_id)
        counted = sum(1 for r in self.model.rows if r[6] is not None)
        if any(d.value is None for d in diffs):  # (the service gives no costs to this user)
            self.summary.setText(self.tr("{counted} of {count} counted · {count2} "
                                         "difference(s)").format(
                counted=counted, count=len(self.model.rows), count2=len(diffs)))
            return
        value = sum((d.value or 0 for d in diffs), Decimal("0.00"))
        self.summary.setText(self.tr("{counted} of {count} counted · {count2} difference(s) "
                                 "worth {money} at cost").format(counted=counted,
                                         count=len(self.model.rows), count2=len(diffs),
                                                 money=formatting.money(value)))

    def print_sheet(self, target: str | None = None) -> Path | None:
        if self.take_id is None:
            return None
        path = Path(target) if target else paths.data_dir() / "count-sheet.pdf"
        render_count_sheet(self.context.actor, self.take_id, path)
        self.context.status.emit(self.tr("Count sheet saved to {path}").format(path=path))
        return path

    def export_sheet(self, target: str | None = None) -> Path | None:
        """Save the sheet as a spreadsheet (asks where, unless ``target`` is given)."""
        if self.take_id is None:
            return None
        if target is None:
            target, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export count sheet"), str(paths.data_dir() / "count-sheet.xlsx"),
                self.tr("Excel (*.xlsx);;CSV (*.csv)"))
            if not target:
                return None
        path = count_sheet_export.export(self.context.actor, self.take_id, target)
        self.context.status.emit(self.tr("Count sheet saved to {path}").format(path=path))
        return path

    def post(self) -> None:
        if self.take_id is None:
            return
        try:
            with self.context.changing():
                found = stocktake.shown_to(self.context.actor,
                                           stocktake.post(self.context.actor, self.take_id))
        except ShopDeskError as exc:
            self._refused(exc, self.post)
            return
        self.retry.withdraw()
        self._closed()
        if any(d.value is None for d in found):  # (the service gives no costs to this user)
            self.summary.setText(self.tr("Posted: {count} adjustment(s).").format(
                count=len(found)))
            return
        value = sum((d.value or 0 for d in found), Decimal("0.00"))
        self.summary.setText(self.tr("Posted: {count} adjustment(s) worth {money}.").format(
                count=len(found), money=formatting.money(value)))

    def cancel_take(self) -> None:
        """Drop this open sheet without changing stock (its parts can be counted again)."""
        if self.take_id is None:
            return
        try:
            with self.context.changing():
                stocktake.cancel(self.context.actor, self.take_id)
        except ShopDeskError as exc:
            self._refused(exc, self.cancel_take)
            return
        self.retry.withdraw()
        self._closed()
        self.summary.setText(self.tr("Cancelled: no stock was changed."))

    def _closed(self) -> None:
        for widget in (self.post_button, self.cancel_take_button, self.scan, self.table):
            widget.setEnabled(False)
