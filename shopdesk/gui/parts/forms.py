"""Small helpers the parts dialogs share: combo pickers."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox

from shopdesk.services.access import Actor
from shopdesk.services.shop import settings
from shopdesk.services.stock import suppliers


def supplier_combo(actor: Actor, current: int | None = None, *, blank: str = "(none)") -> QComboBox:
    """Suppliers by name; item data is the supplier id (None for the blank entry)."""
    combo = QComboBox()
    combo.setProperty("shopData", True)  # the shop's suppliers (the language test skips it)
    if blank == "(none)":
        blank = QCoreApplication.translate("PartForms", "(none)")
    if blank:
        combo.addItem(blank, None)
    for row in suppliers.active_suppliers(actor):
        combo.addItem(row.name, row.id)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def tax_combo(actor: Actor, current: str = "STD") -> QComboBox:
    """The shop's tax classes; item data is the code."""
    combo = QComboBox()
    combo.setProperty("shopData", True)
    for rate in sorted(settings.list_tax_rates(actor), key=lambda r: r.code):
        combo.addItem(f"{rate.code} – {rate.name}", rate.code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo
