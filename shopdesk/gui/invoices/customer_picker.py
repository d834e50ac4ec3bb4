"""Pick the customer for a sale: type a name, phone or plate, Enter picks the first match."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from shopdesk.gui.widgets.list_keys import open_on_enter
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.services.access import Actor
from shopdesk.services.crm import search


class CustomerPicker(QDialog):
    """``customer_id`` and ``customer_name`` are set when the dialog is accepted."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(self.tr("Pick a customer"))
        self.resize(560, 420)
        self.customer_id: int | None = None
        self.customer_name = ""
        self._matches: list[search.Match] = []
        layout = QVBoxLayout(self)
        self.box = QLineEdit()
        self.box.setPlaceholderText(self.tr("Name, phone, plate or VIN"))
        layout.addWidget(self.box)
        self.model = RowsModel([self.tr("Customer"), self.tr("Phone"), self.tr("City"),
                self.tr("Vehicle")], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        self.hint = QLabel(self.tr("Enter picks the highlighted customer."))
        layout.addWidget(self.hint)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.box.textChanged.connect(self._timer.start)
        self.box.returnPressed.connect(self.pick)
        open_on_enter(self.table, lambda _index: self.pick())

    def refresh(self) -> None:
        """Search now (the box waits 150 ms after the last key)."""
        text = self.box.text().strip()
        self._matches = search.find(self.actor, text, limit=30) if text else []
        self.model.set_rows([(m.name, m.phone, m.city, m.vehicle) for m in self._matches])
        if self._matches:
            self.table.selectRow(0)

    def pick(self) -> None:
        """Take the highlighted match (searching first if the timer has not fired)."""
        if self._timer.isActive():
            self._timer.stop()
            self.refresh()
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        if not self._matches:
            return
        match = self._matches[row]
        self.customer_id, self.customer_name = match.customer_id, match.name
        self.accept()
