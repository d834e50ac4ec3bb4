"""Inventory insights: stock value by category, fast and slow movers, dead stock.

The figures are computed off the GUI thread (dead stock reads the whole ledger).
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.context import AppContext
from shopdesk.gui.tasks import run_task
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.reports import inventory
from shopdesk.services.access import Actor, Permission
from shopdesk.services.stock import stock

VIEWS = [(QT_TRANSLATE_NOOP("InsightsDialog", "Stock value by category"), "value"),
         (QT_TRANSLATE_NOOP("InsightsDialog", "Fast movers"), "fast"),
         (QT_TRANSLATE_NOOP("InsightsDialog", "Slow movers"), "slow"),
         (QT_TRANSLATE_NOOP("InsightsDialog", "Dead stock"), "dead")]
HEADERS = {
    "value": [QT_TRANSLATE_NOOP("InsightsDialog", "Category"),
              QT_TRANSLATE_NOOP("InsightsDialog", "Parts in stock"),
              QT_TRANSLATE_NOOP("InsightsDialog", "Value at cost")],
    "fast": ["SKU",
             QT_TRANSLATE_NOOP("InsightsDialog", "Part"),
             QT_TRANSLATE_NOOP("InsightsDialog", "Out in period"),
             QT_TRANSLATE_NOOP("InsightsDialog", "On hand")],
    "slow": ["SKU",
             QT_TRANSLATE_NOOP("InsightsDialog", "Part"),
             QT_TRANSLATE_NOOP("InsightsDialog", "Out in period"),
             QT_TRANSLATE_NOOP("InsightsDialog", "On hand")],
    "dead": ["SKU",
             QT_TRANSLATE_NOOP("InsightsDialog", "Part"),
             QT_TRANSLATE_NOOP("InsightsDialog", "On hand"),
             QT_TRANSLATE_NOOP("InsightsDialog", "Value at cost"),
             QT_TRANSLATE_NOOP("InsightsDialog", "Last movement")],
}


def compute(actor: Actor, view: str, days: int, months: int) -> tuple[list[tuple], str]:
    """The rows of one insight and a one-line summary (runs on a worker thread)."""
    q, m = formatting.quantity, formatting.money
    if view == "value":
        result = stock.valuation(actor)
        return ([(c, formatting.number(n), m(v)) for c, n, v in result.by_category],
                f"Total stock at cost: {m(result.total)} in {result.parts:,} parts")
    if view in ("fast", "slow"):
        rows = inventory.recent_movers(days, fastest=view == "fast", limit=50)
        return ([(r.sku, r.name, q(r.quantity), q(r.on_hand)) for r in rows],
                f"Sold or used on repair orders in the last {days} days")
    rows = inventory.dead_stock(actor, months)
    total = sum((r.value or 0 for r in rows), Decimal("0.00"))
    worth = f", worth {m(total)}" if actor.sees_costs else ""  # (the service gave no costs)
    return ([(r.sku, r.name, q(r.on_hand), "" if r.value is None else m(r.value),
              formatting.date(r.last_movement) if r.last_movement else "never") for r in rows],
            f"{len(rows)} part(s) with no movement in {months} months{worth}")


class InsightsDialog(QDialog):
    """Pick an insight and a period; the table fills in the background."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Inventory insights"))
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.view = QComboBox()
        for label, key in VIEWS:
            if key != "value" or context.can(Permission.SEE_COSTS):
                self.view.addItem(self.tr(label), key)
        self.days = QComboBox()
        for days in (30, 90, 365):
            self.days.addItem(self.tr("last {days} days").format(days=days), days)
        self.days.setCurrentIndex(1)
        self.months = QSpinBox()
        self.months.setRange(1, 60)
        self.months.setValue(12)
        self.months.setSuffix(self.tr(" months"))
        show = QPushButton(self.tr("&Show"))
        show.clicked.connect(self.refresh)
        for widget in (self.view, self.days, self.months, show):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setObjectName("sectionTitle")
        layout.addWidget(self.summary)
        self.model = RowsModel([self.tr(h) for h in HEADERS["value"]], self)
        self.table = leave_on_tab(QTableView())
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.view.currentIndexChanged.connect(self.refresh)
        self.busy = False
        self.refresh()

    def refresh(self) -> None:
        key = self.view.currentData()
        days, months = self.days.currentData(), self.months.value()
        self.days.setEnabled(key in ("fast", "slow"))
        self.months.setEnabled(key == "dead")
        self.busy = True
        self.summary.setText(self.tr("Working…"))

        def done(result: tuple[list[tuple], str]) -> None:
            rows, summary = result
            self.model = RowsModel([self.tr(h) for h in HEADERS[key]], self)
            self.model.set_rows(rows)
            self.table.setModel(self.model)
            self.table.setColumnWidth(1 if key != "value" else 0, 320)
            self.summary.setText(summary)
            self.busy = False

        def failed(message: str) -> None:
            self.summary.setText(message)
            self.busy = False

        actor = self.context.actor
        run_task(self, self.tr("Inventory insights"),
                 lambda _p: compute(actor, key, days, months), on_done=done, on_failed=failed)
