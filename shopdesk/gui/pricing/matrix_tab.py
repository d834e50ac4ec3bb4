"""The markup matrix editor: pick a level and a scope (shop-wide, a category, a brand), edit
its cost bands (from, to, markup as 40 or x1.4) and save. Bad bands are refused with one line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.form_dialog import ErrorLine, show_refusal
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.services.pricing import pricing, pricing_matrix
from shopdesk.services.stock import parts

if TYPE_CHECKING:
    pass

_Index = QModelIndex | QPersistentModelIndex


class BandsModel(QAbstractTableModel):
    """Editable rows of text: cost from, cost to ("" = no end), markup."""

    def __init__(self, headers: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.bands: list[list[str]] = []

    def set_bands(self, bands: list[list[str]]) -> None:
        self.beginResetModel()
        self.bands = [list(b) for b in bands]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.bands)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.bands[index.row()][index.column()]
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self.bands[index.row()][index.column()] = str(value).strip()
        self.dataChanged.emit(index, index)
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


def _plain(value: object) -> str:
    return "" if value is None else f"{value}"


class MatrixTab(QWidget):
    """Level, scope, the bands, and Save / Remove."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.level = QComboBox()
        self.scope = QComboBox()
        self.scope.addItem(self.tr("Shop-wide"), "")
        self.scope.addItem(self.tr("Category"), "category")
        self.scope.addItem(self.tr("Brand"), "brand")
        self.value = QComboBox()
        self.value.setMinimumWidth(180)
        for text, combo in ((self.tr("Price le&vel:"), self.level),
                            (self.tr("&For:"), self.scope)):
            label = QLabel(text)
            label.setBuddy(combo)  # Alt+V / Alt+F, then the first letters of a choice
            bar.addWidget(label)
            bar.addWidget(combo, 1)
        bar.addWidget(self.value, 2)
        layout.addLayout(bar)
        self.where = QLabel()
        self.where.setObjectName("hintLabel")
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        self.model = BandsModel([self.tr("Cost from"), self.tr("Cost to (empty: no end)"),
                                 self.tr("Markup (40 = +40 %, or x1.4)")], self)
        self.table = leave_on_tab(QTableView())
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((120, 190)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        add = QPushButton(self.tr("Add &band"))
        add.clicked.connect(self.add_band)
        remove = QPushButton(self.tr("Remove band"))
        remove.clicked.connect(self.remove_band)
        self.delete_button = QPushButton(self.tr("Delete this matrix"))
        self.delete_button.clicked.connect(self.delete_matrix)
        self.save_button = QPushButton(self.tr("&Save matrix"))
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        for button in (add, remove, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.level.currentIndexChanged.connect(self.load)
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.value.currentIndexChanged.connect(self.load)
        self.reload_levels()
        self._scope_changed()

    def reload_levels(self) -> None:
        """Refill the level list (after levels were added or renamed)."""
        current = self.level.currentData()
        self.level.blockSignals(True)
        self.level.clear()
        for level in pricing.levels(self.context.actor):
            self.level.addItem(level.name, level.code)
        self.level.setCurrentIndex(max(0, self.level.findData(current)))
        self.level.blockSignals(False)
        self.load()

    def _scope_changed(self) -> None:
        scope = self.scope.currentData()
        self.value.blockSignals(True)
        self.value.clear()
        if scope:
            for value in parts.distinct_values(self.context.actor,
                                               "category" if scope == "category" else "brand"):
                self.value.addItem(value, value)
        self.value.setEnabled(bool(scope))
        self.value.blockSignals(False)
        self.load()

    def key(self) -> tuple[str, str, str]:
        scope = self.scope.currentData() or ""
        return self.level.currentData() or "retail", scope, (
            self.value.currentData() or "") if scope else ""

    def load(self) -> None:
        """Show the bands of the chosen matrix (one open band when there is none yet)."""
        level, scope, value = self.key()
        matrix = pricing_matrix.get_matrix(self.context.actor, level, scope, value)
        self.error.setText("")
        if matrix is None:
            self.model.set_bands([["0.00", "", ""]])
            self.where.setText(self.tr("No matrix here yet: parts follow the category's, then "
                                       "the brand's, then the shop-wide matrix of this level."))
        else:
            self.model.set_bands([[_plain(b.cost_from), _plain(b.cost_to),
                                   f"{b.markup.normalize():f}"] for b in matrix.bands])
            self.where.setText(self.tr("Sell price = cost × (100 + markup) / 100, rounded: "
                                       "{rule}.").format(
                rule=pricing.ROUNDING_RULES[pricing.rounding_rule(self.context.actor)]))
        self.delete_button.setEnabled(matrix is not None)

    def add_band(self) -> None:
        """A new band starting where the last one ends."""
        bands = self.model.bands
        if bands and not bands[-1][1]:
            bands[-1][1] = ""
        self.model.set_bands([*bands, [bands[-1][1] if bands else "0.00", "", ""]])
        self.table.setCurrentIndex(self.model.index(len(self.model.bands) - 1, 0))

    def remove_band(self) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < len(self.model.bands):
            bands = list(self.model.bands)
            del bands[row]
            self.model.set_bands(bands)

    def save(self) -> bool:
        """Save the bands (refused with a clear line when they would sell below cost, overlap
        or leave a gap)."""
        level, scope, value = self.key()
        try:
            with self.context.changing():
                pricing_matrix.set_matrix(self.context.actor, level,
                                          [tuple(b) for b in self.model.bands], scope=scope,
                                          scope_value=value)
        except ShopDeskError as exc:
            show_refusal(self.error, exc)
            return False
        self.load()
        self.error.setText("")
        self.context.status.emit(self.tr("Matrix saved; Preview on the Reprice tab to apply "
                                         "it"))
        return True

    def delete_matrix(self) -> None:
        level, scope, value = self.key()
        try:
            with self.context.changing():
                pricing_matrix.remove_matrix(self.context.actor, level, scope=scope,
                                             scope_value=value)
        except ShopDeskError as exc:
            show_refusal(self.error, exc)
            return
        self.load()
