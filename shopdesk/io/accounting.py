"""What the accountant asks for, for a date range: the sales journal and the payments journal.

**Sales journal**: every issued invoice and credit note dated in the range, one row per tax
rate on it: date, number, customer, net, tax and gross. Credit notes are negative. The figures
per rate follow the invoice's own rule (:mod:`shopdesk.services.totals`): the rate's lines
(after discounts) summed, then tax once per rate — so net + tax = gross on every row, and the
rows of a document add up to its printed totals. The xlsx also has the totals per rate and
every invoice line.

**Payments journal**: every payment and refund taken in the range (local days), by method.

Drafts and voided drafts never appear: they have no number and are not sales.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import peewee

from shopdesk.errors import ValidationError
from shopdesk.io.exports import ProgressFn, no_progress, shop_currency, shop_locale
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.models.customers import Customer
from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceLine, InvoiceStatus, Payment
from shopdesk.money import ZERO, from_cents, net_from_gross, tax_on
from shopdesk.services.listing import Kind

BATCH = 500
KIND_LABELS = {DocumentKind.INVOICE.value: "Invoice", DocumentKind.CREDIT_NOTE.value:
               "Credit note"}


@dataclass(frozen=True)
class Period:
    """A range of days, both ends included (None: open-ended)."""

    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValidationError(f"The period starts ({self.start}) after it ends ({self.end})")

    def on(self, field: peewee.Field) -> peewee.Expression:
        """``field`` (a date) inside the period."""
        condition = peewee.Value(1) == 1
        if self.start:
            condition &= field >= self.start
        if self.end:
            condition &= field <= self.end
        return condition

    def at(self, field: peewee.Field) -> peewee.Expression:
        """``field`` (a naive UTC timestamp) on a local day inside the period."""
        condition = peewee.Value(1) == 1
        if self.start:
            condition &= field >= _utc(self.start)
        if self.end:
            condition &= field < _utc(self.end + dt.timedelta(days=1))
        return condition


def _utc(day: dt.date) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _local(stamp: dt.datetime) -> dt.datetime:
    return stamp.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


@dataclass(frozen=True)
class JournalRow:
    """One tax rate of one issued document."""

    date: dt.date
    number: str
    kind: str
    customer: str
    customer_tax_id: str
    credits: str  # the invoice a credit note corrects
    tax_code: str
    rate: Decimal
    net: Decimal
    tax: Decimal
    gross: Decimal

    def cells(self) -> list[Any]:
        return [self.date, self.number, KIND_LABELS.get(self.kind, self.kind), self.customer,
                self.customer_tax_id, self.credits, self.tax_code, self.rate, self.net,
                self.tax, self.gross]


JOURNAL_FIELDS = [
    Field("Date", Kind.DATE), Field("Number", width=16), Field("Type", width=12),
    Field("Customer", width=28), Field("Customer tax ID", width=16),
    Field("Credits invoice", width=16), Field("Tax code", width=9),
    Field("Tax rate %", Kind.QUANTITY), Field("Net", Kind.MONEY), Field("Tax", Kind.MONEY),
    Field("Gross", Kind.MONEY),
]


def band(base: Decimal, rate: Decimal, prices_include_tax: bool) -> tuple[Decimal, Decimal,
                                                                           Decimal]:
    """Net, tax and gross of one rate's lines summing to ``base`` (the invoice's rule)."""
    if prices_include_tax:
        net = net_from_gross(base, rate)
        return net, base - net, base
    tax = tax_on(base, rate)
    return base, tax, base + tax


def documents(period: Period) -> peewee.ModelSelect:
    """Issued invoices and credit notes dated in ``period``, in journal order."""
    return (Invoice.select()
            .where((Invoice.status == InvoiceStatus.ISSUED.value)
                   & period.on(Invoice.issue_date))
            .order_by(Invoice.issue_date, Invoice.kind.desc(), Invoice.year, Invoice.sequence,
                      Invoice.id))


def _document_batches(period: Period) -> Iterator[list[Invoice]]:
    query = documents(period)
    offset = 0
    while True:
        batch = list(query.offset(offset).limit(BATCH))
        if batch:
            yield batch
        if len(batch) < BATCH:
            return
        offset += BATCH


def _numbers(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(Invoice.select(Invoice.id, Invoice.number).where(Invoice.id.in_(list(ids)))
                .tuples())


def journal(period: Period) -> Iterator[JournalRow]:
    """The sales journal rows, by date then number, rates high to low within a document."""
    for batch in _document_batches(period):
        ids = [d.id for d in batch]
        sums = (InvoiceLine.select(InvoiceLine.invoice, InvoiceLine.tax_rate,
                                   peewee.fn.MAX(InvoiceLine.tax_code),
                                   peewee.fn.SUM(InvoiceLine.discounted).coerce(False))
                .where(InvoiceLine.invoice.in_(ids))
                .group_by(InvoiceLine.invoice, InvoiceLine.tax_rate).tuples())
        bands: dict[int, list[tuple[Decimal, str, Decimal]]] = {}
        for invoice_id, rate, code, total in sums:
            bands.setdefault(invoice_id, []).append(
                (rate, code or "", from_cents(int(total))))
        credited = _numbers({d.credited_invoice_id for d in batch if d.credited_invoice_id})
        for doc in batch:
            for rate, code, base in sorted(bands.get(doc.id, []), key=lambda b: -b[0]):
                net, tax, gross = band(base, rate, doc.prices_include_tax)
                yield JournalRow(doc.issue_date, doc.number, doc.kind, doc.customer_name,
                                 doc.customer_tax_id,
                                 credited.get(doc.credited_invoice_id, ""), code, rate, net,
                                 tax, gross)


LINE_FIELDS = [
    Field("Date", Kind.DATE), Field("Number", width=16), Field("Type", width=12),
    Field("Customer", width=26), Field("Line", Kind.NUMBER, 6), Field("Kind", width=8),
    Field("SKU", width=14), Field("Description", width=34), Field("Quantity", Kind.QUANTITY),
    Field("Unit price", Kind.MONEY), Field("Discount %", Kind.QUANTITY),
    Field("Tax code", width=9), Field("Tax rate %", Kind.QUANTITY),
    Field("Amount", Kind.MONEY), Field("Unit cost", Kind.MONEY),
]


def document_lines(period: Period) -> Iterator[tuple[Invoice, list[tuple]]]:
    """Each issued document in ``period`` with its lines as tuples (position order):
    (position, kind, sku, description, quantity, unit price, discount %, tax code,
    tax rate, discounted amount, unit cost) — quantities and amounts signed (credit notes
    negative)."""
    line = InvoiceLine
    for batch in _document_batches(period):
        ids = [d.id for d in batch]
        rows: dict[int, list[tuple]] = {}
        for values in (line.select(line.invoice, line.position, line.kind, line.sku,
                                   line.description, line.quantity, line.unit_price,
                                   line.discount_percent, line.tax_code, line.tax_rate,
                                   line.discounted, line.unit_cost)
                       .where(line.invoice.in_(ids)).order_by(line.invoice, line.position,
                                                               line.id).tuples()):
            rows.setdefault(values[0], []).append(values[1:])
        for doc in batch:
            lines = rows.get(doc.id, [])
            if doc.kind == DocumentKind.CREDIT_NOTE.value:
                lines = [(p, k, s, d, -q, *rest) for p, k, s, d, q, *rest in lines]
            yield doc, lines


@dataclass(frozen=True)
class Summary:
    """What an export wrote: documents (or payments), rows, and totals."""

    documents: int
    rows: int
    net: Decimal = ZERO
    tax: Decimal = ZERO
    gross: Decimal = ZERO


def export_sales(path: str | Path, period: Period, fmt: str | None = None,
                 progress: ProgressFn = no_progress) -> Summary:
    """The sales journal (xlsx: plus totals per rate and every line; csv: the journal)."""
    total_docs = documents(period).count()
    progress(0, total_docs, "")
    per_rate: dict[tuple[Decimal, str], list] = {}
    numbers: set[str] = set()
    with Workbook(path, currency=shop_currency(), locale=shop_locale(), fmt=fmt) as book:
        sheet = book.sheet("Sales journal", JOURNAL_FIELDS)
        for row in journal(period):
            sheet.write(row.cells())
            numbers.add(row.number)
            sums = per_rate.setdefault((row.rate, row.tax_code), [set(), ZERO, ZERO, ZERO])
            sums[0].add(row.number)
            sums[1] += row.net
            sums[2] += row.tax
            sums[3] += row.gross
            if sheet.rows % 1000 == 0:
                progress(len(numbers), total_docs, f"{len(numbers):,} of {total_docs:,}")
        net = sum((s[1] for s in per_rate.values()), ZERO)
        tax = sum((s[2] for s in per_rate.values()), ZERO)
        gross = sum((s[3] for s in per_rate.values()), ZERO)
        if book.format == "xlsx":
            totals = book.sheet("Totals by tax rate", [
                Field("Tax rate %", Kind.QUANTITY), Field("Tax code", width=9),
                Field("Documents", Kind.NUMBER), Field("Net", Kind.MONEY),
                Field("Tax", Kind.MONEY), Field("Gross", Kind.MONEY)])
            for (rate, code), (docs, r_net, r_tax, r_gross) in sorted(
                    per_rate.items(), key=lambda item: -item[0][0]):
                totals.write([rate, code, len(docs), r_net, r_tax, r_gross])
            totals.write([None, "All rates", len(numbers), net, tax, gross])
            lines = book.sheet("Invoice lines", LINE_FIELDS)
            for n, (doc, rows) in enumerate(document_lines(period), 1):
                head = [doc.issue_date, doc.number, KIND_LABELS.get(doc.kind, doc.kind),
                        doc.customer_name]
                for values in rows:
                    lines.write(head + list(values))
                if n % 500 == 0:
                    progress(n, total_docs, f"Lines: {n:,} of {total_docs:,} documents")
    return Summary(len(numbers), sheet.rows, net, tax, gross)


PAYMENT_FIELDS = [
    Field("Date", Kind.DATETIME), Field("Method", width=14), Field("Amount", Kind.MONEY),
    Field("Applied to invoice", Kind.MONEY), Field("Refund", Kind.FLAG),
    Field("Invoice", width=16), Field("Customer", width=28), Field("Reference", width=18),
    Field("Taken by", width=14),
]


def payment_rows(period: Period) -> Iterator[list[Any]]:
    """Payments and refunds in ``period``, oldest first."""
    query = (Payment.select(Payment.at, Payment.method, Payment.amount, Payment.applied,
                            Payment.is_refund, Invoice.number, Invoice.customer_name,
                            Customer.display_name, Payment.reference, Payment.username)
             .join(Invoice, peewee.JOIN.LEFT_OUTER, on=(Payment.invoice == Invoice.id))
             .switch(Payment)
             .join(Customer, peewee.JOIN.LEFT_OUTER, on=(Payment.customer == Customer.id))
             .where(period.at(Payment.at)).order_by(Payment.at, Payment.id))
    offset = 0
    while True:
        batch = list(query.offset(offset).limit(2000).tuples())
        for at, method, amount, applied, refund, number, on_invoice, customer, ref, user in \
                batch:
            yield [_local(at), method, amount, applied, refund, number or "",
                   on_invoice or customer or "", ref, user]
        if len(batch) < 2000:
            return
        offset += 2000


def export_payments(path: str | Path, period: Period, fmt: str | None = None,
                    progress: ProgressFn = no_progress) -> Summary:
    """The payments journal (xlsx: plus the totals per method)."""
    per_method: dict[str, list] = {}
    with Workbook(path, currency=shop_currency(), locale=shop_locale(), fmt=fmt) as book:
        sheet = book.sheet("Payments", PAYMENT_FIELDS)
        for row in payment_rows(period):
            sheet.write(row)
            sums = per_method.setdefault(row[1], [0, ZERO])
            sums[0] += 1
            sums[1] += row[2]
            if sheet.rows % 1000 == 0:
                progress(sheet.rows, 0, f"{sheet.rows:,} payments")
        total = sum((s[1] for s in per_method.values()), ZERO)
        if book.format == "xlsx":
            totals = book.sheet("Totals by method", [
                Field("Method", width=14), Field("Payments", Kind.NUMBER),
                Field("Amount", Kind.MONEY)])
            for method, (count, amount) in sorted(per_method.items()):
                totals.write([method, count, amount])
            totals.write(["All methods", sheet.rows, total])
    return Summary(sheet.rows, sheet.rows, gross=total)
