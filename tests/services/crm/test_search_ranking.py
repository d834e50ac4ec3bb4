"""The search box's ranked search: phone tails and recent visitors first, digits narrowed by
name letters, what each row shows, Chinese names."""

from __future__ import annotations

import datetime as dt

from shopdesk.services.crm import search_ranking
from shopdesk.services.crm.search_ranking import ranked
from tests.helpers.search import regulars
from tests.services.customer_helpers import car, person


def _ids(found):
    return [h.customer_id for h in found.hits]


def test_phone_tail_and_recent_visitors_first(owner):
    shop = regulars(owner)
    found = ranked(owner, "4624")
    # phones ending in 4624: the car in the shop, then the latest visit/invoice first (Amy 10
    # days, Wang's invoice 30 days), Ana (four years: lapsed) last; Max (4624 inside the
    # number, visited last week) after every tail
    assert _ids(found) == [shop.baker, shop.adams, shop.wang, shop.torres, shop.middle]
    assert [h.matched for h in found.hits] == ["phone_tail"] * 4 + ["phone"]
    assert (found.tail_digits, found.tail_count) == ("4624", 4)
    assert found.example == "4624 bak"  # letters of the top hit's name to add
    assert not found.more
    baker, adams = found.hits[0], found.hits[1]
    assert baker.in_shop == shop.baker_order and baker.name == "Baker, Bob"
    assert baker.phone == "(217) 555-4624"  # the phone that matched, not the main one
    assert baker.car == "BK 77 VAN  Mercedes Sprinter" and baker.other_plates == ()
    assert baker.more_vehicles == 0
    assert adams.last_visit == dt.date.today() - dt.timedelta(days=10) and not adams.in_shop
    assert found.hits[2].last_visit == dt.date.today() - dt.timedelta(days=30)  # invoice
    few = ranked(owner, "4624", limit=2)  # more phones end in 4624 than are shown: those only
    assert _ids(few) == [shop.baker, shop.adams] and few.more and few.tail_count == 4


def test_digits_and_name_letters_narrow(owner):
    shop = regulars(owner)
    assert _ids(ranked(owner, "4624 tor")) == [shop.torres]
    assert _ids(ranked(owner, "tor 4624")) == [shop.torres]  # in either order
    assert _ids(ranked(owner, "4624 ad")) == [shop.adams]
    found = ranked(owner, "4624 tor")
    assert found.tail_count == 0 and found.example == ""  # letters typed: no suggestion
    assert _ids(ranked(owner, "555 4624")) == [shop.baker, shop.adams, shop.torres]  # as written
    assert ranked(owner, "4624 zzz").hits == []
    assert ranked(owner, "").hits == [] and ranked(owner, "  - ").hits == []


def test_chinese_names(owner):
    shop = regulars(owner)
    assert _ids(ranked(owner, "王")) == [shop.wang]
    assert _ids(ranked(owner, "4624 王")) == [shop.wang]
    assert _ids(ranked(owner, "小明")) == [shop.wang]
    (wang,) = ranked(owner, "京a12").hits
    assert wang.name == "王小明" and wang.car == "京A 12345  大众 帕萨特"
    assert wang.matched == "plate" and wang.reason == ""
    # the suggested letters of a Chinese name: its family name
    assert search_ranking._letters_of("王小明") == "王"
    assert search_ranking._letters_of("Torres, Ana") == "tor"


def test_recent_visitors_before_others_on_a_name(owner):
    from shopdesk.services.crm import interactions

    old = person(owner, first="Adam", last="Smith", phone="(217) 555-0001", email="")
    recent = person(owner, first="Zoe", last="Smith", phone="(217) 555-0002", email="")
    never = person(owner, first="Bea", last="Smith", phone="(217) 555-0003", email="")
    smithers = person(owner, first="Cy", last="Smithers", phone="(217) 555-0004", email="")
    today = dt.date.today()
    interactions.log(owner, old.id, "visit", "x",
                     at=dt.datetime.combine(today - dt.timedelta(days=800), dt.time(9)))
    interactions.log(owner, recent.id, "visit", "x",
                     at=dt.datetime.combine(today - dt.timedelta(days=3), dt.time(9)))
    # recent first; then the others by the latest visit (never last), not alphabetically
    assert _ids(ranked(owner, "smith")) == [recent.id, old.id, never.id, smithers.id]
    assert _ids(ranked(owner, "smith", limit=2)) == [recent.id, old.id]
    assert ranked(owner, "smith", limit=2).more and not ranked(owner, "smith").more


def test_name_before_plate_before_vin_and_the_reason_shown(owner):
    by_vin = person(owner, first="Vin", last="Owner", phone="", email="")
    car(owner, by_vin.id, plate="XY 1", vin="1HGCM82633A00AB12")
    by_plate = person(owner, first="Pat", last="Plate", phone="", email="")
    car(owner, by_plate.id, plate="AB12 XYZ", vin="")
    by_name = person(owner, first="Abby", last="Ab12", phone="", email="")  # odd, but a name
    by_mail = person(owner, first="Em", last="Mail", phone="", email="ab12@example.com")
    found = ranked(owner, "ab12")
    assert [h.customer_id for h in found.hits] == [by_name.id, by_plate.id, by_mail.id]
    by_vin_hits = ranked(owner, "a00ab12").hits
    assert [h.customer_id for h in by_vin_hits] == [by_vin.id]
    assert (by_vin_hits[0].reason, by_vin_hits[0].reason_key) == (
        search_ranking.REASONS["vin"], "1HGCM82633A00AB12")
    mail = found.hits[2]
    assert (mail.matched, mail.reason_key) == ("email", "ab12@example.com")
    assert found.hits[1].reason == ""  # the plate is on the row


def test_a_fleet_shows_the_matched_car_first(owner):
    fleet = person(owner, first="", last="", phone="", email="", kind="company",
                   company_name="Capitol Couriers")
    for n in range(5):
        car(owner, fleet.id, plate=f"CC {n:02d}", vin=f"1FTFW1ET5DFC1031{n}")
    (hit,) = ranked(owner, "cc02").hits
    assert hit.car == "CC 02  Honda Accord"  # the matched car, then the latest plates
    assert hit.other_plates == ("CC 04", "CC 03") and hit.more_vehicles == 2
    assert hit.name == "Capitol Couriers" and hit.reason == ""  # the company is the name
