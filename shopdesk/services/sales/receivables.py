"""What customers owe: the receivables aging list and account statements.

Aging puts each open invoice's balance in a bucket by days past its due date: current (not
yet due), 1–30, 31–60, 61–90 and over 90 days. A statement lists a customer's invoices,
credit notes and payments over a period with a running balance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import peewee

from shopdesk.models.customers import Customer
from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceStatus, Payment
from shopdesk.money import ZERO, from_cents
from shopdesk.services.access import Actor
from shopdesk.services.sales.payments import METHOD_LABELS

BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")


@dataclass
class AgingRow:
    """One customer's open balance split by age."""

    customer_id: int | None
    customer_name: str
    buckets: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(BUCKETS, ZERO))

    @property
    def total(self) -> Decimal:
        return sum(self.buckets.values(), ZERO)


def bucket_of(due: dt.date | None, on: dt.date) -> str:
    """The aging bucket of a balance due on ``due`` as seen on ``on``."""
    days = (on - due).days if due else 0
    if days <= 0:
        return "current"
    if days <= 30:
        return "1-30"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "90+"


def _open_invoices():
    balance = Invoice.gross - Invoice.credited - Invoice.paid
    cents = peewee.fn.COALESCE(balance, 0).coerce(False)  # raw cents, not MoneyField's Decimal
    return (Invoice.select(Invoice.customer, Invoice.customer_name, Invoice.due_date, cents)
            .where((Invoice.kind == DocumentKind.INVOICE.value)
                   & (Invoice.status == InvoiceStatus.ISSUED.value) & (balance != 0)))


def aging(actor: Actor, on: dt.date | None = None) -> list[AgingRow]:
    """Every customer with an open balance, largest total first (one SQL pass)."""
    on = on or dt.date.today()
    rows: dict[int | None, AgingRow] = {}
    for customer_id, name, due, cents in _open_invoices().tuples().iterator():
        row = rows.setdefault(customer_id, AgingRow(customer_id, name))
        if isinstance(due, str):
            due = dt.date.fromisoformat(due)
        row.buckets[bucket_of(due, on)] += from_cents(int(cents))
    return sorted(rows.values(), key=lambda r: (-r.total, r.customer_name))


def aging_totals(rows: list[AgingRow]) -> dict[str, Decimal]:
    """The column totals of an aging list."""
    return {b: sum((r.buckets[b] for r in rows), ZERO) for b in BUCKETS}


@dataclass(frozen=True)
class StatementLine:
    """One entry on a statement."""

    on: dt.date
    text: str
    reference: str
    amount: Decimal  # + charges, - payments and credits
    balance: Decimal
    due: dt.date | None = None
    kind: str = ""  # invoice, credit_note, payment, refund (``text`` is the English words)
    method: str = ""  # a payment's or refund's PaymentMethod value


@dataclass(frozen=True)
class Statement:
    """A customer's account between two dates."""

    customer: Customer
    start: dt.date
    end: dt.date
    opening: Decimal
    lines: list[StatementLine]
    closing: Decimal
    aging: AgingRow


def _entries(customer_id: int) -> list[tuple[dt.date, int, str, str, Decimal, dt.date | None,
                                             str, str]]:
    entries = []
    docs = (Invoice.select().where((Invoice.customer == customer_id)
                                   & (Invoice.status == InvoiceStatus.ISSUED.value)))
    for doc in docs:
        if doc.kind == DocumentKind.INVOICE:
            entries.append((doc.issue_date, 0, "Invoice", doc.number, doc.gross, doc.due_date,
                            "invoice", ""))
        else:
            entries.append((doc.issue_date, 1, "Credit note", doc.number, doc.gross, None,
                            "credit_note", ""))
    pays = (Payment.select(Payment, Invoice.number).join(Invoice, peewee.JOIN.LEFT_OUTER)
            .where((Payment.customer == customer_id) & (Payment.applied != 0)))
    for pay in pays:
        kind = "refund" if pay.is_refund else "payment"
        label = kind.capitalize() + f" ({METHOD_LABELS[pay.method].lower()})"
        entries.append((pay.at.date(), 2, label, pay.invoice.number if pay.invoice else "",
                        -pay.applied, None, kind, pay.method))
    # a credit note on a paid invoice is settled by a negative "applied" refund above; a
    # credit note's gross already counts once, so the account balance is invoices - credits
    # - applied payments, which equals the sum of open balances.
    entries.sort(key=lambda e: (e[0], e[1]))
    return entries


def statement(actor: Actor, customer_id: int, start: dt.date, end: dt.date) -> Statement:
    """The customer's account from ``start`` to ``end`` with opening and closing balances."""
    customer = Customer.get_by_id(customer_id)
    opening = ZERO
    lines: list[StatementLine] = []
    balance = ZERO
    for on, _order, text, ref, amount, due, kind, method in _entries(customer_id):
        if on < start:
            opening += amount
            balance = opening
            continue
        if on > end:
            break
        balance += amount
        lines.append(StatementLine(on, text, ref, amount, balance, due, kind, method))
    closing = opening + sum((li.amount for li in lines), ZERO)
    age = next((r for r in aging(actor, end) if r.customer_id == customer_id),
               AgingRow(customer_id, customer.display_name))
    return Statement(customer, start, end, opening, lines, closing, age)
