"""Warranty terms (owner): the shop's labour warranty and the cost of a warranty labour hour,
and each maintenance package's own warranty. Parts carry theirs on the part form."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.form_dialog import SAVE, FormDialog, show_refusal
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.services.counter import warranty
from shopdesk.services.workshop import maintenance


class WarrantyDialog(FormDialog):
    """Labour terms and cost rate on top; packages below, each with its own terms."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Warranty terms"), parent, context=context, ok=SAVE)
        self.setObjectName("warrantyDialog")
        self.resize(620, 520)
        layout = self.body
        labour = QGroupBox(self.tr("Labour (work not from a package)"))
        form = QFormLayout(labour)
        row = warranty.settings(context.actor)
        self.months = QLineEdit(str(row.labour_months or ""))
        self.km = QLineEdit(str(row.labour_km or ""))
        self.cost_rate = QLineEdit("" if row.labour_cost_rate is None else formatting.money(
            row.labour_cost_rate, symbol=False).replace(",", ""))
        for edit in (self.months, self.km):
            edit.setPlaceholderText(self.tr("no limit"))
        form.addRow(self.tr("&Months"), self.months)
        form.addRow(self.tr("&Km"), self.km)
        form.addRow(self.tr("&Cost of a warranty hour"), self.cost_rate)
        self.sees_cost = row.labour_cost_rate is not None  # (the rate is a cost)
        form.setRowVisible(self.cost_rate, self.sees_cost)
        layout.addWidget(labour)
        packages = QGroupBox(self.tr("Maintenance packages (blank: the labour terms)"))
        pl = QVBoxLayout(packages)
        self.model = RowsModel([self.tr("Package"), self.tr("Warranty")], self)
        self.table = leave_on_tab(QTableView())
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 300)
        pl.addWidget(self.table, 1)
        edit_row = QHBoxLayout()
        self.package_months = QLineEdit()
        self.package_km = QLineEdit()
        self.package_months.setPlaceholderText(self.tr("months"))
        self.package_km.setPlaceholderText(self.tr("km"))
        self.package_button = QPushButton(self.tr("Set for &package"))
        self.package_button.clicked.connect(self.set_package)
        for widget in (self.package_months, self.package_km, self.package_button):
            edit_row.addWidget(widget)
        pl.addLayout(edit_row)
        layout.addWidget(packages, 1)
        self._fill()
        self.months.setFocus()

    def _fill(self) -> None:
        actor = self.context.actor
        self.packages = maintenance.all_packages(actor)
        self.model.set_rows([(p.name, (warranty.package_terms(actor, p.id) or warranty.Terms())
                              .describe()) for p in self.packages])

    def set_package(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.error.setText(self.tr("Choose a package"))
            return
        try:
            terms = warranty.parse_terms(self.package_months.text(), self.package_km.text())
            with self.context.changing():
                warranty.set_package(self.context.actor, self.packages[index.row()].id, terms)
        except ShopDeskError as exc:
            show_refusal(self.error, exc)
            return
        self.error.clear()
        self._fill()

    def do_save(self) -> object:
        terms = warranty.parse_terms(self.months.text(), self.km.text())
        rate = (self.cost_rate.text() or "0") if self.sees_cost else None
        return warranty.set_labour(self.context.actor, terms, rate)
