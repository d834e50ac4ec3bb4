"""Satisfaction surveys (taken in the follow-up call) and their statistics for reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import peewee

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.crm import Survey
from shopdesk.models.customers import Customer
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require

DIMENSIONS = ("quality", "price", "speed", "staff")
DIMENSION_LABELS = {
    "quality": QT_TRANSLATE_NOOP("Labels", "Quality of work"),
    "price": QT_TRANSLATE_NOOP("Labels", "Price"),
    "speed": QT_TRANSLATE_NOOP("Labels",
                "Speed"),
    "staff": QT_TRANSLATE_NOOP("Labels", "Staff"),
}


@dataclass
class Answers:
    """1-5 for each dimension, 0-10 for "would you recommend us"."""

    quality: int
    price: int
    speed: int
    staff: int
    recommend: int
    comment: str = ""


def record(actor: Actor, customer_id: int, answers: Answers, *, invoice_id: int | None = None,
           on: dt.date | None = None) -> Survey:
    """Save a survey; every score must be in its range."""
    require(actor, Permission.EDIT_CUSTOMERS)
    problems = {d: "From 1 to 5" for d in DIMENSIONS
                if not isinstance(getattr(answers, d), int) or not 1 <= getattr(answers, d) <= 5}
    if not isinstance(answers.recommend, int) or not 0 <= answers.recommend <= 10:
        problems["recommend"] = "From 0 to 10"
    if problems:
        raise ValidationError("Each score must be in its range: "
                              + ", ".join(f"{k} {v.lower()}" for k, v in problems.items()),
                              problems)
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFoundError(f"There is no customer number {customer_id}")
        row = Survey.create(customer=customer_id, invoice_id=invoice_id,
                            taken_on=on or dt.date.today(), quality=answers.quality,
                            price=answers.price, speed=answers.speed, staff=answers.staff,
                            recommend=answers.recommend, comment=answers.comment.strip(),
                            user=actor.user_id)
        audit.record(actor, "create", "survey", row.id,
                     f"Survey from {customer.display_name}: recommend {answers.recommend}/10")
    return row


@dataclass(frozen=True)
class MonthStats:
    """One month of surveys: how many, the average per dimension, and the NPS (-100..100)."""

    month: str  # YYYY-MM
    count: int
    averages: dict[str, Decimal]
    nps: int


@dataclass(frozen=True)
class SurveyStats:
    """Surveys of a period taken together: how many, the average per dimension, the NPS."""

    count: int
    averages: dict[str, Decimal]
    nps: int


def _avg(total: int, count: int) -> Decimal:
    return (Decimal(total) / count).quantize(Decimal("0.01"), ROUND_HALF_UP)


def net_promoter_score(promoters: int, detractors: int, count: int) -> int:
    """Promoters (9–10) less detractors (0–6), in whole percent of the answers (half up)."""
    return int((Decimal(promoters - detractors) * 100 / count)
               .quantize(Decimal(1), ROUND_HALF_UP))


def _sums(start: dt.date, end: dt.date, *group: peewee.Node) -> peewee.Query:
    """count, the sum of each dimension, promoters, detractors (per group, if any)."""
    promoter = peewee.Case(None, [(Survey.recommend >= 9, 1)], 0)
    detractor = peewee.Case(None, [(Survey.recommend <= 6, 1)], 0)
    query = (Survey.select(*group, peewee.fn.COUNT(Survey.id),
                           *[peewee.fn.SUM(getattr(Survey, d)) for d in DIMENSIONS],
                           peewee.fn.SUM(promoter), peewee.fn.SUM(detractor))
             .where(Survey.taken_on.between(start, end)))
    return query.group_by(*group).order_by(*group) if group else query


def _stats(count: int, sums: list, promoters: int, detractors: int) -> SurveyStats:
    averages = {d: _avg(int(s), count) for d, s in zip(DIMENSIONS, sums, strict=True)}
    return SurveyStats(count, averages,
                       net_promoter_score(int(promoters), int(detractors), count))


def monthly_stats(actor: Actor, start: dt.date, end: dt.date) -> list[MonthStats]:
    """Survey statistics per month between two dates (inclusive), computed in SQL."""
    if isinstance(db.obj, peewee.PostgresqlDatabase):
        month = peewee.fn.to_char(Survey.taken_on, "YYYY-MM")
    else:
        month = peewee.fn.strftime("%Y-%m", Survey.taken_on)
    result = []
    for m, count, *sums, promoters, detractors in _sums(start, end, month).tuples():
        stats = _stats(count, sums, promoters, detractors)
        result.append(MonthStats(m, stats.count, stats.averages, stats.nps))
    return result


def overall(actor: Actor, start: dt.date, end: dt.date) -> SurveyStats | None:
    """The period's statistics from the answers themselves (not from the monthly figures,
    which are rounded): None when no survey was taken between the dates (inclusive)."""
    count, *sums, promoters, detractors = _sums(start, end).tuples()[0]
    if not count:
        return None
    return _stats(int(count), sums, promoters, detractors)


def of_customer(actor: Actor, customer_id: int) -> list[Survey]:
    return list(Survey.select().where(Survey.customer == customer_id)
                .order_by(Survey.taken_on.desc(), Survey.id.desc()))
