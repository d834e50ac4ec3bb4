"""Reprice through the markup matrix: choose a category or brand, see every price that would
change (old, new, margins), then Apply or Cancel. Nothing changes before Apply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.tasks import run_task
from shopdesk.gui.widgets.form_dialog import show_refusal
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.services.access import Actor
from shopdesk.services.pricing import pricing
from shopdesk.services.pricing import pricing_reprice as reprice
from shopdesk.services.stock import parts

if TYPE_CHECKING:
    pass


def percent(value: object) -> str:
    """A margin as shown ("33.3 %"), or a dash."""
    return "—" if value is None else f"{formatting.number(value)} %"


def change_rows(actor: Actor, changes: list[reprice.PriceChange]) -> list[tuple]:
    """Preview rows: SKU, part, level, cost, old price, new price, old and new margin."""
    names = {lv.code: lv.name for lv in pricing.levels(actor)}
    return [(c.sku, c.name, names.get(c.level, c.level), formatting.money(c.cost),
             formatting.money(c.old) if c.old is not None else "—", formatting.money(c.new),
             percent(c.old_margin), percent(c.new_margin)) for c in changes]


class RepriceTab(QWidget):
    """Selection, Preview, the table of changes, Apply / Cancel."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.shown: reprice.Preview | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.category = QComboBox()
        self.brand = QComboBox()
        actor = context.actor
        for combo, values, every in ((self.category, parts.distinct_values(actor, "category"),
                                      self.tr("Every category")),
                                     (self.brand, parts.distinct_values(actor, "brand"),
                                      self.tr("Every brand"))):
            combo.addItem(every, "")
            for value in values:
                combo.addItem(value, value)
            combo.currentIndexChanged.connect(self.clear)
        self.preview_button = QPushButton(self.tr("&Preview"))
        self.preview_button.setObjectName("primaryButton")
        self.preview_button.clicked.connect(self.make_preview)
        for text, combo in ((self.tr("Cate&gory:"), self.category),
                            (self.tr("Bra&nd:"), self.brand)):
            label = QLabel(text)
            label.setBuddy(combo)  # Alt+G / Alt+N: the list, then type the first letters
            bar.addWidget(label)
            bar.addWidget(combo, 2)
        bar.addWidget(self.preview_button)
        layout.addLayout(bar)
        self.model = RowsModel([self.tr("SKU"), self.tr("Part"), self.tr("Level"),
                                self.tr("Cost"), self.tr("Old price"), self.tr("New price"),
                                self.tr("Old margin"), self.tr("New margin")], self)
        self.table = leave_on_tab(QTableView())
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((100, 250, 70, 80, 85, 85, 90)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.summary = QLabel(self.tr("Choose the parts to reprice, then Preview. Nothing "
                                      "changes until you Apply."))
        self.summary.setObjectName("hintLabel")
        self.summary.setWordWrap(True)
        bottom.addWidget(self.summary, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.clear)
        self.apply_button = QPushButton(self.tr("&Apply new prices"))
        self.apply_button.clicked.connect(self.apply)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.apply_button)
        layout.addLayout(bottom)
        self.clear()

    def selection(self) -> reprice.Selection:
        return reprice.Selection(category=self.category.currentData() or "",
                                 brand=self.brand.currentData() or "")

    def clear(self) -> None:
        """Forget the preview (nothing was changed)."""
        self.shown = None
        self.model.set_rows([])
        self.apply_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

    def make_preview(self) -> None:
        """Work out every price the matrix would change (in the background)."""
        selection, actor = self.selection(), self.context.actor
        self.preview_button.setEnabled(False)
        run_task(self, self.tr("Working out new prices…"),
                 lambda _progress: reprice.preview(actor, selection),
                 on_done=self._show, on_failed=self._failed)

    def _show(self, shown: reprice.Preview) -> None:
        self.preview_button.setEnabled(True)
        self.shown = shown
        self.model.set_rows(change_rows(self.context.actor, shown.changes))
        self.summary.setText(self.tr(
            "{changes} price(s) would change in {parts} part(s); {manual} price(s) set by hand "
            "are kept; {unpriced} part(s) have no cost to mark up.").format(
            changes=len(shown.changes), parts=shown.parts, manual=shown.manual_kept,
            unpriced=shown.unpriced))
        self.apply_button.setEnabled(bool(shown.changes))
        self.cancel_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self.preview_button.setEnabled(True)
        QMessageBox.warning(self, self.tr("No preview"), message)

    def apply(self) -> None:
        """Make exactly the previewed changes."""
        if self.shown is None:
            return
        try:
            with self.context.changing():
                changed = reprice.apply(self.context.actor, self.shown)
        except ShopDeskError as exc:
            show_refusal(self, exc, self.tr("Prices not changed"))
            return
        self.clear()
        self.summary.setText(self.tr("{count} price(s) changed.").format(count=changed))
