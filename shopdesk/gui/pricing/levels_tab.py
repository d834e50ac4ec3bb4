"""Price levels (add, rename, remove), the price-rounding rule, and the prices set by hand
(which the matrix leaves alone until the owner resets them)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.form_dialog import SAVE, ErrorLine, FormDialog, show_refusal
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.services.pricing import pricing
from shopdesk.services.pricing import pricing_reprice as reprice
from shopdesk.services.stock import parts


class LevelsTab(QWidget):
    """The shop's price levels and its rounding rule. ``levels_changed`` after an edit."""

    levels_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        levels_box = QGroupBox(self.tr("Price levels (customers buy at one of these)"))
        levels_layout = QVBoxLayout(levels_box)
        self.model = RowsModel([self.tr("Level"), self.tr("Code")], self)
        self.table = leave_on_tab(QTableView())
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 240)
        levels_layout.addWidget(self.table, 1)
        add_bar = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("New level, e.g. Fleet"))
        self.new_name.returnPressed.connect(self.add_level)
        add = QPushButton(self.tr("&Add level"))
        add.clicked.connect(self.add_level)
        rename = QPushButton(self.tr("Re&name…"))  # (Alt+R: the Reprice tab)
        rename.clicked.connect(self.rename_level)
        remove = QPushButton(self.tr("Remo&ve"))  # (Alt+M: the Markup tab)
        remove.clicked.connect(self.remove_level)
        add_bar.addWidget(self.new_name, 1)
        for button in (add, rename, remove):
            add_bar.addWidget(button)
        levels_layout.addLayout(add_bar)
        layout.addWidget(levels_box, 1)
        rounding_bar = QHBoxLayout()
        rounding_bar.addWidget(QLabel(self.tr("Round matrix prices:")))
        self.rounding = QComboBox()
        for key, label in pricing.ROUNDING_RULES.items():
            self.rounding.addItem(label, key)
        self.rounding.setCurrentIndex(max(0, self.rounding.findData(
            pricing.rounding_rule(self.context.actor))))
        self.rounding.activated.connect(self.save_rounding)
        rounding_bar.addWidget(self.rounding, 1)
        layout.addLayout(rounding_bar)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        self.reload()

    def reload(self) -> None:
        self.levels = pricing.levels(self.context.actor)
        # the rule's version as shown
        self.rounding_version = pricing.rounding_version(self.context.actor)
        self.model.set_rows([(lv.name, lv.code) for lv in self.levels])

    def _current(self) -> pricing.Level | None:
        row = self.table.currentIndex().row()
        return self.levels[row] if 0 <= row < len(self.levels) else None

    def _do(self, work) -> bool:  # type: ignore[no-untyped-def]
        try:
            with self.context.changing():
                work()
        except ShopDeskError as exc:
            show_refusal(self.error, exc)
            return False
        self.error.setText("")
        self.reload()
        self.levels_changed.emit()
        return True

    def add_level(self) -> None:
        if self._do(lambda: pricing.add_level(self.context.actor, self.new_name.text())):
            self.new_name.clear()

    def rename_level(self) -> None:
        level = self._current()
        if level is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename price level"),
                                        self.tr("New name:"), text=level.name)
        if ok:
            self._do(lambda: pricing.rename_level(self.context.actor, level.code, name))

    def remove_level(self) -> None:
        level = self._current()
        if level is not None:
            self._do(lambda: pricing.remove_level(self.context.actor, level.code))

    def save_rounding(self) -> None:
        self._do(lambda: pricing.set_rounding_rule(self.context.actor,
                                                   self.rounding.currentData(),
                                                   version=self.rounding_version))


class SetPriceDialog(FormDialog):
    """Set one part's price at one level by hand (it becomes manual)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Set a price by hand"), parent, context=context, ok=SAVE)
        self.setMinimumWidth(0)
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("SKU or barcode"))
        self.code.editingFinished.connect(self.show_prices)
        self.level = QComboBox()
        for level in pricing.levels(self.context.actor):
            self.level.addItem(level.name, level.code)
        self.price = QLineEdit()
        self.current = QLabel()
        self.current.setObjectName("hintLabel")
        form = self.form
        form.addRow(self.tr("&Part:"), self.code)
        form.addRow("", self.current)
        form.addRow(self.tr("&Level:"), self.level)
        form.addRow(self.tr("P&rice:"), self.price)

    def show_prices(self) -> None:
        """The part's name and its price at every level."""
        part = parts.find_by_code(self.context.actor, self.code.text())
        if part is None:
            self.current.setText(self.tr("No part has this SKU or barcode"))
            return
        names = {lv.code: lv.name for lv in pricing.levels(self.context.actor)}
        prices = pricing.prices_of(self.context.actor, part.id)
        self.current.setText(f"{part.name}: " + ", ".join(
            f"{names[code]} {formatting.money(price) if price is not None else '—'}"
            for code, price in prices.items()))

    def do_save(self) -> object:
        part = parts.find_by_code(self.context.actor, self.code.text())
        if part is None:
            raise ShopDeskError(self.tr("No part has the SKU or barcode {code}").format(
                code=self.code.text().strip()))
        return pricing.set_price(self.context.actor, part.id, self.level.currentData(),
                                 self.price.text())


class ManualTab(QWidget):
    """Prices set by hand; Reset to matrix puts the chosen part back under the matrix."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("These prices were set by hand: the markup matrix leaves them "
                              "alone until you reset them."))
        hint.setObjectName("hintLabel")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model = RowsModel([self.tr("SKU"), self.tr("Part"), self.tr("Level"),
                                self.tr("Price"), self.tr("Set by")], self)
        self.table = leave_on_tab(QTableView())
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((110, 280, 80, 90)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        bar = QHBoxLayout()
        self.summary = QLabel()
        bar.addWidget(self.summary, 1)
        set_button = QPushButton(self.tr("&Set a price by hand…"))
        set_button.clicked.connect(self.set_price)
        bar.addWidget(set_button)
        self.reset_button = QPushButton(self.tr("Reset &to matrix"))
        self.reset_button.clicked.connect(self.reset)
        bar.addWidget(self.reset_button)
        layout.addLayout(bar)
        self.reload()

    def reload(self) -> None:
        self.rows = reprice.manual_prices(self.context.actor)
        names = {lv.code: lv.name for lv in pricing.levels(self.context.actor)}
        self.model.set_rows([(r.sku, r.name, names.get(r.level, r.level),
                              formatting.money(r.price) if r.price is not None else "—",
                              r.set_by) for r in self.rows])
        self.summary.setText(self.tr("{count} price(s) set by hand").format(
            count=len(self.rows)))
        self.reset_button.setEnabled(bool(self.rows))

    def set_price(self) -> None:
        if SetPriceDialog(self.context, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def reset(self) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self.rows):
            return
        chosen = self.rows[row]
        try:
            with self.context.changing():
                changed = reprice.reset_to_matrix(self.context.actor, chosen.part_id,
                                                  [chosen.level])
        except ShopDeskError as exc:
            show_refusal(self, exc, self.tr("Not reset"))
            return
        self.context.status.emit(self.tr("{sku} follows the matrix again ({count} price(s) "
                                         "changed)").format(sku=chosen.sku, count=changed))
        self.reload()
