"""Packages fit by fuel type: an electric car is never offered or due an oil service; a car
whose fuel is unknown is taken for a petrol car; package fuel types are validated."""

from __future__ import annotations

import datetime as dt

import pytest

from shopdesk.errors import ValidationError
from shopdesk.models.maintenance import MaintenancePackage
from shopdesk.models.repair_orders import LineKind
from shopdesk.services.crm import vehicles
from shopdesk.services.workshop import maintenance, reminders, repair_orders, service_due
from shopdesk.services.workshop.maintenance import PackageInput
from shopdesk.services.workshop.repair_orders import LineInput

TODAY = dt.date.today()


def _pkg(fuel_types: str) -> MaintenancePackage:
    return MaintenancePackage(name="x", fuel_types=fuel_types)


@pytest.mark.parametrize(("fuel_types", "fuel", "fits"), [
    ("", "electric", True), ("", "", True), ("", "diesel", True),          # any fuel
    ("petrol,diesel,hybrid,plug-in hybrid", "electric", False),           # an oil service
    ("petrol,diesel,hybrid,plug-in hybrid", "diesel", True),
    ("electric", "electric", True), ("electric", "petrol", False),
    ("electric,plug-in hybrid", "plug-in hybrid", True),
    # unknown fuel: taken for petrol
    ("petrol,diesel,hybrid,plug-in hybrid", "", True), ("petrol", "", True),
    ("electric", "", False), ("diesel", "", False), ("hybrid,electric", "", False),
])
def test_a_package_fits_by_fuel_and_unknown_is_taken_for_petrol(fuel_types, fuel, fits):
    assert maintenance.applies(_pkg(fuel_types), "Nissan", "Leaf", "", 2019, fuel) is fits


def test_the_other_criteria_still_count_with_a_fuel():
    pkg = MaintenancePackage(name="x", make="Toyota", year_from=2015, fuel_types="hybrid")
    assert maintenance.applies(pkg, "toyota", "Prius", "", 2016, "hybrid")
    assert not maintenance.applies(pkg, "Honda", "Insight", "", 2016, "hybrid")
    assert not maintenance.applies(pkg, "Toyota", "Prius", "", 2012, "hybrid")


def _shop(owner):
    from tests.helpers.workshop import workshop

    shop = workshop(owner)  # Ann Smith's 2018 Honda Accord (fuel unknown), "Oil service"
    maintenance.save_package(owner, PackageInput(
        "Oil service", maintenance_lines(owner, shop.package.id), make="",
        interval_km=10000, interval_months=12, fuel_types="petrol, diesel, hybrid, PHEV"),
        maintenance.get(owner, shop.package.id))
    maintenance.save_package(owner, PackageInput(
        "EV check", [LineInput(LineKind.LABOUR, "Cabin filter, brake fluid, 12 V battery",
                               "0.8", "80")], interval_months=12, fuel_types=["EV"]))
    leaf = vehicles.add_vehicle(owner, shop.customer_id, vehicles.VehicleInput(
        plate="EV-1", make="Nissan", model="Leaf", year=2019, fuel="electric")).vehicle
    vehicles.record_odometer(owner, leaf.id, 30000, TODAY - dt.timedelta(days=500))
    vehicles.record_odometer(owner, leaf.id, 45000, TODAY - dt.timedelta(days=30))
    return shop, leaf


def maintenance_lines(owner, package_id):
    return [LineInput(li.kind, li.description, li.quantity, li.unit_price, li.part_id,
                      hours=li.hours if li.kind == LineKind.LABOUR else None)
            for li in maintenance.lines_of(owner, package_id)]


def test_save_package_stores_the_normalised_fuel_types(owner):
    shop, _leaf = _shop(owner)
    assert maintenance.get(owner, shop.package.id).fuel_types == \
        "petrol,diesel,hybrid,plug-in hybrid"
    assert MaintenancePackage.get(MaintenancePackage.name == "EV check").fuel_types == "electric"


def test_a_package_for_a_fuel_that_is_no_fuel_is_refused(owner):
    with pytest.raises(ValidationError) as caught:
        maintenance.save_package(owner, PackageInput(
            "Steam check", [LineInput(LineKind.LABOUR, "Boiler", "1", "80")],
            interval_months=12, fuel_types="petrol, steam"))
    assert "'steam' is not a fuel type" in str(caught.value)
    assert "fuel_types" in caught.value.fields
    assert not MaintenancePackage.select().where(MaintenancePackage.name == "Steam check").exists()


def test_an_electric_car_gets_only_the_packages_that_fit_it(owner, clerk):
    shop, leaf = _shop(owner)
    names = lambda pkgs: sorted(p.name for p in pkgs)  # noqa: E731
    assert names(maintenance.for_vehicle(owner, leaf)) == ["EV check"]
    accord = vehicles.get(owner, shop.vehicle_id)  # fuel unknown: taken for petrol
    assert names(maintenance.for_vehicle(owner, accord)) == ["Oil service"]
    due = {maintenance.get(owner, d.package_id).name
           for d in service_due.for_vehicle(owner, leaf.id)}
    assert due == {"EV check"}
    listed = reminders.reminder_list(owner, TODAY + dt.timedelta(days=400))
    assert {(r.package, r.due.vehicle_id) for r in listed} >= {("EV check", leaf.id)}
    assert ("Oil service", leaf.id) not in {(r.package, r.due.vehicle_id) for r in listed}
    order = repair_orders.open_order(clerk, leaf.id)
    with pytest.raises(ValidationError, match="Oil service is not for a 2019 Nissan Leaf"):
        maintenance.add_to_order(clerk, order.id, shop.package.id)


def test_a_car_whose_fuel_becomes_electric_stops_being_due_an_oil_service(owner):
    shop, _leaf = _shop(owner)
    before = {maintenance.get(owner, d.package_id).name
              for d in service_due.for_vehicle(owner, shop.vehicle_id)}
    assert before == {"Oil service"}
    accord = vehicles.get(owner, shop.vehicle_id)
    data = vehicles.input_of(owner, accord)
    data.fuel = "纯电"  # converted, as a Chinese clerk types it
    vehicles.update_vehicle(owner, accord, data)
    after = {maintenance.get(owner, d.package_id).name
             for d in service_due.compute(owner, [shop.vehicle_id])}
    assert after == {"EV check"}
