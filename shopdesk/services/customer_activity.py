"""What a customer spent and how often they came: the one input of grading and lapsed lists.

Until invoices exist (a later issue), **spend is 0** and **visits are the interactions of type
"visit"**. The invoicing and repair-order issues change only :func:`activity` (add their sums)
and call :func:`note_visit` when a job is checked in, so grading needs no other change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import peewee

from shopdesk.models.crm import Interaction, InteractionKind
from shopdesk.models.customers import Customer
from shopdesk.money import ZERO


@dataclass(frozen=True)
class Activity:
    """A customer's spend and visits since a date, and their last visit ever."""

    spend: Decimal = ZERO
    visits: int = 0
    last_visit: dt.date | None = None


def activity(customer_ids: Iterable[int] | None, since: dt.date) -> dict[int, Activity]:
    """Activity per customer id (``None``: every living customer), in a few SQL queries."""
    visits: dict[int, int] = {}
    start = dt.datetime.combine(since, dt.time())
    query = (Interaction.select(Interaction.customer, peewee.fn.COUNT(Interaction.id))
             .where((Interaction.kind == InteractionKind.VISIT.value)
                    & (Interaction.at >= start))
             .group_by(Interaction.customer))
    customers = Customer.select(Customer.id, Customer.last_visit_on).where(
        Customer.archived == False)  # noqa: E712
    if customer_ids is not None:
        ids = list(customer_ids)
        query = query.where(Interaction.customer.in_(ids))
        customers = customers.where(Customer.id.in_(ids))
    for cid, count in query.tuples():
        visits[cid] = count
    return {cid: Activity(ZERO, visits.get(cid, 0), last)
            for cid, last in customers.tuples()}


def note_visit(customer_id: int, on: dt.date) -> None:
    """Remember a visit on ``on`` (keeps ``last_visit_on`` for lapsed lists and grading)."""
    (Customer.update(last_visit_on=on)
     .where((Customer.id == customer_id)
            & (Customer.last_visit_on.is_null() | (Customer.last_visit_on < on)))
     .execute())
