"""Take a payment: method, amount (the balance due), and for cash the notes handed over."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.tab_order import chain
from shopdesk.models.invoices import Invoice, PaymentMethod
from shopdesk.money import MoneyError, to_money
from shopdesk.services import invoices, payments
from shopdesk.services.access import Actor
from shopdesk.services.payments import METHOD_LABELS, PaymentResult


class PaymentDialog(QDialog):
    """Enter takes the payment; the change to give back shows as cash is typed."""

    def __init__(self, actor: Actor, invoice: Invoice, parent: QWidget | None = None,
                 method: PaymentMethod = PaymentMethod.CASH) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDialog")
        self.actor, self.invoice = actor, invoice
        self.result_: PaymentResult | None = None
        self.due = invoices.balance_due(invoice)
        self.setWindowTitle(self.tr("Take payment – {number}").format(
                number=invoice.number))
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("<b>{customer_name}</b><br>Due: <span "
                             "style='font-size:16pt'>{money}</span>").format(
                                     customer_name=invoice.customer_name,
                                             money=formatting.money(self.due)))
        layout.addWidget(heading)
        form = QFormLayout()
        self.method = QComboBox()
        credit = payments.credit_balance(invoice.customer_id)
        for m, label in METHOD_LABELS.items():
            if m is PaymentMethod.STORE_CREDIT and not credit:
                continue
            label = shown(label)
            self.method.addItem(label if m is not PaymentMethod.STORE_CREDIT else
                                self.tr("{label} ({money} available)").format(
                                        label=label, money=formatting.money(credit)), m.value)
        self.method.setCurrentIndex(max(0, self.method.findData(method.value)))
        self.amount = QLineEdit(f"{self.due:f}")
        self.tendered = QLineEdit()
        self.tendered.setPlaceholderText(self.tr("notes handed over (optional)"))
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("card slip, cheque or transfer number"))
        self.change = QLabel("")
        self.change.setObjectName("changeLabel")
        self.error = QLabel("")
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        form.addRow(self.tr("&Method"), self.method)
        form.addRow(self.tr("&Amount"), self.amount)
        form.addRow(self.tr("Cash &handed over"), self.tendered)
        form.addRow(self.tr("&Reference"), self.reference)
        form.addRow(self.tr("Change"), self.change)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Take payment"))
        buttons.accepted.connect(self.take)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons
        chain(self.method, self.amount, self.tendered, self.reference,
              buttons.button(QDialogButtonBox.StandardButton.Ok),
              buttons.button(QDialogButtonBox.StandardButton.Cancel))
        self.method.currentIndexChanged.connect(self._update)
        self.amount.textChanged.connect(self._update)
        self.tendered.textChanged.connect(self._update)
        self._update()
        self.amount.selectAll()
        self.amount.setFocus()

    def _is_cash(self) -> bool:
        return self.method.currentData() == PaymentMethod.CASH.value

    def _update(self) -> None:
        cash = self._is_cash()
        self.tendered.setEnabled(cash)
        self.change.setText("")
        if not cash:
            return
        try:
            amount = min(to_money(self.amount.text()), self.due)
            given = to_money(self.tendered.text()) if self.tendered.text().strip() else None
        except MoneyError:
            return
        if given is not None:
            change = given - amount
            self.change.setText(formatting.money(change) if change >= 0
                                else self.tr("not enough handed over"))

    def change_due(self) -> Decimal:
        """The change shown (0 when none)."""
        return self.result_.change if self.result_ else Decimal(0)

    def take(self) -> None:
        """Take the payment through the service; refusals show inline."""
        try:
            self.result_ = payments.take_payment(
                self.actor, self.invoice.id, self.method.currentData(), self.amount.text(),
                tendered=self.tendered.text() if self._is_cash() and
                self.tendered.text().strip() else None,
                reference=self.reference.text())
        except ShopDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
