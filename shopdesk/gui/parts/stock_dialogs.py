"""Adjust stock (with a reason) and print barcode labels for the chosen parts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting, paths
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.parts.forms import error_label, show_error
from shopdesk.models.parts import MovementKind, Part
from shopdesk.printing.labels import LAYOUTS, label_for, render_labels
from shopdesk.services import stock

REASONS = ["Damaged", "Found", "Lost or stolen", "Used in the shop", "Correction"]


class AdjustDialog(QDialog):
    """Add or remove stock of one part with a reason; booked as an adjustment movement."""

    def __init__(self, context: AppContext, part: Part, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.part = context, part
        self.setWindowTitle(f"Adjust stock of {part.sku}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{part.name}: {formatting.quantity(part.on_hand)} {part.unit} "
                                "on hand"))
        form = QFormLayout()
        self.quantity = QLineEdit()
        self.quantity.setPlaceholderText("e.g. -2 to remove two, 3 to add three")
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(REASONS)
        self.reason.setCurrentText("")
        form.addRow("&Change by", self.quantity)
        form.addRow("&Reason", self.reason)
        layout.addLayout(form)
        self.error = error_label(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            stock.record_movement(self.context.actor, self.part.id, MovementKind.ADJUSTMENT,
                                  self.quantity.text(), reason=self.reason.currentText())
        except ShopDeskError as exc:
            show_error(self.error, str(exc))
            return
        self.context.notify("parts")
        self.accept()


class LabelsDialog(QDialog):
    """Choose layout and copies, then write the label PDF."""

    def __init__(self, context: AppContext, part_ids: list[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.part_ids = context, part_ids
        self.written: Path | None = None
        self.setWindowTitle("Print labels")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.layout_combo = QComboBox()
        for key, spec in LAYOUTS.items():
            self.layout_combo.addItem(spec.name, key)
        self.copies = QSpinBox()
        self.copies.setRange(1, 500)
        self.skip = QSpinBox()
        self.skip.setRange(0, 23)
        self.skip.setToolTip("Labels already used on the first sheet")
        self.target = QLineEdit(str(paths.data_dir() / "labels.pdf"))
        form.addRow(f"{len(part_ids)} part(s)", QLabel(""))
        form.addRow("&Layout", self.layout_combo)
        form.addRow("&Copies of each", self.copies)
        form.addRow("&Skip used labels", self.skip)
        form.addRow("Save &to", self.target)
        layout.addLayout(form)
        self.error = error_label(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        browse = buttons.addButton("&Browse…", QDialogButtonBox.ButtonRole.ActionRole)
        browse.clicked.connect(self._browse)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save labels", self.target.text(),
                                              "PDF (*.pdf)")
        if name:
            self.target.setText(name)

    def save(self) -> None:
        try:
            labels = [label_for(pid) for pid in self.part_ids
                      for _ in range(self.copies.value())]
            target = Path(self.target.text().strip())
            render_labels(labels, self.layout_combo.currentData(), target,
                          skip=self.skip.value())
        except (ShopDeskError, OSError) as exc:
            show_error(self.error, str(exc))
            return
        self.written = target
        self.context.status.emit(f"{len(labels)} label(s) saved to {target}")
        self.accept()
