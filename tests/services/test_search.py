"""One search: name, company, phone digits, e-mail, plate fragments and VIN tails."""

from __future__ import annotations

from shopdesk.services import customers, search
from shopdesk.services.customers import CustomerInput
from tests.services.customer_helpers import car, person


def _ids(text):
    return [m.customer_id for m in search.find(text)]


def test_every_way_to_find_a_customer(clerk):
    ann = person(clerk, first="Ann", last="Müller", phone="(217) 555-0142",
                 email="ann.m@example.com")
    bob = person(clerk, first="Bob", last="Smith", phone="312-555-0177", email="")
    car(clerk, ann.id, plate="AB-12 CD", vin="1HGCM82633A004352")
    acme = customers.add_customer(clerk, CustomerInput(
        kind="company", company_name="Acme Fleet Services", last_name="Ray")).customer
    assert _ids("mull") == [ann.id]  # accents folded
    assert _ids("MÜLLER ann") == [ann.id]
    assert _ids("ann.m@exa") == [ann.id]
    assert _ids("5550142") == [ann.id] and _ids("555-01") == [ann.id, bob.id]
    assert _ids("0177") == [bob.id]
    assert _ids("ab12") == [ann.id] and _ids("12 c") == [ann.id] and _ids("b-12cd") == [ann.id]
    assert _ids("004352") == [ann.id] and _ids("1hgcm8") == [ann.id]
    assert _ids("fleet") == [acme.id]
    assert _ids("zzz") == [] and _ids("  ") == []


def test_match_says_what_matched(clerk):
    ann = person(clerk)
    vehicle = car(clerk, ann.id, plate="XY 99")
    (match,) = search.find("xy99")
    assert match.matched == "plate" and match.vehicle_id == vehicle.id
    assert "XY 99" in match.vehicle and match.phone == "(217) 555-0142"


def test_search_follows_changes(clerk):
    ann = person(clerk)
    data = customers.input_of(ann)
    data.last_name = "Jones"
    customers.update_customer(clerk, customers.get(ann.id), data)
    assert _ids("smith") == [] and _ids("jones") == [ann.id]
