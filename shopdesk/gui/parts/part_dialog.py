"""Add or edit a part: identity, prices, stock rules, supplier, barcodes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.context import AppContext
from shopdesk.gui.parts.forms import supplier_combo, tax_combo
from shopdesk.gui.widgets.form_dialog import SAVE, FormDialog
from shopdesk.services import amounts
from shopdesk.services.access import Permission
from shopdesk.services.counter import cores, warranty
from shopdesk.services.stock import parts

if TYPE_CHECKING:
    from shopdesk.services.stock.parts import Part


class PartDialog(FormDialog):
    """New part (``part`` None, optionally with a scanned ``barcode``) or edit one."""

    def __init__(self, context: AppContext, part: Part | None = None, *, barcode: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Part {sku}").format(sku=part.sku) if part else self.tr(
                "New part"), parent, context=context, ok=SAVE)
        self.part = part
        self.saved: Part | None = None
        form = self.form
        self.sku = QLineEdit(part.sku if part else "")
        self.name = QLineEdit(part.name if part else "")
        self.brand = QLineEdit(part.brand if part else "")
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(parts.distinct_values(self.context.actor, "category"))
        self.category.setCurrentText(part.category if part else "")
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(parts.UNITS)
        self.unit.setCurrentText(part.unit if part else "piece")
        plain = lambda v: formatting.money(v, symbol=False).replace(",", "")  # noqa: E731
        self.cost = QLineEdit(plain(part.cost) if part and part.cost is not None else "")
        self.retail = QLineEdit(plain(part.retail_price) if part else "")
        self.trade = QLineEdit(plain(part.trade_price) if part else "")
        self.tax = tax_combo(self.context.actor, part.tax_code if part else "STD")
        self.bin = QLineEdit(part.bin_location if part else "")
        self.reorder_point = QLineEdit(f"{part.reorder_point.normalize():f}" if part else "0")
        self.reorder_qty = QLineEdit(f"{part.reorder_qty.normalize():f}" if part else "0")
        self.supplier = supplier_combo(self.context.actor, part.supplier_id if part else None)
        self.barcodes = QLineEdit(", ".join(parts.barcodes_of(self.context.actor, part.id))
                                  if part else barcode)
        self.barcodes.setPlaceholderText(self.tr("Scan the box; several codes separated by commas"))
        for label, widget in [(self.tr("&SKU"), self.sku), (self.tr("&Name"), self.name),
                (self.tr("&Brand"), self.brand),
                              (self.tr("&Category"), self.category), (self.tr("&Unit"), self.unit),
                              (self.tr("Avera&ge cost"), self.cost), (self.tr("&Retail price"),
                                      self.retail),
                              (self.tr("&Trade price"), self.trade), (self.tr("Ta&x class"),
                                      self.tax),
                              (self.tr("B&in"), self.bin), (self.tr("Reorder &at"),
                                      self.reorder_point),
                              (self.tr("Reorder &quantity"), self.reorder_qty),
                              (self.tr("Su&pplier"), self.supplier), (self.tr("Barc&odes"),
                                      self.barcodes)]:
            form.addRow(label, widget)
        prices = context.can(Permission.CHANGE_PRICES)
        for widget in (self.cost, self.retail, self.trade):
            widget.setReadOnly(not prices)
            widget.setPlaceholderText("0.00")
        self.cost.setReadOnly(not prices or part is not None)  # moved by receipts
        self.cost.setToolTip(self.tr("Set once; receipts move it as a moving average"))
        form.setRowVisible(self.cost, context.can(Permission.SEE_COSTS))
        self._counter_rows(form, prices)
        (self.name if part or barcode else self.sku).setFocus()

    def values(self) -> dict[str, object]:
        """What the form says, as the parts service takes it."""
        values: dict[str, object] = {
            "sku": self.sku.text(), "name": self.name.text(), "brand": self.brand.text(),
            "category": self.category.currentText(), "unit": self.unit.currentText(),
            "tax_code": self.tax.currentData() or "STD", "bin_location": self.bin.text(),
            "reorder_point": self.reorder_point.text() or "0",
            "reorder_qty": self.reorder_qty.text() or "0",
            "supplier": self.supplier.currentData(),
        }
        if self.context.can(Permission.CHANGE_PRICES):
            values |= {"retail_price": self.retail.text() or "0",
                       "trade_price": self.trade.text() or "0"}
            if self.part is None:
                values["cost"] = self.cost.text() or "0"
        return values

    def _counter_rows(self, form: QFormLayout, prices: bool) -> None:
        """Core deposit (batteries, alternators…) and the warranty the part is sold with."""
        actor = self.context.actor
        terms = warranty.part_terms(actor, self.part.id) if self.part else warranty.Terms()
        deposit = cores.deposit_of(actor, self.part.id) if self.part else 0
        self.core_deposit = QLineEdit(formatting.money(deposit, symbol=False).replace(",", "")
                                      if deposit else "")
        self.core_deposit.setPlaceholderText(self.tr("none"))
        self.core_deposit.setToolTip(self.tr("Charged as its own line with each one sold; "
                                             "refunded when the old unit comes back"))
        self.core_deposit.setReadOnly(not prices)
        self.warranty_months = QLineEdit(str(terms.months or ""))
        self.warranty_km = QLineEdit(str(terms.km or ""))
        for edit in (self.warranty_months, self.warranty_km):
            edit.setPlaceholderText(self.tr("no limit"))
        form.addRow(self.tr("Core d&eposit"), self.core_deposit)
        form.addRow(self.tr("&Warranty months"), self.warranty_months)
        form.addRow(self.tr("Warranty k&m"), self.warranty_km)

    def do_save(self) -> Part:
        actor = self.context.actor
        codes = [c.strip() for c in self.barcodes.text().split(",") if c.strip()]
        terms = warranty.parse_terms(self.warranty_months.text(), self.warranty_km.text())
        prices = self.context.can(Permission.CHANGE_PRICES)
        if prices and self.core_deposit.text().strip():
            amounts.parse_money(self.core_deposit.text().strip(), "Core deposit")
        if self.part is None:
            self.saved = parts.create_part(actor, barcodes=codes, **self.values())
        else:
            self.saved = parts.update_part(actor, self.part.id, self.part.version,
                                           **self.values())
            for code in codes:
                if code not in parts.barcodes_of(actor, self.part.id):
                    parts.add_barcode(actor, self.part.id, code)
        if prices:
            cores.set_deposit(actor, self.saved.id, self.core_deposit.text())
        warranty.set_part(actor, self.saved.id, terms)
        return self.saved
