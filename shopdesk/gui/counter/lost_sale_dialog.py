"""Record a lost sale in two keystrokes: Ctrl+L at the counter opens this dialog prefilled
with what was scanned or typed (or the selected part), Enter saves it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.form_dialog import SAVE, FormDialog
from shopdesk.services.counter import lost_sales
from shopdesk.services.counter.lost_sales import LostReason

if TYPE_CHECKING:
    from shopdesk.services.counter.lost_sales import LostSale
    from shopdesk.services.stock.parts import Part


class LostSaleDialog(FormDialog):
    """Part (or the words the customer used), quantity and reason; Enter saves."""

    def __init__(self, context: AppContext, *, text: str = "", part: Part | None = None,
                 quantity: str = "1", customer_id: int | None = None,
                 reason: LostReason | None = None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Lost sale"), parent, context=context, ok=SAVE)
        self.setObjectName("lostSaleDialog")
        self.part = part
        self.customer_id = customer_id
        self.saved: LostSale | None = None
        self.setMinimumWidth(440)
        form = self.form
        self.part_label = QLabel()
        self.text = QLineEdit("" if part else text)
        self.text.setPlaceholderText(self.tr("What the customer asked for"))
        if part is not None:
            self.part_label.setText(self.tr("{sku} · {name} · {stock} in stock").format(
                sku=part.sku, name=part.name, stock=formatting.quantity(part.on_hand)))
            form.addRow(self.tr("Part"), self.part_label)
        else:
            form.addRow(self.tr("&Asked for"), self.text)
        self.quantity = QLineEdit(quantity)
        self.reason = QComboBox()
        labels = {LostReason.NOT_STOCKED: self.tr("Not stocked"),
                  LostReason.OUT_OF_STOCK: self.tr("Out of stock"),
                  LostReason.PRICE: self.tr("Price")}
        for why, label in labels.items():
            self.reason.addItem(label, why.value)
        # unknown part: not stocked; none on the shelf: out of stock; in stock: the price
        # (unless the caller knows better: a scan refused for want of stock)
        default = reason or (LostReason.NOT_STOCKED if part is None else LostReason.OUT_OF_STOCK
                             if part.on_hand <= 0 else LostReason.PRICE)
        self.reason.setCurrentIndex(self.reason.findData(default.value))
        form.addRow(self.tr("&Quantity"), self.quantity)
        form.addRow(self.tr("&Reason"), self.reason)
        (self.quantity if part is not None or text else self.text).setFocus()
        (self.quantity if part is not None or text else self.text).selectAll()

    def do_save(self) -> LostSale:
        """Record it; a refusal shows in one line and the dialog stays open."""
        return lost_sales.record(
            self.context.actor, part_id=self.part.id if self.part else None,
            text=self.text.text(), quantity=self.quantity.text().strip() or "1",
            reason=self.reason.currentData(), customer_id=self.customer_id)
