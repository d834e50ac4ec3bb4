"""Fuel types: what shops type or import becomes one of the fixed choices; saving a vehicle
stores the choice; a word that is no fuel is refused, naming the choices (in Chinese too)."""

from __future__ import annotations

import pytest

from shopdesk import i18n
from shopdesk.errors import ValidationError
from shopdesk.models.vehicles import Vehicle
from shopdesk.services.crm import fuel, vehicles
from shopdesk.services.crm.vehicles import VehicleInput
from tests.services.customer_helpers import car, person

TYPED = [
    ("Gas", "petrol"), ("Gasoline", "petrol"), ("Petrol", "petrol"), ("unleaded", "petrol"),
    ("LPG", "petrol"), ("汽油", "petrol"),
    ("Diesel", "diesel"), ("DIESEL ", "diesel"), ("柴油", "diesel"),
    ("Hybrid", "hybrid"), ("HEV", "hybrid"), ("mild hybrid", "hybrid"), ("混动", "hybrid"),
    ("油电混合", "hybrid"), ("混合动力", "hybrid"),
    ("PHEV", "plug-in hybrid"), ("Plug-in", "plug-in hybrid"),
    ("plug in hybrid", "plug-in hybrid"), ("Plug-In Hybrid", "plug-in hybrid"),
    ("插电混动", "plug-in hybrid"), ("增程", "plug-in hybrid"),
    ("EV", "electric"), ("BEV", "electric"), ("Electric", "electric"), ("e.v.", "electric"),
    ("纯电", "electric"), ("电动", "electric"), ("纯电动", "electric"),
    ("", ""), ("  ", ""), ("unknown", ""), ("n/a", ""), ("未知", ""),
]


@pytest.mark.parametrize(("typed", "stored"), TYPED)
def test_what_shops_type_becomes_one_fuel_type(typed, stored):
    assert fuel.normalise(typed) == stored
    assert stored in fuel.FUELS


def test_the_choices_are_fixed_with_a_label_each():
    assert fuel.FUELS == ("", "petrol", "diesel", "hybrid", "plug-in hybrid", "electric")
    assert set(fuel.LABELS) == set(fuel.FUELS)
    assert fuel.label("plug-in hybrid") == "Plug-in hybrid"
    assert fuel.label("electric") == "Electric"


def test_a_word_that_is_no_fuel_is_refused_naming_the_choices():
    with pytest.raises(ValidationError) as caught:
        fuel.normalise("Kerosene")
    assert str(caught.value) == ("'Kerosene' is not a fuel type: choose petrol, diesel, hybrid, "
                                 "plug-in hybrid or electric, or leave it empty when unknown")
    assert caught.value.fields == {"fuel": "Not a fuel type"}
    for choice in fuel.KNOWN_FUELS:  # the message names every choice there is
        assert choice in str(caught.value)
    i18n.set_language("zh_CN")
    try:
        assert caught.value.translated() == (
            "“Kerosene”不是燃油类型：请选择汽油、柴油、油电混动、插电混动或纯电动，不知道时留空")
        assert fuel.label("electric") == "纯电动"
    finally:
        i18n.set_language("en")


def test_a_chinese_label_reads_back_as_its_fuel():
    assert fuel.normalise("油电混动") == "hybrid" and fuel.normalise("插电混动") == "plug-in hybrid"


def test_saving_a_vehicle_stores_the_normalised_fuel(clerk):
    ann = person(clerk)
    leaf = car(clerk, ann.id, make="Nissan", model="Leaf", fuel="EV")
    assert Vehicle.get_by_id(leaf.id).fuel == "electric"
    data = vehicles.input_of(clerk, leaf)
    data.fuel = "Gasoline"  # someone edits it wrongly: still one of the choices
    vehicles.update_vehicle(clerk, leaf, data)
    assert Vehicle.get_by_id(leaf.id).fuel == "petrol"


def test_an_unknown_fuel_word_is_not_saved(clerk):
    ann = person(clerk)
    with pytest.raises(ValidationError, match="not a fuel type"):
        vehicles.add_vehicle(clerk, ann.id, VehicleInput(plate="K1", make="Ford", fuel="steam"))
    assert Vehicle.select().count() == 0
    golf = car(clerk, ann.id, make="Volkswagen", model="Golf", fuel="diesel")
    data = vehicles.input_of(clerk, golf)
    data.fuel = "coal"
    with pytest.raises(ValidationError) as caught:
        vehicles.update_vehicle(clerk, golf, data)
    assert "fuel" in caught.value.fields
    assert Vehicle.get_by_id(golf.id).fuel == "diesel"


def test_a_package_fuel_set_is_stored_in_the_choices_order():
    assert fuel.fuel_set_text("Electric, gas") == "petrol,electric"
    assert fuel.fuel_set_text(["PHEV", "hybrid", "hybrid"]) == "hybrid,plug-in hybrid"
    assert fuel.fuel_set_text("") == "" and fuel.fuel_set_text(None) == ""
    assert fuel.fuel_set("petrol,electric") == {"petrol", "electric"}
    assert fuel.fuel_set("") == frozenset()
    with pytest.raises(ValidationError, match="not a fuel type"):
        fuel.fuel_set_text("petrol, steam")
    with pytest.raises(ValidationError, match="named fuel types"):
        fuel.fuel_set_text("petrol, unknown")
