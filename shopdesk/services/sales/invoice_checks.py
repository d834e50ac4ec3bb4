"""``shopdesk check`` for invoices: gapless numbers, totals = lines, payments within totals."""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from shopdesk.i18n import translate
from shopdesk.models.customers import Customer
from shopdesk.models.invoices import CreditEntry, DocumentSequence, Invoice, InvoiceLine, Payment
from shopdesk.services.faults import Fault, invariant
from shopdesk.services.sales import invoices

LIMIT = 20
#: Issued documents re-computed in full with the rounding rule (the newest ones).
RECOMPUTE = 500


def _issued() -> peewee.Expression:
    return Invoice.status == "issued"


def _number_faults() -> list[str]:
    """Gaps, duplicates and orphan numbers per series and year."""
    faults = []
    query = (Invoice.select(Invoice.series, Invoice.year, peewee.fn.COUNT(Invoice.id),
                            peewee.fn.MIN(Invoice.sequence), peewee.fn.MAX(Invoice.sequence),
                            peewee.fn.COUNT(Invoice.sequence.distinct()))
             .where(_issued()).group_by(Invoice.series, Invoice.year))
    used = {}
    for series, year, count, low, high, distinct in query.tuples():
        used[(series, year)] = high
        if low != 1 or high != count or distinct != count:
            faults.append(translate(
                "Checks", "{series} numbers of {year} are not 1..{count} without gaps "
                          "(from {low} to {high}, {distinct} distinct)").format(
                series=series, year=year, count=count, low=low, high=high, distinct=distinct))
    for seq in DocumentSequence.select():
        if used.get((seq.series, seq.year), 0) != seq.last_number:
            faults.append(translate(
                "Checks", "{series} counter of {year} is at {counter} but the last issued "
                          "number is {last}").format(
                series=seq.series, year=seq.year, counter=seq.last_number,
                last=used.get((seq.series, seq.year), 0)))
    unnumbered = Invoice.select().where(_issued() & Invoice.number.is_null()).count()
    if unnumbered:
        faults.append(translate("Checks", "{count} issued documents have no number").format(
            count=unnumbered))
    numbered_drafts = Invoice.select().where(~_issued() & Invoice.number.is_null(False)).count()
    if numbered_drafts:
        faults.append(translate("Checks", "{count} drafts or void documents hold a number").format(
            count=numbered_drafts))
    return faults


def _total_faults() -> list[str]:
    """Cached totals that do not add up, by SQL over every document and in full for the
    newest :data:`RECOMPUTE`."""
    faults = []
    sums = (InvoiceLine.select(InvoiceLine.invoice.alias("iid"),
                               peewee.fn.SUM(InvoiceLine.discounted).alias("lines"))
            .group_by(InvoiceLine.invoice).alias("sums"))
    query = (Invoice.select(Invoice.number)
             .join(sums, on=(sums.c.iid == Invoice.id))
             .where(_issued() & ((sums.c.lines != Invoice.subtotal - Invoice.discount)
                                 | (Invoice.net + Invoice.tax != Invoice.gross)))
             .limit(LIMIT))
    faults += [translate("Checks", "{number}: cached totals differ from its lines").format(number=n)
               for (n,) in query.tuples()]
    newest = Invoice.select().where(_issued()).order_by(Invoice.id.desc()).limit(RECOMPUTE)
    for invoice in newest:
        t = invoices.totals_of(invoice, InvoiceLine.select().where(
            InvoiceLine.invoice == invoice.id))
        if (t.net, t.tax, t.gross) != (invoice.net, invoice.tax, invoice.gross):
            faults.append(translate(
                "Checks", "{number}: totals {gross} but its lines give {lines} by the "
                          "rounding rule").format(number=invoice.number, gross=invoice.gross,
                                                  lines=t.gross))
            if len(faults) >= LIMIT:
                break
    return faults


def _payment_faults() -> list[str]:
    """Paid caches that differ from the payments; more paid or credited than invoiced;
    negative store credit."""
    faults = []
    applied = (Payment.select(Payment.invoice.alias("iid"),
                              peewee.fn.SUM(Payment.applied).alias("paid"))
               .where(Payment.invoice.is_null(False)).group_by(Payment.invoice).alias("ap"))
    paid = peewee.fn.COALESCE(applied.c.paid, 0)
    query = (Invoice.select(Invoice.number)
             .join(applied, peewee.JOIN.LEFT_OUTER, on=(applied.c.iid == Invoice.id))
             .where(Invoice.paid != paid).limit(LIMIT))
    faults += [translate("Checks", "{number}: paid figure differs from its payments")
               .format(number=n) for (n,) in query.tuples()]
    over = (Invoice.select(Invoice.number)
            .where((Invoice.kind == "invoice")
                   & ((Invoice.paid + Invoice.credited > Invoice.gross) | (Invoice.paid < 0)))
            .limit(LIMIT))
    faults += [translate("Checks", "{number}: paid and credited exceed its total").format(number=n)
               for (n,) in over.tuples()]
    credited = (Invoice.select(Invoice.credited_invoice.alias("iid"),
                               (0 - peewee.fn.SUM(Invoice.gross)).alias("total"))
                .where(_issued() & (Invoice.kind == "credit_note"))
                .group_by(Invoice.credited_invoice).alias("cn"))
    query = (Invoice.select(Invoice.number)
             .join(credited, peewee.JOIN.LEFT_OUTER, on=(credited.c.iid == Invoice.id))
             .where((Invoice.kind == "invoice")
                    & (Invoice.credited != peewee.fn.COALESCE(credited.c.total, 0)))
             .limit(LIMIT))
    faults += [translate("Checks", "{number}: credited figure differs from its credit notes")
               .format(number=n) for (n,) in query.tuples()]
    negative = (Customer.select(Customer.display_name).join(CreditEntry)
                .group_by(Customer.id, Customer.display_name)
                .having(peewee.fn.SUM(CreditEntry.amount) < 0).limit(LIMIT))
    faults += [translate("Checks", "{name} has negative store credit").format(name=n)
               for (n,) in negative.tuples()]
    return faults


@invariant("invoices")
def _invoices(db: peewee.Database) -> Iterable[Fault]:
    for message in _number_faults() + _total_faults() + _payment_faults():
        yield Fault("invoices", message)
