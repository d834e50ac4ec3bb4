"""Add or edit a supplier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.parts.forms import error_label, show_error
from shopdesk.services.stock import suppliers

if TYPE_CHECKING:
    from shopdesk.services.stock.suppliers import Supplier


class SupplierDialog(QDialog):
    """Contact details, account number, lead time and terms of one supplier."""

    def __init__(self, context: AppContext, supplier: Supplier | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.supplier = context, supplier
        self.saved: Supplier | None = None
        self.setWindowTitle(supplier.name if supplier else self.tr("New supplier"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        get = lambda name, default="": str(getattr(supplier, name)) if supplier else default  # noqa: E731
        self.edits = {name: QLineEdit(get(name)) for name in (
            "name", "contact_name", "phone", "email", "account_number", "terms")}
        self.edits["lead_time_days"] = QLineEdit(get("lead_time_days", "2"))
        self.address = QPlainTextEdit(get("address"))
        self.address.setFixedHeight(64)
        for label, key in [(self.tr("&Name"), "name"), (self.tr("&Contact"), "contact_name"),
                (self.tr("&Phone"), "phone"),
                           (self.tr("&Email"), "email"), (self.tr("&Account no."),
                                   "account_number"),
                           (self.tr("&Lead time (days)"), "lead_time_days"), (self.tr("&Terms"),
                                   "terms")]:
            form.addRow(label, self.edits[key])
        form.addRow(self.tr("Add&ress"), self.address)
        layout.addLayout(form)
        self.error = error_label(self)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        values = {k: e.text() for k, e in self.edits.items()}
        values["address"] = self.address.toPlainText()
        try:
            if self.supplier is None:
                self.saved = suppliers.create_supplier(self.context.actor, **values)
            else:
                self.saved = suppliers.update_supplier(self.context.actor, self.supplier.id,
                                                       self.supplier.version, **values)
        except ShopDeskError as exc:
            show_error(self.error, str(exc))
            return
        self.context.notify("purchasing")
        self.accept()
