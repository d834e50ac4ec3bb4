"""A vehicle's fields; the VIN is checked and decoded as soon as it is typed or scanned."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from shopdesk.errors import translate_text
from shopdesk.gui.i18n import label
from shopdesk.gui.widgets.form_rows import FormRows
from shopdesk.services.crm import fuel
from shopdesk.services.crm.vehicles import MAX_ODOMETER, VehicleInput
from shopdesk.services.crm.vin import check_vin


class VehicleForm(QWidget):
    """Plate, VIN (decoded into make and year), make, model, year, engine, fuel, colour."""

    def __init__(self, with_odometer: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rows = FormRows(form)
        self.plate = self.rows.add("plate", self.tr("Pl&ate"), QLineEdit())
        self.vin = self.rows.add("vin", self.tr("&VIN"), QLineEdit())
        self.vin.setPlaceholderText(self.tr("17 characters; scan or type"))
        self.make = self.rows.add("make", self.tr("Ma&ke"), QLineEdit())
        self.model = self.rows.add("model", self.tr("M&odel"), QLineEdit())
        self.year = QSpinBox()
        self.year.setRange(1885, dt.date.today().year + 1)
        self.year.setSpecialValueText(self.tr("unknown"))
        self.year.setValue(1885)
        self.rows.add("year", self.tr("Year"), self.year)
        self.engine = self.rows.add("engine", self.tr("Engine"), QLineEdit())
        self.fuel = QComboBox()
        for value in fuel.FUELS:  # unknown first: a new car's fuel is not always known
            self.fuel.addItem(label(fuel.LABELS[value]), value)
        self.rows.add("fuel", self.tr("F&uel"), self.fuel)
        self.colour = self.rows.add("colour", self.tr("Colour"), QLineEdit())
        self.odometer: QSpinBox | None = None
        if with_odometer:
            self.odometer = QSpinBox()
            self.odometer.setRange(-1, MAX_ODOMETER)
            self.odometer.setSpecialValueText(self.tr("not read"))
            self.odometer.setValue(-1)
            self.odometer.setGroupSeparatorShown(True)
            self.rows.add("odometer", self.tr("O&dometer"), self.odometer)
        self.vin.editingFinished.connect(self.check_vin)

    def check_vin(self) -> None:
        """Show the VIN's problem (if any) and fill make and year from it when empty."""
        checked = check_vin(self.vin.text())
        if checked.vin and checked.vin != self.vin.text():
            self.vin.setText(checked.vin)
        decoded = ", ".join(str(x) for x in (checked.make, checked.year, checked.country) if x)
        if checked.problem:
            self.rows.show("vin", self.tr("{problem} — can be saved anyway").format(
                problem=translate_text(checked.problem)))
        elif decoded:
            self.rows.show("vin", self.tr("Decoded: {what}").format(what=decoded), "info")
            self.rows.hints["vin"].setStyleSheet("color: #2e7d32;")
        else:
            self.rows.show("vin", "")
        if checked.make and not self.make.text().strip():
            self.make.setText(checked.make)
        if checked.year and self.year.value() == self.year.minimum():
            self.year.setValue(checked.year)

    def is_empty(self) -> bool:
        return not (self.plate.text().strip() or self.vin.text().strip()
                    or self.make.text().strip())

    def value(self) -> VehicleInput:
        year = self.year.value()
        return VehicleInput(self.plate.text(), self.vin.text(), self.make.text(),
                            self.model.text(), None if year == self.year.minimum() else year,
                            self.engine.text(), self.fuel.currentData() or "", self.colour.text())

    def odometer_value(self) -> int | None:
        if self.odometer is None or self.odometer.value() < 0:
            return None
        return self.odometer.value()

    def set_value(self, data: VehicleInput) -> None:
        self.plate.setText(data.plate)
        self.vin.setText(data.vin)
        self.make.setText(data.make)
        self.model.setText(data.model)
        self.year.setValue(data.year or self.year.minimum())
        self.engine.setText(data.engine)
        self.fuel.setCurrentIndex(max(0, self.fuel.findData(fuel.fuel_of(data.fuel) or "")))
        self.colour.setText(data.colour)
