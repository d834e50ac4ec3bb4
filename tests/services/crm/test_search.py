"""One search: name, company, phone digits, e-mail, plate fragments and VIN tails."""

from __future__ import annotations

from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.crm import customers, search
from shopdesk.services.crm.customers import CustomerInput
from tests.services.customer_helpers import car, person


def _ids(text):
    return [m.customer_id for m in search.find(COMMAND_LINE, text)]


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
    (match,) = search.find(clerk, "xy99")
    assert match.matched == "plate" and match.vehicle_id == vehicle.id
    assert "XY 99" in match.vehicle and match.phone == "(217) 555-0142"


def test_search_follows_changes(clerk):
    ann = person(clerk)
    data = customers.input_of(clerk, ann)
    data.last_name = "Jones"
    customers.update_customer(clerk, customers.get(clerk, ann.id), data)
    assert _ids("smith") == [] and _ids("jones") == [ann.id]


def _meant(text):
    return [m.customer_id for m in search.customers_meant(COMMAND_LINE, text)]


def test_the_customer_a_clerk_means(clerk):
    ann = person(clerk, first="Ann", last="Lee", phone="(217) 555-0142")
    leeds = person(clerk, first="Ann", last="Leeds", phone="(217) 555-0199", email="")
    assert _meant("ann lee") == [ann.id]  # that very name, not also Ann Leeds
    assert _meant("Lee, Ann") == [ann.id] and _meant("leeds") == [leeds.id]
    assert sorted(_meant("ann")) == sorted([ann.id, leeds.id])  # ask for more
    assert _meant("0199") == [leeds.id] and _meant("2175550142") == [ann.id]
    assert sorted(_meant("217555")) == sorted([ann.id, leeds.id])
    assert _meant(f"#{ann.id}") == [ann.id] and _meant(f"No. {leeds.id}") == [leeds.id]
    customers.set_archived(clerk, leeds.id, True)  # the search no longer shows Leeds ...
    assert _meant("leeds") == [] and _meant(f"#{leeds.id}") == [leeds.id]  # ... the number does
    assert _meant("#999999") == [] and _meant("nobody") == [] and _meant("") == []


def test_a_chinese_name_is_found_whole_by_pinyin_and_by_initials(clerk):
    zhang = person(clerk, first="伟", last="张", phone="13812345678", email="")
    zeng = person(clerk, first="小明", last="曾", phone="13987654321", email="")
    for typed, who in (("张伟", zhang), ("张", zhang), ("zhangwei", zhang), ("zw", zhang),
                       ("zhang", zhang), ("zengxiaoming", zeng), ("zxm", zeng),
                       ("xiaoming", zeng), ("曾小", zeng)):
        assert search.matching_ids(clerk, typed) == [who.id], typed
    # 曾 reads zeng as a family name and ceng in words: both find him
    assert search.matching_ids(clerk, "cengxiaoming") == [zeng.id]
    # renamed: the old keys go, the new ones come
    customers.update_customer(clerk, customers.get(clerk, zhang.id),
                              CustomerInput(first_name="芳", last_name="王"))
    assert search.matching_ids(clerk, "zw") == [] and search.matching_ids(clerk, "wf") == [zhang.id]
