"""Adjust stock, return to supplier, reprice in bulk, and print labels for chosen parts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from shopdesk import formatting, paths
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.parts.forms import supplier_combo
from shopdesk.gui.widgets.form_dialog import SAVE, FormDialog
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.printing.labels import LAYOUTS, label_for, render_labels
from shopdesk.services.stock import parts, purchasing, stock
from shopdesk.services.stock.stock import MovementKind

if TYPE_CHECKING:
    from shopdesk.services.stock.parts import Part

REASONS = [QT_TRANSLATE_NOOP("AdjustDialog", "Damaged"), QT_TRANSLATE_NOOP("AdjustDialog", "Found"),
           QT_TRANSLATE_NOOP("AdjustDialog", "Lost or stolen"),
           QT_TRANSLATE_NOOP("AdjustDialog", "Used in the shop"),
           QT_TRANSLATE_NOOP("AdjustDialog", "Correction")]


class AdjustDialog(FormDialog):
    """Add or remove stock of one part with a reason; booked as an adjustment movement."""

    def __init__(self, context: AppContext, part: Part, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Adjust stock of {sku}").format(sku=part.sku), parent,
                         context=context, intro=self.tr("{name}: {quantity} {unit} on hand")
                         .format(name=part.name, quantity=formatting.quantity(part.on_hand),
                                 unit=part.unit))
        self.setMinimumWidth(0)
        self.part = part
        form = self.form
        self.quantity = QLineEdit()
        self.quantity.setPlaceholderText(self.tr("e.g. -2 to remove two, 3 to add three"))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([self.tr(r) for r in REASONS])
        self.reason.setCurrentText("")
        form.addRow(self.tr("&Change by"), self.quantity)
        form.addRow(self.tr("&Reason"), self.reason)

    def do_save(self) -> object:
        return stock.record_movement(self.context.actor, self.part.id, MovementKind.ADJUSTMENT,
                                     self.quantity.text(), reason=self.reason.currentText())


class LabelsDialog(FormDialog):
    """Choose layout and copies, then write the label PDF."""

    def __init__(self, context: AppContext, part_ids: list[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Print labels"), parent, context=context, ok=SAVE)
        self.setMinimumWidth(0)
        self.part_ids = part_ids
        self.written: Path | None = None
        form = self.form
        self.layout_combo = QComboBox()
        for key, spec in LAYOUTS.items():
            self.layout_combo.addItem(QCoreApplication.translate("Printing", spec.name), key)
        self.copies = QSpinBox()
        self.copies.setRange(1, 500)
        self.skip = QSpinBox()
        self.skip.setRange(0, 23)
        self.skip.setToolTip(self.tr("Labels already used on the first sheet"))
        self.target = QLineEdit(str(paths.data_dir() / "labels.pdf"))
        form.addRow(self.tr("{count} part(s)").format(count=len(part_ids)), QLabel(""))
        form.addRow(self.tr("&Layout"), self.layout_combo)
        form.addRow(self.tr("&Copies of each"), self.copies)
        form.addRow(self.tr("&Skip used labels"), self.skip)
        form.addRow(self.tr("Save &to"), self.target)
        browse = self.buttons.addButton(self.tr("&Browse…"),
                                        QDialogButtonBox.ButtonRole.ActionRole)
        browse.clicked.connect(self._browse)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save labels"), self.target.text(),
                                              self.tr("PDF (*.pdf)"))
        if name:
            self.target.setText(name)

    def do_save(self) -> Path:
        labels = [label_for(self.context.actor, pid) for pid in self.part_ids
                  for _ in range(self.copies.value())]
        target = Path(self.target.text().strip())
        try:
            render_labels(labels, self.layout_combo.currentData(), target,
                          skip=self.skip.value())
        except OSError as exc:  # (a folder that is not there, a file open elsewhere)
            raise ShopDeskError(QT_TRANSLATE_NOOP(
                "Errors", "The labels could not be saved to {target} ({reason}): choose another "
                          "folder or close the file where it is open"),
                target=str(target), reason=exc.strerror or type(exc).__name__) from exc
        self.written = target
        self.context.status.emit(self.tr("{count} label(s) saved to {target}").format(
                count=len(labels), target=target))
        return target


class ReturnDialog(FormDialog):
    """Send parts back to a supplier (faulty, wrong part); stock goes down at average cost."""

    def __init__(self, context: AppContext, part: Part, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Return {sku} to supplier").format(sku=part.sku), parent,
                         context=context, intro=self.tr("{name}: {quantity} {unit} on hand")
                         .format(name=part.name, quantity=formatting.quantity(part.on_hand),
                                 unit=part.unit))
        self.setMinimumWidth(0)
        self.part = part
        form = self.form
        self.supplier = supplier_combo(self.context.actor, part.supplier_id, blank="")
        self.quantity = QLineEdit("1")
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([self.tr("Faulty"), self.tr("Wrong part delivered"),
                self.tr("Ordered by mistake")])
        self.reason.setCurrentText("")
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("Supplier's return (RMA) number"))
        form.addRow(self.tr("&Supplier"), self.supplier)
        form.addRow(self.tr("&Quantity"), self.quantity)
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.tr("R&eference"), self.reference)

    def do_save(self) -> object:
        if self.supplier.currentData() is None:
            raise ShopDeskError(self.tr("Choose the supplier the parts go back to"))
        return purchasing.return_to_supplier(self.context.actor, self.part.id,
                                             self.quantity.text(), self.supplier.currentData(),
                                             self.reason.currentText(), self.reference.text())


class RepriceDialog(FormDialog):
    """Owner: raise or lower the prices of a brand and/or category by a percentage."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change prices"), parent, context=context)
        self.setMinimumWidth(0)
        self.changed = 0
        form = self.form
        self.brand = QComboBox()
        self.brand.addItem(self.tr("Any brand"), "")
        for name in parts.distinct_values(self.context.actor, "brand"):
            self.brand.addItem(name, name)
        self.category = QComboBox()
        self.category.addItem(self.tr("Any category"), "")
        for name in parts.distinct_values(self.context.actor, "category"):
            self.category.addItem(name, name)
        self.percent = QLineEdit()
        self.percent.setPlaceholderText(self.tr("e.g. 5 to raise 5%, -3 to lower 3%"))
        self.which = QComboBox()
        self.which.addItem(self.tr("Retail price"), ("retail_price",))
        self.which.addItem(self.tr("Trade price"), ("trade_price",))
        self.which.addItem(self.tr("Retail and trade"), ("retail_price", "trade_price"))
        form.addRow(self.tr("&Brand"), self.brand)
        form.addRow(self.tr("&Category"), self.category)
        form.addRow(self.tr("Change by (&%)"), self.percent)
        form.addRow(self.tr("&Prices"), self.which)

    def do_save(self) -> int:
        self.changed = parts.bulk_price_update(
            self.context.actor, self.percent.text(), brand=self.brand.currentData(),
            category=self.category.currentData(), fields=self.which.currentData())
        self.context.status.emit(self.tr("{changed} part(s) repriced").format(
                changed=self.changed))
        return self.changed
