"""What a customer spent and how often they came: the one input of grading and lapsed lists.

**Spend** is the total of issued invoices less issued credit notes dated in the window
(credit notes carry negative totals). **Visits** are the logged visits in the window (opening
a repair order logs one) plus issued invoices not made from a repair order (a counter sale is
a visit too; a repair order's invoice is the same visit as the order). The last visit is the
later of ``last_visit_on`` and the last invoice date. Issuing an invoice or credit note
regrades its customer (:func:`shopdesk.services.crm.grading.regrade`).
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
from shopdesk.services.access import Actor


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


def activity(actor: Actor, customer_ids: Iterable[int] | None,
             since: dt.date) -> dict[int, Activity]:
    """Activity per customer id (``None``: every living customer), in a few SQL queries."""
    start = dt.datetime.combine(since, dt.time())
    issued = Invoice.status == InvoiceStatus.ISSUED.value
    visits_q = (Interaction.select(Interaction.customer, peewee.fn.COUNT(Interaction.id))
                .where((Interaction.kind == InteractionKind.VISIT.value)
                       & (Interaction.at >= start))
                .group_by(Interaction.customer))
    # One pass over the customer's issued documents (by the customer index): spend in the
    # window (credit notes are negative), counter sales in the window, last invoice ever.
    in_window = Invoice.issue_date >= since
    sale = ((Invoice.kind == DocumentKind.INVOICE.value)
            & (Invoice.source != "repair order") & in_window)
    sales_q = (Invoice.select(
        Invoice.customer,
        peewee.fn.SUM(peewee.Case(None, [(in_window, Invoice.gross)], 0)).coerce(False),
        peewee.fn.SUM(peewee.Case(None, [(sale, 1)], 0)),
        peewee.fn.MAX(peewee.Case(None, [(Invoice.kind == DocumentKind.INVOICE.value,
                                          Invoice.issue_date)], None)))
        .where(issued & Invoice.customer.is_null(False))
        .group_by(Invoice.customer))
    customers = Customer.select(Customer.id, Customer.last_visit_on).where(
        Customer.archived == False)  # noqa: E712
    if customer_ids is not None:
        ids = list(customer_ids)
        visits_q = visits_q.where(Interaction.customer.in_(ids))
        sales_q = sales_q.where(Invoice.customer.in_(ids))
        customers = customers.where(Customer.id.in_(ids))
    visits = dict(visits_q.tuples())
    spend: dict[int, int] = {}
    last_sale: dict[int, dt.date | None] = {}
    for cid, cents, sales, last in sales_q.tuples():
        visits[cid] = visits.get(cid, 0) + int(sales or 0)
        spend[cid] = int(cents or 0)
        last_sale[cid] = _as_date(last)
    result = {}
    for cid, last in customers.tuples():
        latest = [d for d in (last, last_sale.get(cid)) if d]
        result[cid] = Activity(from_cents(spend.get(cid, 0)), visits.get(cid, 0),
                               max(latest) if latest else None)
    return result


def note_visit(actor: Actor, customer_id: int, on: dt.date) -> None:
    """Remember a visit on ``on`` (keeps ``last_visit_on`` for lapsed lists and grading)."""
    (Customer.update(last_visit_on=on)
     .where((Customer.id == customer_id)
            & (Customer.last_visit_on.is_null() | (Customer.last_visit_on < on)))
     .execute())
