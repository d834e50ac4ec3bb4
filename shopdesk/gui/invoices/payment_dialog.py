"""Take payment: one settlement of one or more invoices, in one or more ways (card + cash).

The clerk picks the way with its key (Alt+H cash, Alt+D card, Alt+T bank transfer, Alt+Q
cheque, Alt+E store credit: the cursor lands in the amount), types the amount, and either
presses Enter (take it all) or Ctrl+Enter to add it as one part of a split and pay the rest
another way (the rest is offered in cash, the cursor on the notes handed over). The change
shows as the notes are typed. Offered several open invoices of an account customer, the
clerk ticks the ones paid (Space), or all of them (Alt+I).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.dialogs.shortcuts import describe
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.form_dialog import FormDialog
from shopdesk.money import ZERO, MoneyError, to_money
from shopdesk.services.access import Actor
from shopdesk.services.sales import invoices, payments
from shopdesk.services.sales.payments import METHOD_LABELS, PaymentMethod, SettlementResult, Tender

if TYPE_CHECKING:
    from shopdesk.services.sales.invoices import Invoice


class MethodButton(QRadioButton):
    """A way to pay. Its Alt key picks it at once (a plain radio button clicks 100 ms later,
    and the amount typed meanwhile would be lost)."""

    picked = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut and self.isEnabled():
            self.setChecked(True)
            self.picked.emit()
            return True
        return super().event(event)


class PaymentDialog(FormDialog):
    """Enter takes the payment; the change to give back shows as cash is typed.

    ``invoice`` is the invoice paid; ``offered`` (optional) are the customer's other open
    invoices, shown with a tick each (``invoice`` ticked). ``result_`` is the
    :class:`SettlementResult` once taken. The caller tells the screens
    (``context.changing()`` around ``exec``).
    """

    def __init__(self, actor: Actor, invoice: Invoice, parent: QWidget | None = None,
                 method: PaymentMethod = PaymentMethod.CASH,
                 offered: list[Invoice] | None = None) -> None:
        offered_all = [invoice] + [i for i in (offered or []) if i.id != invoice.id]
        several = len(offered_all) > 1
        super().__init__(self.tr("Take payment – {name}").format(
            name=invoice.customer_name) if several else self.tr(
            "Take payment – {number}").format(number=invoice.number), parent,
            ok_text=self.tr("Take &payment"))
        self.setObjectName("paymentDialog")
        self.actor, self.invoice = actor, invoice
        self.result_: SettlementResult | None = None
        self.tenders: list[Tender] = []
        self.offered = offered_all
        self.offered.sort(key=lambda i: (i.issue_date or i.created_at.date(), i.id))
        self.dues = {i.id: invoices.balance_due(i) for i in self.offered}
        self.setMinimumWidth(440)
        layout = QVBoxLayout()  # above the form
        layout.setContentsMargins(0, 0, 0, 0)
        self.body.insertLayout(1, layout)
        self.heading = QLabel()
        self.heading.setObjectName("paymentHeading")
        layout.addWidget(self.heading)

        self.invoice_list = QListWidget()
        self.invoice_list.setObjectName("paymentInvoices")
        self.invoice_list.setTabKeyNavigation(False)
        for other in self.offered:
            item = QListWidgetItem(self.tr("{number}  ·  {date}  ·  {due} due").format(
                number=other.number, date=formatting.date(other.issue_date),
                due=formatting.money(self.dues[other.id])))
            item.setData(Qt.ItemDataRole.UserRole, other.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if other.id == invoice.id
                               else Qt.CheckState.Unchecked)
            self.invoice_list.addItem(item)
        self.invoice_list.setMaximumHeight(min(6, len(self.offered)) * 24 + 8)
        self.all_invoices = QCheckBox(self.tr("All open &invoices ({count})").format(
            count=len(self.offered)))
        self.all_invoices.toggled.connect(self._tick_all)
        for widget in (self.invoice_list, self.all_invoices):
            widget.setVisible(several)
            layout.addWidget(widget)
        self.invoice_list.itemChanged.connect(lambda _item: self._update(reset_amount=True))

        self.so_far = QLabel()
        self.so_far.setObjectName("tendersSoFar")
        self.so_far.setWordWrap(True)
        layout.addWidget(self.so_far)
        methods_row = QHBoxLayout()
        self.method_group = QButtonGroup(self)
        self.methods: dict[PaymentMethod, MethodButton] = {}
        credit = payments.credit_balance(actor, invoice.customer_id)
        for m, text in self._method_labels().items():
            if m is PaymentMethod.STORE_CREDIT and not credit:
                continue
            button = MethodButton(text if m is not PaymentMethod.STORE_CREDIT else
                                  self.tr("{label} ({money})").format(
                                      label=text, money=formatting.money(credit)))
            button.setProperty("method", m.value)
            self.method_group.addButton(button)
            self.methods[m] = button
            methods_row.addWidget(button)
            button.picked.connect(self._method_picked)
            button.toggled.connect(lambda on: on and self._update())
        methods_row.addStretch(1)
        layout.addLayout(methods_row)
        form = self.form
        self.amount = QLineEdit()
        self.amount.setObjectName("paymentAmount")
        self.tendered = QLineEdit()
        self.tendered.setPlaceholderText(self.tr("notes handed over (optional)"))
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("card slip, cheque or transfer number"))
        self.change = QLabel("")
        self.change.setObjectName("changeLabel")
        self.left = QLabel("")
        self.left.setObjectName("stillDueLabel")
        form.addRow(self.tr("&Amount"), self.amount)
        form.addRow(self.tr("Handed &over"), self.tendered)
        form.addRow(self.tr("&Reference"), self.reference)
        form.addRow(self.tr("Change"), self.change)
        form.addRow(self.tr("Still due after this"), self.left)
        self.split_button = QPushButton(self.tr("&Split: pay the rest another way (Ctrl+Enter)"))
        self.split_button.setAutoDefault(False)
        self.split_button.clicked.connect(self.add_split)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.button_row.insertWidget(0, self.split_button)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.add_split)
        describe(self, {"Ctrl+Enter": self.tr("Add this amount as part of a split payment")},
                 {"Ctrl+Enter": self.split_button})
        self.amount.textChanged.connect(lambda _t: self._update())
        self.tendered.textChanged.connect(lambda _t: self._update())
        self.methods.get(method, self.methods[PaymentMethod.CASH]).setChecked(True)
        self._update(reset_amount=True)
        self.amount.setFocus()

    def _method_labels(self) -> dict[PaymentMethod, str]:
        return {PaymentMethod.CASH: self.tr("Cas&h"), PaymentMethod.CARD: self.tr("Car&d"),
                PaymentMethod.BANK_TRANSFER: self.tr("Bank &transfer"),
                PaymentMethod.CHEQUE: self.tr("Che&que"),
                PaymentMethod.STORE_CREDIT: self.tr("Store cr&edit")}

    # --- state ---------------------------------------------------------------------------
    def method_value(self) -> PaymentMethod:
        """The way of paying picked now."""
        button = self.method_group.checkedButton()
        return PaymentMethod(button.property("method")) if button else PaymentMethod.CASH

    def set_method(self, method: PaymentMethod) -> None:
        """Pick a way of paying (as its Alt key does)."""
        self.methods[method].setChecked(True)
        self._method_picked()

    def chosen_ids(self) -> list[int]:
        """The invoices ticked, oldest first."""
        return [self.invoice_list.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.invoice_list.count())
                if self.invoice_list.item(row).checkState() == Qt.CheckState.Checked]

    def due(self) -> Decimal:
        """What the ticked invoices owe together."""
        return sum((self.dues[i] for i in self.chosen_ids()), ZERO)

    def remaining(self) -> Decimal:
        """What is still to pay after the parts of the split already added."""
        paid = sum((to_money(t.amount) for t in self.tenders), ZERO)
        return max(self.due() - paid, ZERO)

    def _entered(self, text: str) -> Decimal | None:
        try:
            return to_money(text) if text.strip() else None
        except MoneyError:
            return None

    def _tick_all(self, on: bool) -> None:
        self.invoice_list.blockSignals(True)
        for row in range(self.invoice_list.count()):
            item = self.invoice_list.item(row)
            if on or item.data(Qt.ItemDataRole.UserRole) != self.invoice.id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.invoice_list.blockSignals(False)
        self._update(reset_amount=True)

    def _method_picked(self) -> None:
        self._update()
        self.amount.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.amount.selectAll()

    def _update(self, reset_amount: bool = False) -> None:
        remaining = self.remaining()
        if reset_amount:
            self.amount.setText(f"{remaining:f}")
            self.amount.selectAll()
        due_text = formatting.money(self.due())
        several = len(self.chosen_ids()) > 1
        self.heading.setText(self.tr(
            "<b>{customer_name}</b><br>Due: <span style='font-size:16pt'>{money}</span>"
            ).format(customer_name=self.invoice.customer_name, money=due_text) + (
            self.tr(" ({count} invoices)").format(count=len(self.chosen_ids()))
            if several else ""))
        self.so_far.setText(self.tr("Split so far: {parts}").format(parts="; ".join(
            self._describe(t) for t in self.tenders)) if self.tenders else "")
        self.so_far.setVisible(bool(self.tenders))
        cash = self.method_value() is PaymentMethod.CASH
        self.tendered.setEnabled(cash)
        self.change.setText("")
        amount = self._entered(self.amount.text())
        if amount is None:
            self.left.setText(formatting.money(remaining))
            return
        self.left.setText(formatting.money(max(remaining - amount, ZERO)))
        given = self._entered(self.tendered.text()) if cash else None
        if given is not None:
            change = payments.change_due(amount, given, remaining)
            self.change.setText(formatting.money(change) if change >= 0
                                else self.tr("not enough handed over"))

    def _describe(self, tender: Tender) -> str:
        text = f"{shown(METHOD_LABELS[PaymentMethod(tender.method)])} " \
               f"{formatting.money(to_money(tender.amount))}"
        return f"{text} ({tender.reference})" if tender.reference else text

    def _current(self) -> Tender:
        method = self.method_value()
        cash = method is PaymentMethod.CASH
        return Tender(method, self.amount.text().strip(),
                      tendered=self.tendered.text().strip() or None if cash else None,
                      reference=self.reference.text())

    # --- actions -------------------------------------------------------------------------
    def add_split(self) -> None:
        """Ctrl+Enter: this amount is one part; the rest is offered in cash."""
        self.error.clear()
        tender = self._current()
        try:
            amount = to_money(tender.amount)
        except MoneyError:
            self.error.setText(self.tr("{value} is not an amount of money").format(
                value=repr(tender.amount)))
            return
        if amount <= 0 or amount >= self.remaining():
            self.error.setText(self.tr("A part of a split is less than the {due} to pay; "
                                       "Enter takes the whole payment").format(
                due=formatting.money(self.remaining())))
            return
        if tender.method == PaymentMethod.CASH:
            self.error.setText(self.tr("Take cash last, for the change: pick the other way "
                                       "first"))
            return
        self.tenders.append(tender)
        self.reference.clear()
        self.tendered.clear()
        self.methods[PaymentMethod.CASH].setChecked(True)
        self._update(reset_amount=True)
        self.tendered.setFocus()

    def do_save(self) -> SettlementResult:
        """Take the payment (every part of the split) through the service; refusals show
        inline in the screen's language and nothing is taken."""
        tenders = [*self.tenders]
        if self.amount.text().strip() or not tenders:
            tenders.append(self._current())
        self.result_ = payments.take_payments(self.actor, self.chosen_ids(), tenders)
        return self.result_

    def take(self) -> None:
        """Take the payment (as OK does)."""
        self.save()

    def change_due(self) -> Decimal:
        """The change taken (0 when none)."""
        return self.result_.change if self.result_ else Decimal(0)
