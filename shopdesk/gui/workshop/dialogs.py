"""Booking, check-in and walk-in dialogs (form dialogs). Opened with ``open()`` (never
blocking); Save runs the service and a refusal stays in the dialog in one line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.form_dialog import FormDialog
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.services.crm import vehicles
from shopdesk.services.shop import users
from shopdesk.services.workshop import appointments, repair_orders


class BookDialog(FormDialog):
    """Book an appointment: by plate (or for a given vehicle / customer), when, how long,
    bay, technician, what for. Booked from a service due (``package_id``), check-in puts
    that maintenance package on the repair order."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 vehicle_id: int | None = None, customer_id: int | None = None,
                 reminder_id: int | None = None, what: str = "",
                 when: dt.datetime | None = None, package_id: int | None = None) -> None:
        super().__init__(QCoreApplication.translate("BookDialog", "Book an appointment"),
                         parent, context=context,
                         ok_text=QCoreApplication.translate("BookDialog", "&Book"))
        self.context = context
        self.vehicle_id, self.customer_id, self.reminder_id = vehicle_id, customer_id, reminder_id
        self.package_id = package_id
        self.plate = QLineEdit()
        if vehicle_id is not None:
            self.plate.setText(vehicles.get(context.actor, vehicle_id).plate)
        self.starts = QDateTimeEdit()
        self.starts.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.starts.setCalendarPopup(True)
        start = when or dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(9))
        self.starts.setDateTime(QDateTime(start))
        self.minutes = QSpinBox()
        self.minutes.setRange(15, 8 * 60)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(60)
        self.minutes.setSuffix(self.tr(" min"))
        self.bay = QComboBox()
        self.bay.addItem(self.tr("(any bay)"), "")
        for bay in repair_orders.bays(self.context.actor):
            self.bay.addItem(bay, bay)
        self.technician = QComboBox()
        self.technician.addItem(self.tr("(anyone)"), None)
        for technician in users.technicians(self.context.actor):
            self.technician.addItem(technician.name, technician.id)
        self.what = QLineEdit(what)
        self.what.setPlaceholderText(self.tr("What for, in the customer's words"))
        for text, widget in ((self.tr("&Plate"), self.plate), (self.tr("&When"), self.starts),
                             (self.tr("&Length"), self.minutes), (self.tr("B&ay"), self.bay),
                             (self.tr("&Technician"), self.technician), (self.tr("W&hat for"),
                                     self.what)):
            self.form.addRow(text, widget)

    def do_save(self) -> object:
        vehicle_id = self.vehicle_id
        customer_id = self.customer_id
        if vehicle_id is None and self.plate.text().strip():
            vehicle_id = vehicles.by_plate(self.context.actor, self.plate.text()).id
        if vehicle_id is not None:
            customer_id = vehicles.get(self.context.actor, vehicle_id).customer_id
        if customer_id is None:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Type the plate of the car to book"),
                                  {"plate": QT_TRANSLATE_NOOP("Errors", "Needed")})
        starts = self.starts.dateTime().toPython().replace(second=0, microsecond=0)
        row = appointments.book(self.context.actor, customer_id, starts, vehicle_id=vehicle_id,
                                minutes=self.minutes.value(), bay=self.bay.currentData(),
                                technician_id=self.technician.currentData(),
                                what=self.what.text(), reminder_id=self.reminder_id,
                                package_id=self.package_id if vehicle_id == self.vehicle_id
                                else None)
        return row


class CheckInDialog(FormDialog):
    """The car arrived: odometer, concerns; opens the repair order (from an appointment, or
    a walk-in by plate). ``refusals``: what check-in could not do (a booked package)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 appointment_id: int | None = None) -> None:
        super().__init__(QCoreApplication.translate("CheckInDialog", "Check in"), parent,
                         context=context,
                         ok_text=QCoreApplication.translate("CheckInDialog", "&Check in"))
        self.refusals: list[ShopDeskError] = []
        self.context = context
        self.appointment_id = appointment_id
        self.plate = QLineEdit()
        concerns = ""
        if appointment_id is not None:
            appt = appointments.get(self.context.actor, appointment_id)
            self.plate.setText(appt.vehicle.plate if appt.vehicle_id else "")
            self.plate.setReadOnly(True)
            concerns = appt.what
        self.odometer = QLineEdit()
        self.odometer.setPlaceholderText(self.tr("km on the dashboard"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Only if lower than last time"))
        self.concerns = QLineEdit(concerns)
        self.concerns.setPlaceholderText(self.tr("The customer's concerns, in their words"))
        for text, widget in ((self.tr("&Plate"), self.plate), (self.tr("&Odometer"), self.odometer),
                             (self.tr("Reason if &lower"), self.reason), (self.tr("Co&ncerns"),
                                     self.concerns)):
            self.form.addRow(text, widget)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.form.addRow("", self.hint)
        self.plate.editingFinished.connect(self._show_last)
        self._show_last()
        (self.odometer if appointment_id is not None else self.plate).setFocus()

    def _show_last(self) -> None:
        try:
            vehicle = vehicles.by_plate(self.context.actor, self.plate.text())
        except ShopDeskError:
            self.hint.clear()
            return
        last = vehicles.last_reading(self.context.actor, vehicle.id)
        car = f"{vehicle.make} {vehicle.model}".strip()
        self.hint.setText(self.tr("{car}, {customer}; last reading {km} km on {date}").format(
            car=car, customer=vehicle.customer.display_name, km=formatting.number(last.reading),
            date=formatting.date(last.read_on)) if last else self.tr("{car}, {customer}").format(
            car=car, customer=vehicle.customer.display_name))

    def do_save(self) -> object:
        odometer = vehicles.parse_odometer(self.odometer.text())
        if self.appointment_id is not None:
            self.refusals = []
            order = appointments.check_in(self.context.actor, self.appointment_id,
                                          odometer=odometer, concerns=self.concerns.text(),
                                          odometer_reason=self.reason.text(),
                                          refusals=self.refusals)
        else:
            vehicle = vehicles.by_plate(self.context.actor, self.plate.text())
            order = repair_orders.open_order(self.context.actor, vehicle.id, odometer=odometer,
                                             concerns=self.concerns.text(),
                                             odometer_reason=self.reason.text())
        return order


def open_dialog(dialog: FormDialog, done: Callable[[object], None]) -> FormDialog:
    """Show a dialog without blocking; ``done(result)`` after a successful save."""
    dialog.accepted.connect(lambda: done(dialog.saved))
    dialog.open()
    return dialog



