"""One purchase order: add lines (draft), send it, receive deliveries by scanning, print it.

Receiving: each scan of a barcode or SKU adds one to "Receiving now" on its line (or type
a quantity first); Book receipt posts them all with the supplier's invoice number. The clerk
may change a line's unit cost for this delivery (Unit cost…). A code no part has offers to
create the part or link the code to a part (as the parts list does).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting, paths
from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.gui.context import AppContext
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.form_dialog import ErrorLine, refusal_text, show_refusal
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.printing.purchase_order import render_purchase_order
from shopdesk.services import amounts
from shopdesk.services.access import Permission
from shopdesk.services.stock import parts, purchasing, stock
from shopdesk.services.stock.purchasing import OrderStatus

if TYPE_CHECKING:
    from shopdesk.services.stock.parts import Part


class OrderDialog(QDialog):
    """Shows an order's lines; what can be done depends on its status."""

    def __init__(self, context: AppContext, order_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.order_id = context, order_id
        self.receiving: dict[int, Decimal] = {}
        self.costs: dict[int, Decimal] = {}  # line id -> unit cost of this delivery
        self.unknown = ""  # the last scanned code no part has
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        layout.addWidget(self.heading)
        self.model = RowsModel([self.tr("SKU"), self.tr("Part"), self.tr("Ordered"),
                self.tr("Received"), self.tr("Still to come"),
                                self.tr("Unit cost"), self.tr("Receiving now")], self)
        self.table = leave_on_tab(QTableView())
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
        self.error = ErrorLine(self)
        layout.addWidget(self.error)
        unknown = QHBoxLayout()
        self.unknown_label = QLabel()
        self.create_button = QPushButton(self.tr("&Create a part with it…"))
        self.create_button.clicked.connect(self.create_part)
        self.link_button = QPushButton(self.tr("&Link it to a part…"))
        self.link_button.clicked.connect(self.link_code)
        for button in (self.create_button, self.link_button):
            button.setAutoDefault(False)  # Enter in the scan box is a scan, not a click
        unknown.addWidget(self.unknown_label)
        unknown.addWidget(self.create_button)
        unknown.addWidget(self.link_button)
        unknown.addStretch(1)
        layout.addLayout(unknown)
        buttons = QHBoxLayout()
        self.send_button = QPushButton(self.tr("&Send order"))
        self.send_button.clicked.connect(self.send)
        self.book_button = QPushButton(self.tr("&Book receipt"))
        self.book_button.clicked.connect(self.book)
        self.cancel_order_button = QPushButton(self.tr("Cancel &order"))
        self.cancel_order_button.clicked.connect(self.cancel_order)
        self.cost_button = QPushButton(self.tr("Unit &cost…"))
        self.cost_button.setToolTip(self.tr("Change the selected line's unit cost for this "
                                            "delivery (the supplier's invoice price)"))
        self.cost_button.clicked.connect(self.change_cost)
        self.cost_button.setAutoDefault(False)
        self.print_button = QPushButton(self.tr("&Print PDF"))
        self.print_button.clicked.connect(lambda: self.print_pdf())
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        for button in (self.send_button, self.book_button, self.cost_button,
                       self.cancel_order_button, self.print_button):
            button.setAutoDefault(False)  # Enter in the scan box scans; it never sends or books
            buttons.addWidget(button)
        close.setAutoDefault(False)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.reload()
        self.scan.setFocus()

    def reload(self) -> None:
        order = purchasing.get_order(self.context.actor, self.order_id)
        self.order = order
        status = OrderStatus(order.status)
        self.lines = purchasing.order_lines(self.context.actor, order.id)
        self.setWindowTitle(self.tr("Purchase order {number}").format(number=order.number))
        self.heading.setText(f"{order.number} · {order.supplier.name} · "
                             f"{shown(purchasing.STATUS_LABELS[status])}")
        q = formatting.quantity
        self.model.set_rows([
            (ln.part.sku, ln.part.name, q(ln.quantity), q(ln.received),
             q(ln.quantity - ln.received), self._cost_text(ln.id, ln.unit_cost),
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
        self.cost_button.setVisible(receivable)
        self._show_unknown()
        self.cancel_order_button.setVisible(order.status in purchasing.OPEN)

    def scanned(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if not code:
            return
        try:
            qty = amounts.parse_quantity(self.quantity.text() or "1")
            if self.order.status == OrderStatus.DRAFT:
                part = parts.find_by_code(self.context.actor, code)
                if part is None:
                    self._unknown_code(code)
                    raise ValidationError(f"No part has the code {code}")
                purchasing.add_line(self.context.actor, self.order_id, part.id, qty)
            else:
                line = purchasing.line_for_code(self.context.actor, self.order_id, code)
                if line is None:
                    if parts.find_by_code(self.context.actor, code) is None:
                        self._unknown_code(code)
                    raise ValidationError(f"{code} is not on {self.order.number}")
                now = self.receiving.get(line.id, Decimal(0)) + qty
                if now > line.quantity - line.received:
                    raise ValidationError(
                        f"Only {formatting.quantity(line.quantity - line.received)} of "
                        f"{line.part.sku} still to come on {self.order.number}")
                self.receiving[line.id] = now
        except ShopDeskError as exc:
            show_refusal(self.error, exc)
            return
        self.error.clear()
        self.unknown = ""
        self.quantity.setText("1")
        self.reload()

    def book(self) -> None:
        try:
            with self.context.changing():
                try:
                    result = purchasing.receive(self.context.actor, self.order_id,
                                                self.receiving, self.invoice.text(), self.costs)
                except ValidationError as exc:
                    if exc.fields.get("unit_cost") != "Unusual cost" or \
                            not self.ask_confirm_cost(refusal_text(exc)):
                        raise
                    result = purchasing.receive(self.context.actor, self.order_id,
                                                self.receiving, self.invoice.text(), self.costs,
                                                confirm_cost=True)
        except ShopDeskError as exc:
            show_refusal(self.error, exc)
            return
        self.receiving.clear()
        self.costs.clear()
        self.invoice.clear()
        self.error.clear()
        self.context.status.emit(self.tr("Received {lines} line(s) on {number}").format(
                lines=result.lines, number=self.order.number))
        self.reload()

    # --- unit cost of this delivery ----------------------------------------------------------
    def _cost_text(self, line_id: int, ordered: Decimal) -> str:
        if line_id not in self.costs or self.costs[line_id] == ordered:
            return formatting.money(ordered)
        return self.tr("{cost} (ordered at {ordered})").format(
            cost=formatting.money(self.costs[line_id]), ordered=formatting.money(ordered))

    def ask_unit_cost(self, sku: str, current: Decimal) -> str:
        """The unit cost typed for ``sku`` ("" if the clerk cancelled)."""
        text, ok = QInputDialog.getText(
            self, self.tr("Unit cost"), self.tr("Unit cost of {sku} on this delivery:").format(
                sku=sku), text=f"{current:f}")
        return text.strip() if ok else ""

    def ask_confirm_cost(self, message: str) -> bool:
        """An unusual cost: book it anyway?"""
        answer = QMessageBox.question(self, self.tr("Unusual cost"),
                                      self.tr("{message}\n\nBook the delivery at this cost?")
                                      .format(message=message))
        return answer == QMessageBox.StandardButton.Yes

    def change_cost(self) -> None:
        """Set the selected line's unit cost for this delivery (average cost follows it)."""
        index = self.table.currentIndex()
        if not index.isValid() or self.order.status not in purchasing.RECEIVABLE:
            self.error.setText(self.tr("Select a line first"))
            return
        line = self.lines[index.row()]
        text = self.ask_unit_cost(line.part.sku, self.costs.get(line.id, line.unit_cost))
        if not text:
            return
        try:
            cost = amounts.parse_money(text, "Unit cost")
            stock.check_receipt_cost(self.context.actor, line.part, cost, confirm_cost=True)
        except ShopDeskError as exc:
            show_refusal(self.error, exc)
            return
        self.error.clear()
        self.costs[line.id] = cost
        self.reload()
        self.table.selectRow(index.row())

    # --- a code no part has ---------------------------------------------------------------
    def _unknown_code(self, code: str) -> None:
        self.unknown = code if self.context.can(Permission.MANAGE_STOCK) else ""
        self._show_unknown()

    def _show_unknown(self) -> None:
        for widget in (self.unknown_label, self.create_button, self.link_button):
            widget.setVisible(bool(self.unknown))
        self.unknown_label.setText(self.tr("No part has the code {code}:").format(
            code=self.unknown))

    def ask_link_target(self, code: str) -> str:
        """The SKU of the part ``code`` belongs to ("" to give up); the order's parts are
        offered first."""
        items = [f"{ln.part.sku} — {ln.part.name}" for ln in self.lines]
        text, ok = QInputDialog.getItem(self, self.tr("Link barcode"), self.tr(
            "Part with the code {code} (pick one, or type its SKU):").format(code=code),
            items, 0, True)
        return text.split(" — ")[0].strip() if ok else ""

    def create_part(self) -> Part | None:
        """Make a new part carrying the unknown code; a draft order gets a line for it."""
        from shopdesk.gui.parts.part_dialog import PartDialog

        code = self.unknown
        if not code:
            return None
        dialog = PartDialog(self.context, barcode=code, parent=self)
        self.last_part_dialog = dialog
        if not dialog.exec() or dialog.saved is None:
            return None
        self._after_new_code(code, dialog.saved)
        return dialog.saved

    def link_code(self) -> None:
        """Add the unknown code as a barcode of an existing part, then count the scan."""
        code = self.unknown
        target = (parts.find_by_code(self.context.actor, self.ask_link_target(code) or "\0")
                  if code else None)
        if target is None:
            self.error.setText(self.tr("No such part; the code was not linked"))
            return
        try:
            with self.context.changing():
                parts.add_barcode(self.context.actor, target.id, code)
        except ShopDeskError as exc:
            show_refusal(self.error, exc)
            return
        self._after_new_code(code, target)

    def _after_new_code(self, code: str, part: Part) -> None:
        """The code now finds ``part``: scan it again, so it counts (or says it is not on an
        order that has been sent)."""
        self.unknown = ""
        self.context.status.emit(self.tr("{code} now finds {sku} {name}").format(
            code=code, sku=part.sku, name=part.name))
        self.scan.setText(code)
        self.scanned()

    def send(self) -> None:
        try:
            with self.context.changing():
                purchasing.place_order(self.context.actor, self.order_id)
        except ShopDeskError as exc:
            show_refusal(self.error, exc)
            return
        self.reload()

    def cancel_order(self) -> None:
        try:
            with self.context.changing():
                purchasing.cancel_order(self.context.actor, self.order_id)
        except ShopDeskError as exc:
            show_refusal(self.error, exc)
            return
        self.reload()

    def print_pdf(self, target: str | None = None) -> Path:
        path = Path(target) if target else paths.data_dir() / f"{self.order.number}.pdf"
        render_purchase_order(self.context.actor, self.order_id, path)
        self.context.status.emit(self.tr("{number} saved to {path}").format(
                number=self.order.number, path=path))
        return path
