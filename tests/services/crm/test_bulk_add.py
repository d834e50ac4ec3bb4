"""Many customers and vehicles at once (an import): stored as the forms store one, refused
ones left out with the reason, the rest added."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from shopdesk.errors import AccessDenied
from shopdesk.models.audit import AuditEntry
from shopdesk.models.customers import Customer, CustomerPhone
from shopdesk.models.vehicles import OdometerReading, Ownership, Vehicle
from shopdesk.services.crm import customers, search, vehicles
from shopdesk.services.crm.customers import CustomerInput, NewCustomer, PhoneInput
from shopdesk.services.crm.vehicles import NewVehicle, VehicleInput
from tests.services.customer_helpers import car, person


def _stored(customer_id: int) -> tuple:
    c = Customer.get_by_id(customer_id)
    phones = [(p.label, p.number, p.e164, p.problem, p.position) for p in CustomerPhone.select()
              .where(CustomerPhone.customer == c.id).order_by(CustomerPhone.position)]
    fields = ("kind", "last_name", "company_name", "email", "email_problem", "postcode",
              "marketing_consent", "preferred_channel", "price_level", "grade", "version",
              "archived")
    return tuple(getattr(c, f) for f in fields), phones


def _created(entity: str, entity_id: int) -> dict:
    entry = AuditEntry.get((AuditEntry.entity == entity) & (AuditEntry.action == "create")
                           & (AuditEntry.entity_id == str(entity_id)))
    return json.loads(entry.after)


def test_customers_added_together_are_stored_as_the_form_stores_one(owner):
    def data(first):
        return CustomerInput(first_name=first, last_name="Wong", email="W@Example.COM ",
                             postcode="ab1 2cd", marketing_consent=True,
                             phones=[PhoneInput("(217) 555-0142"), PhoneInput("12", "home")])
    one = customers.add_customer(owner, data("One"))
    since = dt.datetime(2019, 3, 4, 12)
    added = customers.add_customers(owner, [NewCustomer(data("Two"), since),
                                            NewCustomer(CustomerInput(phones=[
                                                PhoneInput("2175550100")])),
                                            NewCustomer(data("Three"))], note="import x.csv")
    assert [a.refused is None for a in added] == [True, False, True]
    assert "last_name" in added[1].refused.fields and added[1].customer_id == 0
    two, three = added[0].customer_id, added[2].customer_id
    typed, imported = _stored(one.customer.id), _stored(two)
    assert imported == typed  # (but for the first name)
    assert Customer.get_by_id(two).display_name == "Wong, Two"
    assert added[0].warnings == one.warnings and "phone1" in one.warnings  # "12" flagged
    assert Customer.get_by_id(two).created_at == since
    assert Customer.get_by_id(three).created_at > since
    assert _created("customer", two) == customers.snapshot(owner, Customer.get_by_id(two))
    entry = AuditEntry.get((AuditEntry.entity == "customer")
                           & (AuditEntry.entity_id == str(two)))
    assert entry.summary == "Added customer Wong, Two (import x.csv)"
    assert {m.customer_id for m in search.find(owner, "Three")} == {three}
    assert Customer.select().count() == 3


def test_only_a_clerk_or_owner_adds_customers(technician):
    with pytest.raises(AccessDenied):
        customers.add_customers(technician, [NewCustomer(CustomerInput(last_name="X"))])


def test_customer_since_is_set_and_audited_once(owner):
    ann = person(owner, "Ann", "Lee")
    since = dt.datetime(2015, 6, 1, 12)
    customers.set_customer_since(owner, ann.id, since)
    customers.set_customer_since(owner, ann.id, since)  # the same again: nothing to record
    assert Customer.get_by_id(ann.id).created_at == since
    entries = AuditEntry.select().where((AuditEntry.entity == "customer")
                                        & (AuditEntry.entity_id == str(ann.id))
                                        & (AuditEntry.action == "update"))
    assert [json.loads(e.after) for e in entries] == [{"created_at": "2015-06-01T12:00:00"}]


def test_found_by_contact_and_by_name_among_living_customers(owner):
    ann = person(owner, "Ann", "Lee", phone="(217) 555-0142", email="Ann@Example.com")
    gone = person(owner, "Bob", "Lee", phone="(217) 555-0199", email="bob@example.com")
    customers.set_archived(owner, gone.id, True)
    by_phone, by_email = customers.living_by_contact(owner,
        ["+12175550142", "+12175550199", ""], ["ann@example.com", "bob@example.com"])
    assert by_phone == {"+12175550142": ann.id, "(217) 555-0142": ann.id}
    assert by_email == {"ann@example.com": ann.id}
    assert customers.only_one_listed_as(owner, ["Lee, Ann", ""]).id == ann.id
    assert customers.only_one_listed_as(owner, ["Lee, Bob"]) is None  # archived
    person(owner, "Ann", "Lee", phone="(217) 555-0111", email="")
    assert customers.only_one_listed_as(owner, ["Lee, Ann"]) is None  # two of them: ask


def test_vehicles_added_together_are_stored_as_the_form_stores_one(owner):
    ann = person(owner, "Ann", "Lee")
    gone = person(owner, "Old", "Owner", phone="(217) 555-0177", email="")
    customers.set_archived(owner, gone.id, True)
    typed = car(owner, ann.id, plate="ab-12 cd", vin="1HGCM82633A004352", odometer=5000,
                make="", model="Accord")
    on = dt.date(2024, 2, 3)
    added = vehicles.add_vehicles(owner, [
        NewVehicle(ann.id, VehicleInput(plate="xy-99 zz", vin="1HGCM82633A004353",
                                        model="Civic"), 7000, on),
        NewVehicle(ann.id, VehicleInput(plate="QQ 1"), -5),
        NewVehicle(ann.id, VehicleInput(plate="QQ 2", vin="1HGCM82633A004352")),
        NewVehicle(gone.id, VehicleInput(plate="QQ 3")),
        NewVehicle(ann.id, VehicleInput(plate="AB 12CD", make="Ford"))], note="import v.csv")
    refused = [a.refused and next(iter(a.refused.fields)) for a in added]
    assert refused == [None, "odometer", "vin", "owner", None]
    assert "vin" in added[0].warnings  # a check digit that does not match: flagged, saved
    assert added[4].warnings == {"plate": "Another vehicle on file has this plate"}
    civic = Vehicle.get_by_id(added[0].vehicle_id)

    def stored(vehicle):
        return (vehicle.customer_id, vehicle.make, vehicle.year, vehicle.version,
                vehicle.plate == vehicle.plate.upper(), len(vehicle.plate_key),
                [(o.customer_id, o.until) for o in vehicle.ownerships],
                [r.user_id for r in vehicle.readings])

    assert stored(civic) == stored(Vehicle.get_by_id(typed.id))
    assert (civic.plate, civic.odometer) == ("XY-99 ZZ", 7000)
    assert OdometerReading.get(OdometerReading.vehicle == civic.id).read_on == on
    assert Ownership.get(Ownership.vehicle == civic.id).since == dt.date.today()
    assert _created("vehicle", civic.id) == vehicles.snapshot(owner, civic)
    assert {m.customer_id for m in search.find(owner, "XY99")} == {ann.id}
    actions = sorted(a for (a,) in AuditEntry.select(AuditEntry.action).where(
        (AuditEntry.entity == "vehicle") & (AuditEntry.entity_id == str(civic.id))).tuples())
    assert actions == ["create", "odometer"]
    assert Vehicle.select().count() == 3
    assert vehicles.living_by_vin_or_plate(owner, "1HGCM82633A004353", "").id == civic.id
    assert vehicles.living_by_vin_or_plate(owner, "", "XY99ZZ").id == civic.id
    assert vehicles.living_by_vin_or_plate(owner, "", "NOPE") is None
