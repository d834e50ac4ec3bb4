"""What a customer spent and how often they came: the one input of grading and lapsed lists.

**Spend** is the total of issued invoices less issued credit notes dated in the window
(credit notes carry negative totals). **Visits** are the logged visits in the window (opening
a repair order logs one) plus issued invoices not made from a repair order (a counter sale is
a visit too; a repair order's invoice is the same visit as the order). The last visit is the
later of ``last_visit_on`` and the last invoice date. Issuing an invoice or credit note
regrades its customer (:func:`shopdesk.services.grading.regrade`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import peewee

from shopdesk.models.crm import Interaction, InteractionKind
from shopdesk.models.customers import Customer
from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceStatus
from shopdesk.money import ZERO, from_cents


@dataclass(frozen=True)
class Activity:
    """A customer's spend and visits since a date, and their last visit ever."""

    spend: Decimal = ZERO
    visits: int = 0
    last_visit: dt.date | None = None


def _as_date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value  # type: ignore[return-value]
    return dt.date.fromisoformat(str(value)[:10])


def activity(customer_ids: Iterable[int] | None, since: dt.date) -> dict[int, Activity]:
    """Activity per customer id (``None``: every living customer), in a few SQL queries."""
    start = dt.datetime.combine(since, dt.time())
    issued = Invoice.status == InvoiceStatus.ISSUED.value
    visits_q = (Interaction.select(Interaction.customer, peewee.fn.COUNT(Interaction.id))
                .where((Interaction.kind == InteractionKind.VISIT.value)
                       & (Interaction.at >= start))
                .group_by(Interaction.customer))
    sales_q = (Invoice.select(Invoice.customer, peewee.fn.COUNT(Invoice.id))
               .where(issued & (Invoice.kind == DocumentKind.INVOICE.value)
                      & (Invoice.source != "repair order") & (Invoice.issue_date >= since)
                      & Invoice.customer.is_null(False))
               .group_by(Invoice.customer))
    spend_q = (Invoice.select(Invoice.customer, peewee.fn.SUM(Invoice.gross).coerce(False))
               .where(issued & (Invoice.issue_date >= since) & Invoice.customer.is_null(False))
               .group_by(Invoice.customer))
    last_q = (Invoice.select(Invoice.customer, peewee.fn.MAX(Invoice.issue_date))
              .where(issued & (Invoice.kind == DocumentKind.INVOICE.value)
                     & Invoice.customer.is_null(False))
              .group_by(Invoice.customer))
    customers = Customer.select(Customer.id, Customer.last_visit_on).where(
        Customer.archived == False)  # noqa: E712
    if customer_ids is not None:
        ids = list(customer_ids)
        visits_q = visits_q.where(Interaction.customer.in_(ids))
        sales_q = sales_q.where(Invoice.customer.in_(ids))
        spend_q = spend_q.where(Invoice.customer.in_(ids))
        last_q = last_q.where(Invoice.customer.in_(ids))
        customers = customers.where(Customer.id.in_(ids))
    visits = dict(visits_q.tuples())
    for cid, count in sales_q.tuples():
        visits[cid] = visits.get(cid, 0) + count
    spend = {cid: int(cents or 0) for cid, cents in spend_q.tuples()}
    last_sale = {cid: _as_date(last) for cid, last in last_q.tuples()}
    result = {}
    for cid, last in customers.tuples():
        latest = [d for d in (last, last_sale.get(cid)) if d]
        result[cid] = Activity(from_cents(spend.get(cid, 0)), visits.get(cid, 0),
                               max(latest) if latest else None)
    return result


def note_visit(customer_id: int, on: dt.date) -> None:
    """Remember a visit on ``on`` (keeps ``last_visit_on`` for lapsed lists and grading)."""
    (Customer.update(last_visit_on=on)
     .where((Customer.id == customer_id)
            & (Customer.last_visit_on.is_null() | (Customer.last_visit_on < on)))
     .execute())
