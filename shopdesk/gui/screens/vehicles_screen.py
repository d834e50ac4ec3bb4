"""The Vehicles screen: every vehicle with its owner; type a plate or VIN fragment to filter."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from shopdesk.gui.context import AppContext
from shopdesk.gui.customers.lazy_list import LazyList
from shopdesk.gui.widgets.empty_state import show_when_empty
from shopdesk.gui.widgets.export_list import ListExport
from shopdesk.services.changes import Changes
from shopdesk.services.crm import customer_lists, vehicles


class VehiclesScreen(QWidget):
    """Enter on a vehicle opens its owner's file on the Customers screen."""

    def __init__(self, context: AppContext, open_owner=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.open_owner = open_owner
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText(self.tr(
                "Plate or VIN (any part; spaces and dashes ignored)"))
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.textChanged.connect(self.refresh)
        self.find_edit.returnPressed.connect(  # the owner of the vehicle found (the first)
            lambda: self._open(self.list.current_key()))
        bar.addWidget(self.find_edit, 1)
        self.archived = QCheckBox(self.tr("Archived"))
        self.archived.toggled.connect(self.refresh)
        bar.addWidget(self.archived)
        layout.addLayout(bar)
        self.count_label = QLabel()
        self.count_label.setObjectName("hintLabel")
        layout.addWidget(self.count_label)
        self.list = LazyList(customer_lists.vehicles(context.actor))
        self.list.opened.connect(self._open)
        show_when_empty(self.list, self._empty_message)
        layout.addWidget(self.list, 1)
        self.exporter = ListExport(self.list, self.tr("Vehicles"), self, context)
        bar.addWidget(self.exporter.button)
        context.on_change(self, Changes.VEHICLES | Changes.CUSTOMERS, self.refresh)  # (owners)
        self.refresh()

    def refresh(self) -> None:
        self.list.set_source(customer_lists.vehicles(self.context.actor, self.find_edit.text(),
                                                     self.archived.isChecked()))
        count = self.list.lazy.rowCount()
        if count == 0 and not self.find_edit.text().strip() and not self.archived.isChecked():
            self.count_label.setText(self.tr(
                "No vehicles yet: a car is added with its owner at check-in (Customers "
                "\u2192 New check-in, Ctrl+N) or on the owner's Vehicles tab."))
        else:
            self.count_label.setText(self.tr("{rowCount:,} vehicles").format(rowCount=count))
        self.count_label.setVisible(count > 0)  # empty: the list itself says what to do
        self.list.empty_overlay.update_state()

    def _empty_message(self) -> tuple[str, str]:
        text = self.find_edit.text().strip()
        if text:
            return (self.tr("No vehicle matches “{text}”").format(text=text), self.tr(
                "Plates are found without spaces or dashes; a VIN by any part of it."))
        if self.archived.isChecked():
            return (self.tr("No archived vehicles"), self.tr("Untick Archived to see the rest."))
        return (self.tr("No vehicles yet"), self.tr(
            "A car is added with its owner at check-in (Customers → New check-in, Ctrl+N) or "
            "on the owner's Vehicles tab."))

    def _open(self, vehicle_id: object) -> None:
        if vehicle_id is None:
            return
        owner = vehicles.get(self.context.actor, int(vehicle_id)).customer_id
        window = self.window()
        screen = getattr(window, "show_screen", None)
        if callable(screen):
            target = screen("customers")
            if target is not None and hasattr(target, "open_customer"):
                target.open_customer(owner)

    def search(self, text: str) -> None:
        self.find_edit.setText(text)

    def activate(self) -> None:
        self.find_edit.setFocus()


def build(context: AppContext) -> QWidget:
    return VehiclesScreen(context)
