"""Add or edit a supplier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.form_dialog import SAVE, FormDialog
from shopdesk.services.stock import suppliers

if TYPE_CHECKING:
    from shopdesk.services.stock.suppliers import Supplier


class SupplierDialog(FormDialog):
    """Contact details, account number, lead time and terms of one supplier."""

    def __init__(self, context: AppContext, supplier: Supplier | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(supplier.name if supplier else self.tr("New supplier"), parent,
                         context=context, ok=SAVE)
        self.supplier = supplier
        self.saved: Supplier | None = None
        self.setMinimumWidth(420)
        form = self.form
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

    def do_save(self) -> Supplier:
        values = {k: e.text() for k, e in self.edits.items()}
        values["address"] = self.address.toPlainText()
        if self.supplier is None:
            return suppliers.create_supplier(self.context.actor, **values)
        return suppliers.update_supplier(self.context.actor, self.supplier.id,
                                         self.supplier.version, **values)
