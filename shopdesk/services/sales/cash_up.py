"""End of day: takings by payment method, and the invoices and credit notes of the day.

The clerk counts the till against ``expected_cash``: cash taken less cash refunded. Store
credit is listed but is not money in the till.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import peewee

from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceStatus, Payment, PaymentMethod
from shopdesk.money import ZERO, from_cents
from shopdesk.services.access import Actor


@dataclass(frozen=True)
class DocumentOfDay:
    number: str
    customer: str
    gross: Decimal
    due: Decimal


@dataclass(frozen=True)
class CashUp:
    """Everything the till close shows."""

    day: dt.date
    takings: dict[str, Decimal]  # method -> net amount (refunds subtracted)
    refunds: dict[str, Decimal]  # method -> refunded (positive)
    payment_count: int
    invoices: list[DocumentOfDay]
    credit_notes: list[DocumentOfDay]

    @property
    def total_takings(self) -> Decimal:
        return sum((v for k, v in self.takings.items() if k != PaymentMethod.STORE_CREDIT),
                   ZERO)

    @property
    def expected_cash(self) -> Decimal:
        return self.takings.get(PaymentMethod.CASH.value, ZERO)

    @property
    def invoiced(self) -> Decimal:
        return sum((d.gross for d in self.invoices), ZERO)

    @property
    def credited(self) -> Decimal:
        return sum((d.gross for d in self.credit_notes), ZERO)


def _day_range(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day as naive UTC timestamps (payments are stored in UTC)."""
    start = dt.datetime.combine(day, dt.time()).astimezone()
    end = start + dt.timedelta(days=1)
    return (start.astimezone(dt.UTC).replace(tzinfo=None),
            end.astimezone(dt.UTC).replace(tzinfo=None))


def cash_up(actor: Actor, day: dt.date | None = None) -> CashUp:
    """The cash-up of ``day`` (today by default), from SQL sums."""
    day = day or dt.date.today()
    start, end = _day_range(day)
    in_day = (Payment.at >= start) & (Payment.at < end)
    takings: dict[str, Decimal] = {m.value: ZERO for m in PaymentMethod}
    refunds: dict[str, Decimal] = {m.value: ZERO for m in PaymentMethod}
    count = 0
    query = (Payment.select(Payment.method, Payment.is_refund,
                            peewee.fn.SUM(Payment.amount).coerce(False),
                            peewee.fn.SUM(Payment.applied).coerce(False), peewee.fn.COUNT(1))
             .where(in_day).group_by(Payment.method, Payment.is_refund))
    for method, is_refund, amount, applied, n in query.tuples():
        # store credit used on an invoice moves no money: count what it settled
        value = from_cents(int(applied if method == PaymentMethod.STORE_CREDIT else amount))
        takings[method] += value
        if is_refund:
            refunds[method] += -value
        count += n
    docs = (Invoice.select().where((Invoice.issue_date == day)
                                   & (Invoice.status == InvoiceStatus.ISSUED.value))
            .order_by(Invoice.kind, Invoice.sequence))
    inv, cns = [], []
    for doc in docs:
        due = doc.gross - doc.credited - doc.paid if doc.kind == DocumentKind.INVOICE else ZERO
        (inv if doc.kind == DocumentKind.INVOICE else cns).append(
            DocumentOfDay(doc.number, doc.customer_name, doc.gross, due))
    return CashUp(day, takings, refunds, count, inv, cns)
