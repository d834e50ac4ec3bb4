"""Pay a customer's store credit back: amount (at most the credit), method, reference."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from shopdesk.services.access import Actor
from shopdesk.services.crm import customers
from shopdesk.services.sales import payments
from shopdesk.services.sales.payments import METHOD_LABELS, PaymentMethod

if TYPE_CHECKING:
    from shopdesk.services.sales.payments import Payment


class CreditRefundDialog(QDialog):
    """Refund store credit as cash, card, bank transfer or cheque (audited by the service)."""

    def __init__(self, actor: Actor, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("creditRefundDialog")
        self.actor, self.customer_id = actor, customer_id
        self.refund: Payment | None = None
        customer = customers.get(customer_id)
        self.available = payments.credit_balance(customer_id)
        self.setWindowTitle(self.tr("Refund store credit – {name}").format(
            name=customer.display_name))
        self.setMinimumWidth(400)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>{name}</b><br>Store credit: <span "
                                        "style='font-size:16pt'>{money}</span>").format(
            name=customer.display_name, money=formatting.money(self.available))))
        form = QFormLayout()
        self.amount = QLineEdit(f"{self.available:f}")
        self.method = QComboBox()
        for method, label in METHOD_LABELS.items():
            if method is not PaymentMethod.STORE_CREDIT:
                self.method.addItem(shown(label), method.value)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("card slip, cheque or transfer number"))
        form.addRow(self.tr("&Amount"), self.amount)
        form.addRow(self.tr("Refund a&s"), self.method)  # (Alt+R: Refund)
        form.addRow(self.tr("Re&ference"), self.reference)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Refund"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.amount.selectAll()

    def save(self) -> None:
        """Refund; a bad amount or one above the credit shows its message and keeps the dialog."""
        try:
            self.refund = payments.refund_credit(self.actor, self.customer_id,
                                                 self.amount.text().strip(),
                                                 self.method.currentData(),
                                                 self.reference.text())
        except ShopDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
