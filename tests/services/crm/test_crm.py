"""Interactions and follow-ups, inquiries, complaints, surveys and their statistics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shopdesk.errors import ConflictError, ValidationError
from shopdesk.models.crm import Interaction
from shopdesk.services.crm import (
    complaints,
    customer_file,
    customer_lists,
    inquiries,
    interactions,
    surveys,
)
from shopdesk.services.crm.interactions import FollowUp
from shopdesk.services.crm.surveys import Answers
from tests.services.customer_helpers import car, person

TODAY = dt.date.today()


def test_call_with_follow_up_shows_in_my_list_until_done(clerk, owner):
    ann = person(clerk)
    row = interactions.log(clerk, ann.id, "call", "Quoted brake pads",
                           follow_up=FollowUp(TODAY, "Call back with the price"))
    interactions.log(owner, ann.id, "call", "Owner's own task",
                     follow_up=FollowUp(TODAY + dt.timedelta(days=3), "Later"))
    mine = customer_lists.follow_ups(owner, clerk.user_id)
    assert mine.count() == 1
    assert mine.page(0, 10)[0][3] == "Call back with the price"
    assert customer_lists.follow_ups(owner, owner.user_id).count() == 0  # due in 3 days
    interactions.complete_follow_up(clerk, row.id, "Booked for Friday")
    assert mine.count() == 0
    assert "Booked for Friday" in Interaction.get_by_id(row.id).follow_up_note
    with pytest.raises(ValidationError):
        interactions.complete_follow_up(clerk, row.id)


def test_interaction_needs_what_was_said(clerk):
    ann = person(clerk)
    with pytest.raises(ValidationError):
        interactions.log(clerk, ann.id, "call", "  ")
    with pytest.raises(ValidationError):
        interactions.log(clerk, ann.id, "fax", "Hello")


def test_answered_inquiries_form_a_knowledge_base(clerk):
    ann = person(clerk)
    open_one = inquiries.ask(clerk, ann.id, "Do you fit towbars?")
    inquiries.ask(clerk, ann.id, "How often should brake fluid be changed?",
                  "Every two years, whatever the mileage.")
    assert [i.question for i in inquiries.knowledge_base(clerk, "brake")] == [
        "How often should brake fluid be changed?"]
    assert inquiries.knowledge_base(clerk, "towbars") == []
    inquiries.answer_inquiry(clerk, open_one.id, "Yes, fixed and detachable.")
    assert len(inquiries.knowledge_base(clerk, "towbars detachable")) == 1


def test_complaint_opened_worked_and_resolved(clerk, owner):
    ann = person(clerk)
    row = complaints.open_complaint(clerk, ann.id, "Noise after brake job", owner_id=owner.user_id)
    assert customer_lists.complaints(owner).count() == 1
    stale = complaints.get(owner, row.id)
    complaints.start_work(clerk, complaints.get(owner, row.id))
    with pytest.raises(ConflictError):
        complaints.start_work(clerk, stale)
    with pytest.raises(ValidationError):
        complaints.resolve(clerk, complaints.get(owner, row.id), "Refitted pads", satisfaction=6)
    done = complaints.resolve(clerk, complaints.get(owner, row.id), "Refitted pads, road-tested", 4)
    assert (done.status, done.satisfaction, done.resolved_on) == ("resolved", 4, TODAY)
    assert customer_lists.complaints(owner).count() == 0
    assert customer_lists.complaints(owner, open_only=False).count() == 1


def test_survey_ranges_and_monthly_stats(clerk):
    ann = person(clerk)
    with pytest.raises(ValidationError) as err:
        surveys.record(clerk, ann.id, Answers(6, 3, 3, 3, 11))
    assert set(err.value.fields) == {"quality", "recommend"}
    day = dt.date(2026, 10, 5)
    for answers in (Answers(5, 4, 4, 5, 10), Answers(4, 3, 5, 4, 9), Answers(3, 2, 4, 4, 6),
                    Answers(5, 5, 5, 5, 7)):
        surveys.record(clerk, ann.id, answers, on=day)
    surveys.record(clerk, ann.id, Answers(1, 1, 1, 1, 0), on=dt.date(2026, 11, 1))
    oct_, nov = surveys.monthly_stats(clerk, dt.date(2026, 10, 1), dt.date(2026, 11, 30))
    assert (oct_.month, oct_.count) == ("2026-10", 4)
    assert oct_.averages == {"quality": Decimal("4.25"), "price": Decimal("3.50"),
                             "speed": Decimal("4.50"), "staff": Decimal("4.50")}
    assert oct_.nps == 25  # 2 promoters, 1 detractor of 4
    assert (nov.count, nov.nps) == (1, -100)


def test_overall_stats_come_from_the_answers_not_the_rounded_months(clerk):
    ann = person(clerk)
    surveys.record(clerk, ann.id, Answers(4, 4, 4, 4, 8), on=dt.date(2026, 9, 3))
    surveys.record(clerk, ann.id, Answers(4, 4, 4, 4, 8), on=dt.date(2026, 10, 3))
    for recommend in (10, 10, 10, 9, 9, 7):
        surveys.record(clerk, ann.id, Answers(5, 3, 4, 5, recommend), on=dt.date(2026, 11, 3))
    start, end = dt.date(2026, 9, 1), dt.date(2026, 11, 30)
    months = surveys.monthly_stats(clerk, start, end)
    assert [(m.count, m.nps) for m in months] == [(1, 0), (1, 0), (6, 83)]
    total = surveys.overall(clerk, start, end)
    assert total is not None
    # 5 promoters of 8 answers: 62.5 -> 63; the months' figures weighted would say 62
    assert (total.count, total.nps) == (8, 63)
    assert total.averages == {"quality": Decimal("4.75"), "price": Decimal("3.25"),
                              "speed": Decimal("4.00"), "staff": Decimal("4.75")}
    assert surveys.overall(clerk, dt.date(2026, 12, 1), dt.date(2026, 12, 31)) is None


def test_lapsed_list_shows_last_visit_and_vehicle(clerk):
    ann = person(clerk)
    car(clerk, ann.id, plate="OLD 1")
    bob = person(clerk, first="Bob", last="Jones", phone="")
    long_ago = dt.datetime(2024, 5, 2, 10, 0)
    interactions.log(clerk, ann.id, "visit", "Service", at=long_ago)
    interactions.log(clerk, bob.id, "visit", "Service")
    rows = list(customer_lists.lapsed(clerk, 12).iter_rows())
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("Smith, Ann", dt.date(2024, 5, 2), "OLD 1 Honda Accord")]


def test_customer_file_has_every_section(clerk):
    ann = person(clerk)
    car(clerk, ann.id)
    interactions.log(clerk, ann.id, "visit", "Checked in")
    file = customer_file.load(clerk, ann.id)
    assert len(file.vehicles) == 1 and len(file.visits) == 1
    assert file.invoices == [] and file.balance == Decimal("0.00")


def test_check_finds_stale_search_keys_and_reindex_fixes_them(clerk, db):
    from shopdesk.models.customers import SearchKey
    from shopdesk.services.crm import customer_checks, search_index

    ann = person(clerk)
    assert list(customer_checks._search(db)) == []
    SearchKey.delete().where(SearchKey.field == "phone").execute()
    (fault,) = customer_checks._search(db)
    assert "stale search keys" in fault.message and str(ann.id) in fault.message
    search_index.rebuild_all(clerk)
    assert list(customer_checks._search(db)) == []
