"""The vehicle form's fuel type: a fixed choice, reached and chosen from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from shopdesk.gui.customers import crm_dialogs
from shopdesk.models.vehicles import Vehicle
from shopdesk.services.crm import customers
from tests.services.customer_helpers import car, person

ALT = Qt.KeyboardModifier.AltModifier


def test_a_clerk_chooses_electric_from_the_keyboard_and_saves(qtbot, make_window, clerk):
    ann = person(clerk)
    window = make_window(clerk)
    dialog = crm_dialogs.VehicleDialog(window.context, customers.get(clerk, ann.id), None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.vehicle_form
    assert [form.fuel.itemText(i) for i in range(form.fuel.count())] == [
        "Unknown", "Petrol", "Diesel", "Hybrid", "Plug-in hybrid", "Electric"]
    qtbot.keyClicks(form.plate, "ev 42")
    qtbot.keyClicks(form.make, "Nissan")
    qtbot.keyClicks(form.model, "Leaf")
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_U, ALT)  # "F&uel"
    assert QApplication.focusWidget() is form.fuel
    qtbot.keyClicks(form.fuel, "E")  # the first choice starting with E
    assert form.fuel.currentText() == "Electric"
    qtbot.keyClick(form.fuel, Qt.Key.Key_Return)  # Enter saves
    assert dialog.result() == dialog.DialogCode.Accepted
    leaf = Vehicle.get(Vehicle.plate == "EV 42")
    assert (leaf.make, leaf.model, leaf.fuel) == ("Nissan", "Leaf", "electric")


def test_editing_a_vehicle_shows_its_fuel_and_keeps_it(qtbot, make_window, clerk):
    ann = person(clerk)
    golf = car(clerk, ann.id, make="Volkswagen", model="Golf", fuel="Diesel")
    window = make_window(clerk)
    dialog = crm_dialogs.VehicleDialog(window.context, customers.get(clerk, ann.id),
                                       Vehicle.get_by_id(golf.id), window)
    qtbot.addWidget(dialog)
    assert dialog.vehicle_form.fuel.currentText() == "Diesel"
    qtbot.keyClicks(dialog.vehicle_form.colour, "grey")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert (Vehicle.get_by_id(golf.id).fuel, Vehicle.get_by_id(golf.id).colour) == (
        "diesel", "grey")
