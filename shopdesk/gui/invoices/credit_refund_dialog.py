"""Pay a customer's store credit back: amount (at most the credit), method, reference."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.form_dialog import FormDialog
from shopdesk.services.access import Actor
from shopdesk.services.crm import customers
from shopdesk.services.sales import payments
from shopdesk.services.sales.payments import METHOD_LABELS, PaymentMethod

if TYPE_CHECKING:
    from shopdesk.services.sales.payments import Payment


class CreditRefundDialog(FormDialog):
    """Refund store credit as cash, card, bank transfer or cheque (audited by the service).
    The caller tells the screens (``context.changing()`` around ``exec``)."""

    def __init__(self, actor: Actor, customer_id: int, parent: QWidget | None = None) -> None:
        customer = customers.get(actor, customer_id)
        super().__init__(self.tr("Refund store credit – {name}").format(
            name=customer.display_name), parent, ok_text=self.tr("&Refund"))
        self.setObjectName("creditRefundDialog")
        self.actor, self.customer_id = actor, customer_id
        self.refund: Payment | None = None
        self.available = payments.credit_balance(actor, customer_id)
        self.setMinimumWidth(400)
        self.intro.setText(self.tr("<b>{name}</b><br>Store credit: <span "
                                   "style='font-size:16pt'>{money}</span>").format(
            name=customer.display_name, money=formatting.money(self.available)))
        self.intro.show()
        self.amount = QLineEdit(f"{self.available:f}")
        self.method = QComboBox()
        for method, label in METHOD_LABELS.items():
            if method is not PaymentMethod.STORE_CREDIT:
                self.method.addItem(shown(label), method.value)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("card slip, cheque or transfer number"))
        self.form.addRow(self.tr("&Amount"), self.amount)
        self.form.addRow(self.tr("Refund a&s"), self.method)  # (Alt+R: Refund)
        self.form.addRow(self.tr("Re&ference"), self.reference)
        self.amount.selectAll()

    def do_save(self) -> Payment:
        """Refund; a bad amount or one above the credit shows its message and keeps the dialog."""
        self.refund = payments.refund_credit(self.actor, self.customer_id,
                                             self.amount.text().strip(),
                                             self.method.currentData(), self.reference.text())
        return self.refund
