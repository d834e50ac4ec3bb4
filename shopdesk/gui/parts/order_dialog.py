"""One purchase order: add lines (draft), send it, receive deliveries by scanning, print it.

Receiving: each scan of a barcode or SKU adds one to "Receiving now" on its line (or type
a quantity first); Book receipt posts them all with the supplier's invoice number.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting, paths
from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.gui.context import AppContext
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.parts.forms import error_label, show_error
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.models.parts import OrderStatus
from shopdesk.printing.purchase_order import render_purchase_order
from shopdesk.services import parts, purchasing, stock


class OrderDialog(QDialog):
    """Shows an order's lines; what can be done depends on its status."""

    def __init__(self, context: AppContext, order_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.order_id = context, order_id
        self.receiving: dict[int, Decimal] = {}
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        layout.addWidget(self.heading)
        self.model = RowsModel([self.tr("SKU"), self.tr("Part"), self.tr("Ordered"),
                self.tr("Received"), self.tr("Still to come"),
                                self.tr("Unit cost"), self.tr("Receiving now")], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        for column, width in enumerate((100, 270, 80, 80, 90, 90, 100)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        entry = QHBoxLayout()
        self.scan = QLineEdit()
        self.scan.setObjectName("receiveScan")
        self.scan.returnPressed.connect(self.scanned)
        self.quantity = QLineEdit("1")
        self.quantity.setMaximumWidth(70)
        self.quantity.setToolTip(self.tr("How many each scan or entry counts for"))
        entry.addWidget(self.scan, 3)
        entry.addWidget(QLabel(self.tr("Qty")))
        entry.addWidget(self.quantity)
        self.invoice = QLineEdit()
        self.invoice.setPlaceholderText(self.tr("Supplier's invoice no."))
        entry.addWidget(self.invoice, 1)
        layout.addLayout(entry)
        self.error = error_label(self)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.send_button = QPushButton(self.tr("&Send order"))
        self.send_button.clicked.connect(self.send)
        self.book_button = QPushButton(self.tr("&Book receipt"))
        self.book_button.clicked.connect(self.book)
        self.cancel_order_button = QPushButton(self.tr("Cancel &order"))
        self.cancel_order_button.clicked.connect(self.cancel_order)
        self.print_button = QPushButton(self.tr("&Print PDF"))
        self.print_button.clicked.connect(lambda: self.print_pdf())
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        for button in (self.send_button, self.book_button, self.cancel_order_button,
                       self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.reload()
        self.scan.setFocus()

    def reload(self) -> None:
        order = purchasing.get_order(self.order_id)
        self.order = order
        status = OrderStatus(order.status)
        self.lines = purchasing.order_lines(order.id)
        self.setWindowTitle(self.tr("Purchase order {number}").format(number=order.number))
        self.heading.setText(f"{order.number} · {order.supplier.name} · "
                             f"{shown(purchasing.STATUS_LABELS[status])}")
        q = formatting.quantity
        self.model.set_rows([
            (ln.part.sku, ln.part.name, q(ln.quantity), q(ln.received),
             q(ln.quantity - ln.received), formatting.money(ln.unit_cost),
             q(self.receiving[ln.id]) if ln.id in self.receiving else "")
            for ln in self.lines])
        draft = status is OrderStatus.DRAFT
        receivable = order.status in purchasing.RECEIVABLE
        self.scan.setEnabled(draft or receivable)
        self.scan.setPlaceholderText(self.tr(
                "Scan or type a SKU to add it to the order") if draft else
                                     self.tr("Scan each part as it comes out of the box"))
        self.invoice.setVisible(receivable)
        self.send_button.setVisible(draft)
        self.book_button.setVisible(receivable)
        self.book_button.setEnabled(bool(self.receiving))
        self.cancel_order_button.setVisible(order.status in purchasing.OPEN)

    def scanned(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if not code:
            return
        try:
            qty = stock.parse_quantity(self.quantity.text() or "1")
            if self.order.status == OrderStatus.DRAFT:
                part = parts.find_by_code(code)
                if part is None:
                    raise ValidationError(f"No part has the code {code}")
                purchasing.add_line(self.context.actor, self.order_id, part.id, qty)
            else:
                line = purchasing.line_for_code(self.order_id, code)
                if line is None:
                    raise ValidationError(f"{code} is not on {self.order.number}")
                now = self.receiving.get(line.id, Decimal(0)) + qty
                if now > line.quantity - line.received:
                    raise ValidationError(
                        f"Only {formatting.quantity(line.quantity - line.received)} of "
                        f"{line.part.sku} still to come on {self.order.number}")
                self.receiving[line.id] = now
        except ShopDeskError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, "")
        self.quantity.setText("1")
        self.reload()

    def book(self) -> None:
        try:
            result = purchasing.receive(self.context.actor, self.order_id, self.receiving,
                                        self.invoice.text())
        except ShopDeskError as exc:
            show_error(self.error, str(exc))
            return
        self.receiving.clear()
        self.invoice.clear()
        show_error(self.error, "")
        self.context.status.emit(self.tr("Received {lines} line(s) on {number}").format(
                lines=result.lines, number=self.order.number))
        self.context.notify("purchasing")
        self.reload()

    def send(self) -> None:
        try:
            purchasing.place_order(self.context.actor, self.order_id)
        except ShopDeskError as exc:
            show_error(self.error, str(exc))
            return
        self.context.notify("purchasing")
        self.reload()

    def cancel_order(self) -> None:
        try:
            purchasing.cancel_order(self.context.actor, self.order_id)
        except ShopDeskError as exc:
            show_error(self.error, str(exc))
            return
        self.context.notify("purchasing")
        self.reload()

    def print_pdf(self, target: str | None = None) -> Path:
        path = Path(target) if target else paths.data_dir() / f"{self.order.number}.pdf"
        render_purchase_order(self.order_id, path)
        self.context.status.emit(self.tr("{number} saved to {path}").format(
                number=self.order.number, path=path))
        return path
