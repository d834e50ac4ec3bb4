"""Vehicles: VIN warnings and decoding, odometer rules, ownership transfer."""

from __future__ import annotations

import datetime as dt

import pytest

from shopdesk.errors import ValidationError
from shopdesk.models.audit import AuditEntry
from shopdesk.services.crm import customers, search, vehicles
from shopdesk.services.crm.vehicles import VehicleInput
from shopdesk.services.crm.vin import check_vin
from tests.services.customer_helpers import car, person


def test_vin_check_digit_and_decoding():
    good = check_vin("1hgcm8263 3a004352")
    assert good.vin == "1HGCM82633A004352" and good.problem == ""
    assert good.make == "Honda" and good.year == 2003
    assert "check digit" in check_vin("1HGCM82633A004353").problem
    assert "17 characters" in check_vin("ABC123").problem
    assert "I, O or Q" in check_vin("1HGCM82633A00435O").problem
    assert check_vin("WBA3A5C51CF256789").problem == ""  # European: no check digit


def test_vehicle_with_bad_vin_is_saved_and_flagged(clerk):
    ann = person(clerk)
    saved = vehicles.add_vehicle(clerk, ann.id, VehicleInput(plate="old 1", vin="12345"))
    assert "vin" in saved.warnings
    assert saved.vehicle.vin_problem and saved.vehicle.plate == "OLD 1"


def test_make_and_year_are_filled_from_the_vin(clerk):
    ann = person(clerk)
    saved = vehicles.add_vehicle(clerk, ann.id, VehicleInput(vin="1HGCM82633A004352"))
    assert (saved.vehicle.make, saved.vehicle.year) == ("Honda", 2003)


def test_the_same_vin_twice_is_refused(clerk):
    ann, bob = person(clerk), person(clerk, first="Bob", phone="")
    car(clerk, ann.id)
    with pytest.raises(ValidationError, match="transfer"):
        car(clerk, bob.id, plate="X1")


def test_odometer_never_goes_down_without_a_reason(clerk):
    ann = person(clerk)
    vehicle = car(clerk, ann.id, odometer=45_000)
    with pytest.raises(ValidationError, match="lower than the last reading"):
        vehicles.record_odometer(clerk, vehicle.id, 44_000)
    with pytest.raises(ValidationError):
        vehicles.record_odometer(clerk, vehicle.id, -5)
    vehicles.record_odometer(clerk, vehicle.id, 1_200, reason="Instrument cluster replaced")
    assert vehicles.get(clerk, vehicle.id).odometer == 1_200
    entry = AuditEntry.select().where(AuditEntry.action == "odometer").order_by(
        AuditEntry.id.desc()).get()
    assert "Instrument cluster replaced" in entry.summary


def test_transfer_keeps_history_and_moves_search(clerk):
    ann, bob = person(clerk), person(clerk, first="Bob", last="Jones", phone="")
    vehicle = car(clerk, ann.id)
    with pytest.raises(ValidationError, match="cannot be earlier"):
        vehicles.transfer(clerk, vehicle.id, bob.id, dt.date(2000, 1, 1))
    today = dt.date.today()
    vehicles.transfer(clerk, vehicle.id, bob.id, today, "Sold privately")
    history = vehicles.ownership_history(clerk, vehicle.id)
    assert [(h[0], h[2]) for h in history] == [("Smith, Ann", today), ("Jones, Bob", None)]
    assert [m.customer_id for m in search.find(clerk, "004352")] == [bob.id]


def test_transfer_to_an_archived_customer_or_the_owner_is_refused(clerk):
    ann, bob = person(clerk), person(clerk, first="Bob", phone="")
    vehicle = car(clerk, ann.id)
    with pytest.raises(ValidationError, match="already owns"):
        vehicles.transfer(clerk, vehicle.id, ann.id)
    customers.set_archived(clerk, bob.id, True)
    with pytest.raises(ValidationError, match="archived"):
        vehicles.transfer(clerk, vehicle.id, bob.id)


def test_the_vehicle_a_clerk_means_by_plate_or_vin(clerk):
    from shopdesk.services.crm.vehicles import vehicles_meant

    ann = person(clerk)
    accord = car(clerk, ann.id, plate="AB-12 CD", vin="1HGCM82633A004352")
    other = car(clerk, ann.id, plate="XY 9", vin="2T1BURHE0JC004352")

    def ids(text):
        return [v.id for v in vehicles_meant(clerk, text)]

    assert ids("ab12cd") == ids("AB 12-CD") == [accord.id]
    assert ids("1hgcm82633a004352") == [accord.id] and ids("33A004352") == [accord.id]
    assert sorted(ids("004352")) == sorted([accord.id, other.id])  # ask for more
    assert ids("xy9") == [other.id]
    assert ids("12CD") == [] and ids("4352") == [] and ids(" - ") == []  # no plate, VIN < 6
