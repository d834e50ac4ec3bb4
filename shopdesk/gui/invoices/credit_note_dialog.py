"""Issue a credit note for some or all lines of an invoice, with a reason (owner only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.form_dialog import FormDialog
from shopdesk.services.access import Actor
from shopdesk.services.sales import credit_notes
from shopdesk.services.sales.payments import METHOD_LABELS, PaymentMethod

if TYPE_CHECKING:
    from shopdesk.services.sales.invoices import Invoice


class CreditNoteDialog(FormDialog):
    """One quantity box per line (0: not credited); the reason is required. The caller tells
    the screens (``context.changing()`` around ``exec``)."""

    def __init__(self, actor: Actor, invoice: Invoice, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Credit note for {number}").format(number=invoice.number),
                         parent, ok_text=self.tr("Issue credit note"), intro=self.tr(
                             "Quantity to credit on each line (0 leaves it out). Parts "
                             "credited go back into stock."))
        self.actor, self.invoice = actor, invoice
        self.credit_note: Invoice | None = None
        self.setMinimumWidth(520)
        area = QScrollArea()
        area.setWidgetResizable(True)
        inner = QWidget()
        lines = QFormLayout(inner)
        self.quantities: dict[int, QLineEdit] = {}
        for line, left in credit_notes.creditable(actor, invoice.id):
            edit = QLineEdit("0")
            edit.setEnabled(left > 0)
            edit.setToolTip(self.tr("At most {quantity}").format(
                    quantity=formatting.quantity(left)))
            lines.addRow(self.tr(
                    "{description} ({quantity} × {money}; {quantity2} creditable)").format(
                            description=line.description,
                                    quantity=formatting.quantity(line.quantity),
                                            money=formatting.money(line.unit_price),
                                                    quantity2=formatting.quantity(left)), edit)
            self.quantities[line.id] = edit
        area.setWidget(inner)
        self.body.insertWidget(1, area, 1)  # (under the intro, above the form)
        self.all_lines = QCheckBox(self.tr(
                "Credit the whole invoice (everything not yet credited)"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("why, e.g. wrong part, returned unused"))
        self.settle = QComboBox()
        for method in (PaymentMethod.STORE_CREDIT, PaymentMethod.CASH, PaymentMethod.CARD,
                       PaymentMethod.BANK_TRANSFER):
            if method is PaymentMethod.STORE_CREDIT and invoice.customer_id is None:
                continue
            self.settle.addItem(shown(METHOD_LABELS[method]), method.value)
        self.restock = QCheckBox(self.tr("Return credited parts to stock"))
        self.restock.setChecked(True)
        self.form.addRow(self.all_lines)
        self.form.addRow(self.tr("&Reason"), self.reason)
        self.form.addRow(self.tr("Money already paid goes back as"), self.settle)
        self.form.addRow(self.restock)

    def do_save(self) -> Invoice:
        """Issue through the service; refusals show inline, nothing is written."""
        wanted = None
        if not self.all_lines.isChecked():
            wanted = {lid: e.text().strip() for lid, e in self.quantities.items()
                      if e.text().strip() not in ("", "0")}
            if not wanted:
                raise ShopDeskError(self.tr("Enter a quantity on at least one line, or credit "
                                            "the whole invoice"))
        self.credit_note = credit_notes.issue_credit_note(
            self.actor, self.invoice.id, self.reason.text(), wanted,
            return_to_stock=self.restock.isChecked(), settle=self.settle.currentData())
        return self.credit_note

    def issue(self) -> None:
        """Issue the credit note (as OK does)."""
        self.save()
