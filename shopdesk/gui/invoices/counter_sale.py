"""The counter sale: scan parts (a USB scanner types the code and Enter), pick the customer or
sell to the cash customer, take payment, print. Keyboard first: F9 opens it, F12 pays, and once
paid the print dialog opens for the invoice (Enter prints it, Esc does not).

A part the shelf has not got (a code not on file, or a part out of stock when the shop does not
allow negative stock) is refused at the scan, in one line that says so; Ctrl+L then records the
lost sale with that part (or the code typed) and this sale's customer, Enter saves it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
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
from shopdesk.gui.dialogs.shortcuts import describe
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.invoices.customer_picker import CustomerPicker
from shopdesk.gui.invoices.payment_dialog import PaymentDialog
from shopdesk.gui.invoices.pdf_output import print_with_dialog
from shopdesk.gui.invoices.take_payment import outcome
from shopdesk.gui.widgets.dialog_size import size_within
from shopdesk.gui.widgets.form_dialog import show_refusal
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.retry import RetryButton
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.gui.widgets.tab_order import chain
from shopdesk.printing.invoice import render_invoice
from shopdesk.services.counter.lost_sales import LostReason
from shopdesk.services.pricing import pricing
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import CASH_CUSTOMER
from shopdesk.services.sales.payments import PaymentMethod
from shopdesk.services.stock import parts, stock

if TYPE_CHECKING:
    from collections.abc import Callable

    from shopdesk.services.sales.invoices import Invoice


class CounterSale(QDialog):
    """One sale at the counter. ``invoice`` is the issued invoice once it is paid."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterSale")
        self.context = context
        self.draft: Invoice | None = None
        self.invoice: Invoice | None = None
        self.customer_id: int | None = None
        self.printed = False  # the paid invoice went to the printer
        self.outcome = ""  # what to tell the clerk once the sale is done
        self.setWindowTitle(self.tr("Counter sale"))
        size_within(self, 820, 600)  # no larger than the window it opens over
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.customer_label = QLabel(f"<b>{shown(CASH_CUSTOMER)}</b>")
        self.customer_label.setObjectName("saleCustomer")
        pick = QPushButton(self.tr("C&ustomer… (F4)"))
        pick.clicked.connect(self.pick_customer)
        pick.setAutoDefault(False)
        cash = QPushButton(self.tr("Cas&h customer"))
        cash.clicked.connect(lambda: self.set_customer(None, shown(CASH_CUSTOMER)))
        cash.setAutoDefault(False)
        self.level = QComboBox()
        self.level.setObjectName("priceLevel")
        for level in pricing.levels(self.context.actor):
            self.level.addItem(self.tr("{level} prices").format(level=level.name), level.code)
        self.level.activated.connect(self.level_changed)
        top.addWidget(QLabel(self.tr("Sold to:")))
        top.addWidget(self.customer_label, 1)
        top.addWidget(pick)
        top.addWidget(cash)
        top.addWidget(self.level)
        layout.addLayout(top)
        self.scan = QLineEdit()
        self.scan.setObjectName("scanBox")
        self.scan.setPlaceholderText(self.tr("Scan a barcode or type a part number, then Enter"))
        self.scan.returnPressed.connect(self.scan_code)
        layout.addWidget(self.scan)
        self.message = QLabel("")
        self.message.setObjectName("formError")
        self.retry = RetryButton(make_default=False)  # (Enter in the scan box scans)
        said = QHBoxLayout()
        said.addWidget(self.message, 1)
        said.addWidget(self.retry)
        layout.addLayout(said)
        self.model = RowsModel([self.tr("Part"), self.tr("SKU"), self.tr("Qty"),
                self.tr("Unit price"), self.tr("Amount")], self)
        self.table = leave_on_tab(QTableView())
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 300)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        remove = QPushButton(self.tr("Re&move line (Del)"))  # (Alt+R: Retry)
        remove.clicked.connect(self.remove_line)
        bottom.addWidget(remove)
        self.lost_button = QPushButton(self.tr("&Lost sale (Ctrl+L)"))
        self.lost_button.setToolTip(self.tr("The customer asked for something we cannot sell "
                                            "(not stocked, out of stock, price)"))
        self.lost_button.setAutoDefault(False)
        self.lost_button.clicked.connect(self.record_lost_sale)
        bottom.addWidget(self.lost_button)
        bottom.addStretch(1)
        self.total_label = QLabel("")
        self.total_label.setObjectName("saleTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        bottom.addWidget(self.total_label)
        layout.addLayout(bottom)
        actions = QHBoxLayout()
        actions.addStretch(1)
        self.card_button = QPushButton(self.tr("Pay by car&d"))
        self.pay_button = QPushButton(self.tr("&Take payment (F12)"))
        self.pay_button.setDefault(False)
        self.pay_button.setAutoDefault(False)
        self.card_button.setAutoDefault(False)
        self.card_button.clicked.connect(lambda: self.pay(PaymentMethod.CARD))
        self.pay_button.clicked.connect(lambda: self.pay(PaymentMethod.CASH))
        actions.addWidget(self.card_button)
        actions.addWidget(self.pay_button)
        layout.addLayout(actions)
        QShortcut(QKeySequence("F12"), self, activated=lambda: self.pay(PaymentMethod.CASH))
        QShortcut(QKeySequence("F4"), self, activated=self.pick_customer)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, activated=self.remove_line)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.record_lost_sale)
        self._last_unknown = ""  # the last code that sold nothing (for a lost sale)
        describe(self, {"F12": self.tr("Take payment (cash)"),
                        "F4": self.tr("Pick the customer"),
                        "Ctrl+L": self.tr("Record a lost sale (what was just scanned or "
                                          "typed)")})
        describe(self.table, {"Del": self.tr("Remove the selected line")})
        chain(self.scan, self.table, pick, cash, self.level, remove, self.lost_button,
              self.card_button, self.pay_button)
        self._refresh()
        self.scan.setFocus()

    # --- the draft -----------------------------------------------------------------------
    def _ensure_draft(self) -> Invoice:
        if self.draft is None:
            self.draft = invoices.create_draft(
                self.context.actor, self.customer_id, price_level=self.level.currentData(),
                source="counter sale")
        return self.draft

    def scan_code(self) -> None:
        """Find the scanned code (barcode, then SKU) and add one to the sale."""
        code = self.scan.text().strip()
        self.scan.clear()
        if not code:
            return
        part = parts.find_by_code(self.context.actor, code)
        self._last_unknown = code if part is None else ""
        if part is None:
            self.retry.withdraw()
            self.message.setText(self.tr("No part with barcode or number {code!r}").format(
                    code=code))
            return
        self._sell_one(code, part.id)

    def _sell_one(self, code: str, part_id: int) -> None:
        """One more of the part scanned as ``code`` on the sale."""
        try:
            invoices.scan_part(self.context.actor, self._ensure_draft().id, part_id)
        except stock.NotInStock as exc:  # none (or not enough) on the shelf
            self.retry.withdraw()
            self._last_unknown = code
            self.message.setText(self.tr("{refusal} · Ctrl+L records the lost sale").format(
                refusal=exc.translated()))
            return
        except ShopDeskError as exc:
            self._refused(exc, lambda: self._sell_one(code, part_id))
            return
        self.message.setText("")
        self.retry.withdraw()
        self._refresh()
        self.scan.setFocus()

    def _refused(self, exc: ShopDeskError, again: Callable[[], object]) -> None:
        """Say why in the message line; a busy database offers Retry (Alt+R) for ``again``."""
        show_refusal(self.message, exc)
        self.retry.offer(exc, again)

    def record_lost_sale(self) -> None:
        """Ctrl+L: what is in the scan box (or the code that found nothing, or the selected
        line's part) goes into the lost-sale dialog; Enter there saves it."""
        from shopdesk.gui.counter.lost_sale_dialog import LostSaleDialog

        text = self.scan.text().strip() or self._last_unknown
        part = parts.find_by_code(self.context.actor, text) if text else None
        rows = self.table.selectionModel().selectedRows()
        if part is None and not text and rows and self._lines[rows[0].row()].part_id:
            part = parts.get_part(self.context.actor,
                                  self._lines[rows[0].row()].part_id)
        reason = (LostReason.OUT_OF_STOCK if part is not None and text == self._last_unknown
                  else None)  # a scan refused for the stock: whatever is on the shelf
        self.lost_dialog = LostSaleDialog(self.context, text=text, part=part,
                                          customer_id=self.customer_id, reason=reason,
                                          parent=self)
        if self.lost_dialog.exec() == QDialog.DialogCode.Accepted:
            self.scan.clear()
            self._last_unknown = ""
            self.message.setText(self.tr("Lost sale recorded"))
        self.scan.setFocus()

    def remove_line(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.draft is None:
            return
        self._remove(self._lines[rows[0].row()].id)

    def _remove(self, line_id: int) -> None:
        try:
            invoices.remove_line(self.context.actor, line_id)
        except ShopDeskError as exc:  # e.g. a core deposit on its own: it follows its part
            self._refused(exc, lambda: self._remove(line_id))
            return
        self.retry.withdraw()
        self._refresh()

    def pick_customer(self) -> None:
        picker = CustomerPicker(self.context.actor, self)
        if picker.exec() == QDialog.DialogCode.Accepted:
            self.set_customer(picker.customer_id, picker.customer_name)

    def set_customer(self, customer_id: int | None, name: str) -> None:
        """Sell to this customer (None: the cash customer)."""
        try:
            if self.draft is not None:
                self.draft = invoices.update_draft(self.context.actor, self.draft.id,
                                                   self.draft.version, customer_id=customer_id)
        except ShopDeskError as exc:
            self._refused(exc, lambda: self.set_customer(customer_id, name))
            return
        self.retry.withdraw()
        self.customer_id = customer_id
        level = (self.draft.price_level if self.draft
                 else pricing.level_of_customer(self.context.actor, customer_id))
        self.level.setCurrentIndex(max(0, self.level.findData(level)))  # the customer's level
        self._refresh()
        self.customer_label.setText(f"<b>{name}</b>")
        self.scan.setFocus()

    def level_changed(self) -> None:
        """The clerk sells at another price level: the scanned lines follow it."""
        if self.draft is None:
            return
        try:
            self.draft = invoices.update_draft(self.context.actor, self.draft.id,
                                               self.draft.version,
                                               price_level=self.level.currentData())
        except ShopDeskError as exc:
            self._refused(exc, self.level_changed)
            return
        self.retry.withdraw()
        self._refresh()

    def _refresh(self) -> None:
        self._lines = invoices.lines_for(self.context.actor, self.draft) if self.draft else []
        self.model.set_rows([(li.description, li.sku, formatting.quantity(li.quantity),
                              formatting.money(li.unit_price), formatting.money(li.amount))
                             for li in self._lines])
        total = invoices.preview_totals(self.context.actor, self.draft).gross if self._lines else 0
        self.total_label.setText(self.tr("<span style='font-size:18pt'><b>Total "
                                     "{money}</b></span>").format(money=formatting.money(total)))
        self.pay_button.setEnabled(bool(self._lines))
        self.card_button.setEnabled(bool(self._lines))

    # --- paying --------------------------------------------------------------------------
    def pay(self, method: PaymentMethod) -> None:
        """Issue the invoice and take the payment, then the print dialog for the invoice (Enter
        prints it for the customer, Esc does not) and the sale is done; a cancelled payment
        leaves it issued and unpaid (it shows in the invoice list as due)."""
        if not self._lines or self.draft is None:
            return
        with self.context.changing():  # (the screens hear of the sale: at once, or with the
            # rest of what the sale did once it closes, as the Invoices screen opens it)
            try:
                if self.invoice is None:
                    self.invoice = invoices.issue(self.context.actor, self.draft.id)
            except ShopDeskError as exc:
                self._refused(exc, lambda: self.pay(method))
                return
            self.retry.withdraw()
            self.payment = PaymentDialog(self.context.actor, self.invoice, self, method)
            paid = self.payment.exec() == QDialog.DialogCode.Accepted
        if paid:
            self.invoice = invoices.get(self.context.actor, self.invoice.id)
            said = outcome(self.payment.result_) if self.payment.result_ else ""
            self.printed = print_with_dialog(self, None,
                                             render_invoice(self.context.actor, self.invoice))
            self.outcome = self.tr("{number}: {outcome}").format(
                number=self.invoice.number, outcome=said) + (
                " " + self.tr("Printed.") if self.printed else "")
            self.accept()

    def reject(self) -> None:
        """Closing an unfinished sale voids its draft (it never had a number)."""
        if self.draft is not None and self.invoice is None:
            try:
                invoices.void_draft(self.context.actor, self.draft.id, "counter sale abandoned")
            except ShopDeskError as exc:  # (busy: Retry closes it; Esc again too)
                self._refused(exc, self.reject)
                return
        super().reject()
