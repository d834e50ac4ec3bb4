"""The appointment calendar as a small table model: rows are half-hour slots of the working
day, columns are bays or technicians (day view) or the days of the week (week view)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from shopdesk import formatting

if TYPE_CHECKING:
    from shopdesk.services.workshop.appointments import Appointment

_Index = QModelIndex | QPersistentModelIndex
DAY_START, DAY_END, SLOT_MINUTES = 8, 18, 30


@cache
def colours() -> dict[str, str]:
    """The background of an appointment by its status (the appointments service is imported
    when the calendar first shows one, not on the way to the front desk's first paint)."""
    from shopdesk.services.workshop.appointments import AppointmentStatus as Status

    return {Status.BOOKED: "#e3eefc", Status.CONFIRMED: "#dff3e4", Status.CHECKED_IN: "#eeeeee",
            Status.NO_SHOW: "#fde2e1", Status.CANCELLED: "#f6f6f6"}


def slots() -> list[dt.time]:
    """The half-hour slots of the working day."""
    count = (DAY_END - DAY_START) * 60 // SLOT_MINUTES
    return [(dt.datetime(2000, 1, 1, DAY_START) + dt.timedelta(minutes=SLOT_MINUTES * i)).time()
            for i in range(count)]


def label(appointment: Appointment) -> str:
    """What a calendar cell shows."""
    car = appointment.vehicle.plate if appointment.vehicle_id else ""
    text = f"{appointment.customer.display_name} {car}".strip()
    return f"{text} — {appointment.what}" if appointment.what else text


class CalendarModel(QAbstractTableModel):
    """``set_day(day, columns, key)``: columns by bay or technician; ``set_week(monday)``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._slots = slots()
        self._columns: list[str] = []
        self._cells: dict[tuple[int, int], Appointment] = {}

    def _slot_of(self, when: dt.datetime) -> int | None:
        minutes = (when.hour - DAY_START) * 60 + when.minute
        index = minutes // SLOT_MINUTES
        return index if 0 <= index < len(self._slots) else None

    def set_day(self, rows: list[Appointment], columns: list[str], by: str = "bay") -> None:
        """One day: a column per bay (or technician name), ``rows`` placed by start and
        length (an appointment fills every slot it lasts)."""
        self.beginResetModel()
        self._columns = [*list(columns), "(unassigned)"]
        self._cells = {}
        for appt in rows:
            key = appt.bay if by == "bay" else (appt.technician.label if appt.technician_id
                                                else "")
            col = self._columns.index(key) if key in self._columns else len(self._columns) - 1
            self._place(appt, col)
        self.endResetModel()

    def set_week(self, rows: list[Appointment], monday: dt.date) -> None:
        """Monday to Saturday, a column per day."""
        self.beginResetModel()
        days = [monday + dt.timedelta(days=i) for i in range(6)]
        self._columns = [formatting.day(d) for d in days]
        self._cells = {}
        for appt in rows:
            offset = (appt.starts_at.date() - monday).days
            if 0 <= offset < 6:
                self._place(appt, offset)
        self.endResetModel()

    def _place(self, appt: Appointment, col: int) -> None:
        first = self._slot_of(appt.starts_at)
        if first is None:
            return
        count = max(1, -(-appt.minutes // SLOT_MINUTES))
        for row in range(first, min(first + count, len(self._slots))):
            self._cells.setdefault((row, col), appt)

    def appointment_at(self, row: int, column: int) -> Appointment | None:
        return self._cells.get((row, column))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._slots)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        appt = self._cells.get((index.row(), index.column()))
        if appt is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            first = self._slot_of(appt.starts_at)
            return label(appt) if first == index.row() else "⋮"
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(colours().get(appt.status, "#ffffff")))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{appt.starts_at:%H:%M}, {appt.minutes} min: {label(appt)}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section]
        return self._slots[section].strftime("%H:%M")
