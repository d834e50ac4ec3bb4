"""What the accountant asks for, for a date range: the sales journal and the payments journal.

**Sales journal**: every issued invoice and credit note dated in the range, one row per tax
rate on it: date, number, customer, net, tax and gross. Credit notes are negative. The figures
per rate follow the invoice's own rule (:mod:`shopdesk.services.sales.totals`): the rate's lines
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
from shopdesk.i18n import QT_TRANSLATE_NOOP, in_document_language, translate
from shopdesk.io.exports import ProgressFn, no_progress, shop_currency, shop_locale, translated
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.models.base import database_proxy
from shopdesk.models.customers import Customer
from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceLine, InvoiceStatus, Payment
from shopdesk.money import ZERO, from_cents, from_milli, net_from_gross, tax_on
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.listing import Kind
from shopdesk.services.sales.invoices import LINE_KIND_LABELS, customer_shown
from shopdesk.services.sales.payments import METHOD_LABELS

BATCH = 500
KIND_LABELS = {DocumentKind.INVOICE.value: QT_TRANSLATE_NOOP("Exports", "Invoice"),
               DocumentKind.CREDIT_NOTE.value: QT_TRANSLATE_NOOP("Exports", "Credit note")}


@dataclass(frozen=True)
class Period:
    """A range of days, both ends included (None: open-ended)."""

    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The period starts ({start}) after "
                                                              "it ends ({end})"),
                                  start=self.start, end=self.end)

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


JOURNAL_FIELDS = [
    Field(QT_TRANSLATE_NOOP("Exports", "Date"), Kind.DATE),
    Field(QT_TRANSLATE_NOOP("Exports", "Number"), width=16),
    Field(QT_TRANSLATE_NOOP("Exports", "Type"), width=12),
    Field(QT_TRANSLATE_NOOP("Exports", "Customer"), width=28),
    Field(QT_TRANSLATE_NOOP("Exports", "Customer tax ID"), width=16),
    Field(QT_TRANSLATE_NOOP("Exports", "Credits invoice"), width=16),
    Field(QT_TRANSLATE_NOOP("Exports", "Tax code"), width=9),
    Field(QT_TRANSLATE_NOOP("Exports", "Tax rate %"), Kind.QUANTITY, scale=1000),
    Field(QT_TRANSLATE_NOOP("Exports", "Net"), Kind.MONEY),
    Field(QT_TRANSLATE_NOOP("Exports", "Tax"), Kind.MONEY),
    Field(QT_TRANSLATE_NOOP("Exports", "Gross"), Kind.MONEY),
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


def _months(period: Period) -> Iterator[tuple[dt.date, dt.date]]:
    """The period cut into calendar months (each read with its own query: memory stays
    bounded on PostgreSQL, whose driver fetches a whole result at once)."""
    first, last = period.start, period.end
    if first is None or last is None:
        low, high = (Invoice.select(peewee.fn.MIN(Invoice.issue_date),
                                    peewee.fn.MAX(Invoice.issue_date))
                     .where(Invoice.status == InvoiceStatus.ISSUED.value).scalar(as_tuple=True))
        if low is None:
            return
        first = first or _day(low)
        last = last or _day(high)
    while first <= last:
        month_end = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) \
            - dt.timedelta(days=1)
        yield first, min(month_end, last)
        first = month_end + dt.timedelta(days=1)


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


class _Days(dict):
    """Raw dates (ISO text on SQLite) to date objects, each parsed once."""

    def __missing__(self, key: Any) -> dt.date:
        self[key] = value = _day(key)
        return value


def journal(period: Period) -> Iterator[list[Any]]:
    """Sales journal rows (cells of :data:`JOURNAL_FIELDS`) by date then number, rates high
    to low within a document; read as plain SQL rows, figures computed with Decimal."""
    doc, line = Invoice, InvoiceLine
    credited = Invoice.alias("credited")
    days = _Days()
    for first, last in _months(period):
        query = (line.select(doc.issue_date, doc.number, doc.kind, doc.customer_name,
                             doc.customer_tax_id, credited.number,
                             peewee.fn.MAX(line.tax_code), line.tax_rate,
                             peewee.fn.SUM(line.discounted), doc.prices_include_tax,
                             doc.customer)
                 .join(doc, on=(line.invoice == doc.id))
                 .join(credited, peewee.JOIN.LEFT_OUTER,
                       on=(doc.credited_invoice == credited.id))
                 .where((doc.status == InvoiceStatus.ISSUED.value)
                        & doc.issue_date.between(first, last))
                 .group_by(doc.id, doc.issue_date, doc.number, doc.kind, doc.customer_name,
                           doc.customer_tax_id, credited.number, line.tax_rate,
                           doc.prices_include_tax, doc.year, doc.sequence, doc.customer)
                 .order_by(doc.issue_date, doc.kind.desc(), doc.year, doc.sequence, doc.id,
                           line.tax_rate.desc()))
        for (day, number, kind, customer, tax_id, credits, code, rate, total,
             inclusive, customer_id) in database_proxy.execute(query):
            net, tax, gross = band(from_cents(int(total)), from_milli(int(rate)),
                                   bool(inclusive))
            yield [days[day], number, translate("Exports", KIND_LABELS.get(kind, kind)),
                   customer_shown(customer, customer_id), tax_id, credits or "", code or "",
                   rate, net, tax, gross]


def line_rows(period: Period) -> Iterator[list[Any]]:
    """Every line of the issued documents in ``period`` (cells of :data:`LINE_FIELDS`,
    stored units), credit notes negative."""
    doc, line = Invoice, InvoiceLine
    days = _Days()
    credit = DocumentKind.CREDIT_NOTE.value
    for first, last in _months(period):
        query = (line.select(doc.issue_date, doc.number, doc.kind, doc.customer_name,
                             line.position, line.kind, line.sku, line.description,
                             line.quantity, line.unit_price, line.discount_percent,
                             line.tax_code, line.tax_rate, line.discounted, line.unit_cost,
                             doc.customer)
                 .join(doc, on=(line.invoice == doc.id))
                 .where((doc.status == InvoiceStatus.ISSUED.value)
                        & doc.issue_date.between(first, last))
                 .order_by(doc.issue_date, doc.kind.desc(), doc.year, doc.sequence, doc.id,
                           line.position, line.id))
        for row in database_proxy.execute(query):
            cells = list(row)
            customer_id = cells.pop()
            cells[0] = days[cells[0]]
            cells[3] = customer_shown(cells[3], customer_id)
            cells[5] = translate("Labels", LINE_KIND_LABELS.get(cells[5], cells[5]))
            if cells[2] == credit:
                cells[8] = -cells[8]
            cells[2] = translate("Exports", KIND_LABELS.get(cells[2], cells[2]))
            yield cells


LINE_FIELDS = [
    Field(QT_TRANSLATE_NOOP("Exports", "Date"), Kind.DATE),
    Field(QT_TRANSLATE_NOOP("Exports", "Number"), width=16),
    Field(QT_TRANSLATE_NOOP("Exports", "Type"), width=12),
    Field(QT_TRANSLATE_NOOP("Exports", "Customer"), width=26),
    Field(QT_TRANSLATE_NOOP("Exports", "Line"), Kind.NUMBER, 6),
    Field(QT_TRANSLATE_NOOP("Exports", "Kind"), width=8),
    Field(QT_TRANSLATE_NOOP("Exports", "SKU"), width=14),
    Field(QT_TRANSLATE_NOOP("Exports", "Description"), width=34),
    Field(QT_TRANSLATE_NOOP("Exports", "Quantity"), Kind.QUANTITY, scale=1000),
    Field(QT_TRANSLATE_NOOP("Exports", "Unit price"), Kind.MONEY, scale=100),
    Field(QT_TRANSLATE_NOOP("Exports", "Discount %"), Kind.QUANTITY, scale=1000),
    Field(QT_TRANSLATE_NOOP("Exports", "Tax code"), width=9),
    Field(QT_TRANSLATE_NOOP("Exports", "Tax rate %"), Kind.QUANTITY, scale=1000),
    Field(QT_TRANSLATE_NOOP("Exports", "Amount"), Kind.MONEY, scale=100),
    Field(QT_TRANSLATE_NOOP("Exports", "Unit cost"), Kind.MONEY, scale=100),
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


@in_document_language
def export_sales(actor: Actor, path: str | Path, period: Period, fmt: str | None = None,
                 progress: ProgressFn = no_progress) -> Summary:
    """The sales journal (xlsx: plus totals per rate and every line; csv: the journal).
    The owner's figures (lines carry unit costs): owner only."""
    require(actor, Permission.VIEW_OWNER_REPORTS)
    total_docs = documents(period).count()
    progress(0, total_docs, "")
    per_rate: dict[tuple[int, str], list] = {}
    numbers: set[str] = set()
    with Workbook(path, currency=shop_currency(), locale=shop_locale(), fmt=fmt) as book:
        sheet = book.sheet(translate("Exports", "Sales journal"), translated(JOURNAL_FIELDS))
        for row in journal(period):
            sheet.write(row)
            numbers.add(row[1])
            sums = per_rate.setdefault((row[7], row[6]), [0, ZERO, ZERO, ZERO])
            sums[0] += 1
            sums[1] += row[8]
            sums[2] += row[9]
            sums[3] += row[10]
            if sheet.rows % 2000 == 0:
                progress(len(numbers), total_docs, f"{len(numbers):,} of {total_docs:,}")
        net = sum((s[1] for s in per_rate.values()), ZERO)
        tax = sum((s[2] for s in per_rate.values()), ZERO)
        gross = sum((s[3] for s in per_rate.values()), ZERO)
        if book.format == "xlsx":
            totals = book.sheet(translate("Exports", "Totals by tax rate"), translated([
                Field(QT_TRANSLATE_NOOP("Exports", "Tax rate %"), Kind.QUANTITY, scale=1000),
                Field(QT_TRANSLATE_NOOP("Exports", "Tax code"), width=9),
                Field(QT_TRANSLATE_NOOP("Exports", "Documents"), Kind.NUMBER),
                Field(QT_TRANSLATE_NOOP("Exports", "Net"), Kind.MONEY),
                Field(QT_TRANSLATE_NOOP("Exports", "Tax"), Kind.MONEY),
                Field(QT_TRANSLATE_NOOP("Exports", "Gross"), Kind.MONEY)]))
            for (rate, code), (docs, r_net, r_tax, r_gross) in sorted(
                    per_rate.items(), key=lambda item: (-item[0][0], item[0][1])):
                totals.write([rate, code, docs, r_net, r_tax, r_gross])
            totals.write([None, translate("Exports", "All rates"), len(numbers), net, tax,
                          gross])
            lines = book.sheet(translate("Exports", "Invoice lines"), translated(LINE_FIELDS))
            for row in line_rows(period):
                lines.write(row)
                if lines.rows % 5000 == 0:
                    progress(lines.rows, 0, f"{lines.rows:,} invoice lines")
    return Summary(len(numbers), sheet.rows, net, tax, gross)


PAYMENT_FIELDS = [
    Field(QT_TRANSLATE_NOOP("Exports", "Date"), Kind.DATETIME),
    Field(QT_TRANSLATE_NOOP("Exports", "Method"), width=14),
    Field(QT_TRANSLATE_NOOP("Exports", "Amount"), Kind.MONEY),
    Field(QT_TRANSLATE_NOOP("Exports", "Applied to invoice"), Kind.MONEY),
    Field(QT_TRANSLATE_NOOP("Exports", "Refund"), Kind.FLAG),
    Field(QT_TRANSLATE_NOOP("Exports", "Invoice"), width=16),
    Field(QT_TRANSLATE_NOOP("Exports", "Customer"), width=28),
    Field(QT_TRANSLATE_NOOP("Exports", "Reference"), width=18),
    Field(QT_TRANSLATE_NOOP("Exports", "Taken by"), width=14),
]


def method_label(method: str) -> str:
    """A payment method as the payment dialog names it ("Card" / "银行卡")."""
    label = METHOD_LABELS.get(method)  # type: ignore[call-overload]
    return translate("Labels", label) if label else method


def payment_rows(period: Period) -> Iterator[list[Any]]:
    """Payments and refunds in ``period``, oldest first."""
    query = (Payment.select(Payment.at, Payment.method, Payment.amount, Payment.applied,
                            Payment.is_refund, Invoice.number, Invoice.customer_name,
                            Customer.display_name, Payment.reference, Payment.username,
                            Payment.customer)
             .join(Invoice, peewee.JOIN.LEFT_OUTER, on=(Payment.invoice == Invoice.id))
             .switch(Payment)
             .join(Customer, peewee.JOIN.LEFT_OUTER, on=(Payment.customer == Customer.id))
             .where(period.at(Payment.at)).order_by(Payment.at, Payment.id))
    offset = 0
    while True:
        batch = list(query.offset(offset).limit(2000).tuples())
        for (at, method, amount, applied, refund, number, on_invoice, customer, ref, user,
             customer_id) in batch:
            yield [_local(at), method_label(method), amount, applied, refund, number or "",
                   customer_shown(on_invoice, customer_id) if on_invoice else customer or "",
                   ref, user]
        if len(batch) < 2000:
            return
        offset += 2000


@in_document_language
def export_payments(actor: Actor, path: str | Path, period: Period, fmt: str | None = None,
                    progress: ProgressFn = no_progress) -> Summary:
    """The payments journal (xlsx: plus the totals per method); owner only."""
    require(actor, Permission.VIEW_OWNER_REPORTS)
    per_method: dict[str, list] = {}
    with Workbook(path, currency=shop_currency(), locale=shop_locale(), fmt=fmt) as book:
        sheet = book.sheet(translate("Exports", "Payments"), translated(PAYMENT_FIELDS))
        for row in payment_rows(period):
            sheet.write(row)
            sums = per_method.setdefault(row[1], [0, ZERO])
            sums[0] += 1
            sums[1] += row[2]
            if sheet.rows % 1000 == 0:
                progress(sheet.rows, 0, f"{sheet.rows:,} payments")
        total = sum((s[1] for s in per_method.values()), ZERO)
        if book.format == "xlsx":
            totals = book.sheet(translate("Exports", "Totals by method"), translated([
                Field(QT_TRANSLATE_NOOP("Exports", "Method"), width=14),
                Field(QT_TRANSLATE_NOOP("Exports", "Payments"), Kind.NUMBER),
                Field(QT_TRANSLATE_NOOP("Exports", "Amount"), Kind.MONEY)]))
            # in the order the payment dialog lists the methods, in any language
            order = {method_label(m): i for i, m in enumerate(METHOD_LABELS)}
            for method, (count, amount) in sorted(
                    per_method.items(), key=lambda item: (order.get(item[0], 99), item[0])):
                totals.write([method, count, amount])
            totals.write([translate("Exports", "All methods"), sheet.rows, total])
    return Summary(sheet.rows, sheet.rows, gross=total)
