"""Take a core back: the customer's (or one invoice's) sales with cores outstanding, how many
old units came back, and how the deposit goes back (cash, card or store credit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QTableView,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.form_dialog import FormDialog
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.services.counter import cores
from shopdesk.services.sales.payments import PaymentMethod

if TYPE_CHECKING:
    from shopdesk.services.sales.invoices import Invoice


class CoreReturnDialog(FormDialog):
    """Pick the sale, say how many cores came back, Enter: the deposit is refunded by a credit
    note and the cores go on hand. ``credit_notes`` holds what was issued."""

    def __init__(self, context: AppContext, *, customer_id: int | None = None,
                 invoice_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Core return"), parent, context=context,
                         ok_text=self.tr("Take core &back"), intro=self.tr(
                             "Sales with cores still out. Choose the one the old unit was "
                             "sold with; its deposit is refunded."))
        self.setObjectName("coreReturnDialog")
        self.credit_notes: list[Invoice] = []
        self.rows_out = cores.outstanding(context.actor, customer_id=customer_id,
                                          invoice_id=invoice_id)
        self.resize(720, 380)
        self.table = leave_on_tab(QTableView())
        self.model = RowsModel([self.tr("Invoice"), self.tr("Date"), self.tr("Customer"),
                                self.tr("Part"), self.tr("Out"), self.tr("Deposit each")],
                               self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.model.set_rows([(r.number, formatting.date(r.issue_date), r.customer_name,
                              f"{r.sku} {r.description}", formatting.quantity(r.outstanding),
                              formatting.money(r.deposit)) for r in self.rows_out])
        for column, width in ((0, 120), (1, 95), (2, 130), (3, 190), (4, 40)):
            self.table.setColumnWidth(column, width)
        self.body.insertWidget(1, self.table, 1)  # (under the intro, above the form)
        self.quantity = QLineEdit("1")
        self.method = QComboBox()
        self.method.addItem(self.tr("Cash"), PaymentMethod.CASH.value)
        self.method.addItem(self.tr("Card"), PaymentMethod.CARD.value)
        self.method.addItem(self.tr("Store credit"), PaymentMethod.STORE_CREDIT.value)
        self.form.addRow(self.tr("&Cores brought back"), self.quantity)  # (Alt+B: Take back)
        self.form.addRow(self.tr("&Refund as"), self.method)
        if self.rows_out:
            self.table.selectRow(0)
        else:
            self.error.setText(self.tr("No cores are outstanding here: a core return must "
                                       "match an earlier sale of the part with its deposit."))
            self.ok_button.setEnabled(False)
        self.quantity.setFocus()
        self.quantity.selectAll()

    def do_save(self) -> list[Invoice]:
        index = self.table.currentIndex()
        if not index.isValid():
            raise ShopDeskError(self.tr("Choose the sale the core was sold with"))
        row = self.rows_out[index.row()]
        self.credit_notes = cores.return_core(
            self.context.actor, row.part_id, self.quantity.text().strip() or "1",
            customer_id=row.customer_id, invoice_id=row.invoice_id,
            settle=self.method.currentData())
        return self.credit_notes

    def take_back(self) -> None:
        """Take the cores back (as OK does)."""
        self.save()
