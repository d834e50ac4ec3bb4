"""A vehicle's history in the customer file: its odometer readings (date, km, source, who)
and its owners over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.widgets.rows_model import RowsModel, read_only_table
from shopdesk.services.access import Actor
from shopdesk.services.crm import vehicle_history

if TYPE_CHECKING:
    from shopdesk.services.crm.vehicles import Vehicle


class VehicleHistoryDialog(QDialog):
    """Odometer readings (newest first) above the owners (oldest first)."""

    def __init__(self, actor: Actor, vehicle: Vehicle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("vehicleHistory")
        name = " ".join(str(x) for x in (vehicle.make, vehicle.model, vehicle.year or "") if x)
        self.setWindowTitle(self.tr("History of {vehicle}").format(
            vehicle=vehicle.plate or vehicle.vin))
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{vehicle.plate or vehicle.vin}</b>  {name}")
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        layout.addWidget(QLabel(self.tr("<b>Odometer readings</b>")))
        self.readings = RowsModel([self.tr("Date"), self.tr("Km"), self.tr("Source"),
                                   self.tr("Recorded by"), self.tr("Reason (lower reading)")],
                                  self)
        rows = vehicle_history.odometer_history(self.actor, vehicle.id)
        self.readings.set_rows([
            (formatting.date(r.read_on), formatting.number(r.km),
             self.tr("Check-in {number}").format(number=r.source.split(" ", 1)[1])
             if r.source.startswith("Check-in ") else self.tr("Typed in"), r.who, r.reason)
            for r in rows])
        self.readings_view = read_only_table(self.readings)
        layout.addWidget(self.readings_view, 3)
        if not rows:
            layout.addWidget(QLabel(self.tr("No readings yet: they are taken at check-in or "
                                            "with Odometer….")))
        layout.addWidget(QLabel(self.tr("<b>Owners</b>")))
        self.owners = RowsModel([self.tr("Owner"), self.tr("From"), self.tr("Until"),
                                 self.tr("Note")], self)
        self.owners.set_rows([
            (o.owner, formatting.date(o.since),
             formatting.date(o.until) if o.until else self.tr("now"), o.note)
            for o in vehicle_history.owners(self.actor, vehicle.id)])
        layout.addWidget(read_only_table(self.owners), 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
