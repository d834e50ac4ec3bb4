"""Grades from spend and visits with explicit inputs; overrides; thresholds set by the owner."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shopdesk.errors import AccessDenied, ValidationError
from shopdesk.models.customers import Grade
from shopdesk.services.crm import customers, grading, interactions
from shopdesk.services.crm.customer_activity import Activity
from shopdesk.services.crm.grading import Rules, grade_for
from tests.services.customer_helpers import person

RULES = Rules(vip_spend=Decimal("2000.00"), vip_visits=6, regular_spend=Decimal("500.00"),
              regular_visits=3)
TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(("spend", "visits", "last", "expected"), [
    ("2000.00", 0, TODAY, Grade.VIP),  # spend exactly at the VIP threshold
    ("1999.99", 5, TODAY, Grade.REGULAR),  # one cent and one visit short of VIP
    ("0", 6, TODAY, Grade.VIP),  # visits alone
    ("500.00", 0, TODAY, Grade.REGULAR),
    ("499.99", 2, TODAY, Grade.OCCASIONAL),
    ("0", 1, TODAY, Grade.OCCASIONAL),
    ("0", 0, dt.date(2025, 11, 24), Grade.OCCASIONAL),  # 364 days ago: still in the window
    ("0", 0, dt.date(2025, 11, 22), Grade.LAPSED),  # 366 days ago
    ("0", 0, None, Grade.NEW),
])
def test_grade_thresholds(spend, visits, last, expected):
    assert grade_for(Activity(Decimal(spend), visits, last), RULES, TODAY) is expected


def test_zero_thresholds_are_ignored():
    rules = Rules(Decimal("0"), 0, Decimal("0"), 0)
    assert grade_for(Activity(Decimal("0"), 1, TODAY), rules, TODAY) is Grade.OCCASIONAL


def test_visits_regrade_and_override_wins_until_cleared(clerk):
    ann = person(clerk)
    assert customers.get(clerk, ann.id).grade == "new"
    for _ in range(3):  # default rules: regular from 3 visits a year
        interactions.log(clerk, ann.id, "visit", "Oil change")
    assert customers.get(clerk, ann.id).grade == "regular"
    with pytest.raises(ValidationError, match="why"):
        grading.override(clerk, ann.id, "vip", "")
    grading.override(clerk, ann.id, "vip", "Fleet contract")
    interactions.log(clerk, ann.id, "visit", "Tyres")
    assert customers.get(clerk, ann.id).grade == "vip"
    grading.override(clerk, ann.id, None)
    assert customers.get(clerk, ann.id).grade == "regular"


def test_only_the_owner_sets_thresholds(owner, clerk):
    with pytest.raises(AccessDenied):
        grading.set_rules(clerk, RULES)
    with pytest.raises(ValidationError):
        grading.set_rules(owner, Rules(Decimal("10"), 1, Decimal("20"), 2))
    ann = person(owner)
    interactions.log(owner, ann.id, "visit", "Brakes")
    grading.set_rules(owner, Rules(Decimal("100.00"), 1, Decimal("50.00"), 1))
    assert grading.rules(owner).vip_visits == 1
    assert customers.get(owner, ann.id).grade == "vip"
