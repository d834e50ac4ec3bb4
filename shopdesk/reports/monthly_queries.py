"""The SQL behind the monthly owner report: one aggregate query per figure and period.

Every function returns a peewee query (not yet run) whose rows are plain numbers: money in
cents, quantities in thousandths, costs in thousandths of a cent. :mod:`monthly` runs them and
turns them into exact ``Decimal`` figures; the benchmark runs the same SQL bare as its floor.

Revenue is net of tax and of every discount: a line's ``discounted`` amount (tax-exclusive
shops: its net; tax-inclusive: its gross, brought to net per line). Credit notes carry negative
amounts, so they reduce revenue in the month they are issued.
"""

from __future__ import annotations

import datetime as dt

import peewee

from shopdesk.models.base import database_proxy as db
from shopdesk.models.crm import Complaint, Survey
from shopdesk.models.customers import Customer
from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceLine, InvoiceStatus, Payment
from shopdesk.models.maintenance import Reminder
from shopdesk.models.parts import MovementKind, Part, StockMonth, StockMovement
from shopdesk.models.repair_orders import Approval, RepairOrder, RepairOrderLine, TimeEntry
from shopdesk.models.vehicles import Vehicle

DIMENSIONS = ("quality", "price", "speed", "staff")
AGING = ("current", "1-30", "31-60", "61-90", "90+")
OUTGOING = (MovementKind.SALE.value, MovementKind.REPAIR_USE.value)
ISSUED = InvoiceStatus.ISSUED.value
INVOICE = DocumentKind.INVOICE.value
CREDIT_NOTE = DocumentKind.CREDIT_NOTE.value


def _raw(node: peewee.Node) -> peewee.Node:
    """An aggregate returned as the database gives it (cents, not MoneyField's Decimal)."""
    return node.coerce(False) if hasattr(node, "coerce") else node


def _int(value: object) -> peewee.Value:
    return peewee.Value(value, converter=False)


def in_period(start: dt.date, end: dt.date, invoice: type[Invoice] | peewee.ModelAlias = Invoice
              ) -> peewee.Expression:
    """Issued invoices and credit notes dated in [start, end) (by the (kind, issue_date)
    index: only issued documents have an issue date)."""
    return (invoice.kind.in_((INVOICE, CREDIT_NOTE)) & (invoice.issue_date >= start)
            & (invoice.issue_date < end) & (invoice.status == ISSUED))


def line_net() -> peewee.Node:
    """A line's net amount in cents (tax-inclusive entry brought to net, rounded per line)."""
    gross_to_net = peewee.fn.ROUND(InvoiceLine.discounted * _int(100000.0)
                                   / (_int(100000) + InvoiceLine.tax_rate))
    return peewee.Case(None, [(Invoice.prices_include_tax == True, gross_to_net)],  # noqa: E712
                       InvoiceLine.discounted)


def _signed_quantity() -> peewee.Node:
    """A line's quantity with a credit note's sign (its lines store positive quantities)."""
    return peewee.Case(None, [(Invoice.kind == CREDIT_NOTE, _int(0) - InvoiceLine.quantity)],
                       InvoiceLine.quantity)


def revenue_by_kind(start: dt.date, end: dt.date) -> peewee.Query:
    """Per line kind: net revenue (cents) and the cost of part lines that did not move stock
    on issue (repair-order parts, free-text parts), in thousandths of a cent."""
    snapshot_cost = peewee.Case(
        None, [((InvoiceLine.takes_stock == True)  # noqa: E712
                & InvoiceLine.part.is_null(False), _int(0))],
        _signed_quantity() * InvoiceLine.unit_cost)
    return (InvoiceLine.select(InvoiceLine.kind, _raw(peewee.fn.SUM(line_net())),
                               _raw(peewee.fn.SUM(snapshot_cost)))
            .join(Invoice).where(in_period(start, end)).group_by(InvoiceLine.kind))


def ledger_cost(start: dt.date, end: dt.date) -> peewee.Query:
    """Cost of the parts that left stock on issue: the stock ledger's sale (and credit-note
    return) movements booked under the numbers of the period's documents, thousandths of a
    cent. Movements are stamped in UTC, so the window is a day wider on each side; the
    number match keeps only this period's documents. Read from the documents: each one's
    movements by their reference (the period's few thousand documents, not the tens of
    thousands of movements in its window; CROSS JOIN keeps SQLite to that order)."""
    lo = dt.datetime.combine(start - dt.timedelta(days=1), dt.time())
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    return (Invoice.select(_raw(peewee.fn.SUM(
        _int(0) - StockMovement.quantity * StockMovement.unit_cost)))
        .join(StockMovement, peewee.JOIN.CROSS)
        .where(in_period(start, end) & (StockMovement.reference == Invoice.number)
               & (StockMovement.at >= lo) & (StockMovement.at < hi)
               & StockMovement.kind.in_((MovementKind.SALE.value,
                                         MovementKind.CUSTOMER_RETURN.value))))


def documents(start: dt.date, end: dt.date) -> peewee.Query:
    """Per kind (invoice, credit note): count, net total, distinct cars and customers, and
    the tax total (each document's own tax, as printed on it; credit notes negative)."""
    return (Invoice.select(Invoice.kind, peewee.fn.COUNT(Invoice.id),
                           _raw(peewee.fn.SUM(Invoice.net)),
                           peewee.fn.COUNT(Invoice.vehicle.distinct()),
                           peewee.fn.COUNT(Invoice.customer.distinct()),
                           _raw(peewee.fn.SUM(Invoice.tax)))
            .where(in_period(start, end)).group_by(Invoice.kind))


def new_customers(start: dt.date, end: dt.date) -> peewee.Query:
    """Customers invoiced in the period with no invoice before it."""
    earlier = Invoice.alias("earlier")
    before = (earlier.select(_int(1))
              .where((earlier.customer == Invoice.customer) & (earlier.kind == INVOICE)
                     & (earlier.status == ISSUED) & (earlier.issue_date < start)))
    return (Invoice.select(peewee.fn.COUNT(Invoice.customer.distinct()))
            .where(in_period(start, end) & (Invoice.kind == INVOICE)
                   & Invoice.customer.is_null(False) & ~peewee.fn.EXISTS(before)))


def revenue_by_day(start: dt.date, end: dt.date) -> peewee.Query:
    """Net revenue per day (cents)."""
    return (Invoice.select(Invoice.issue_date, _raw(peewee.fn.SUM(Invoice.net)))
            .where(in_period(start, end)).group_by(Invoice.issue_date)
            .order_by(Invoice.issue_date))


def revenue_by_make(start: dt.date, end: dt.date) -> peewee.Query:
    """Net revenue and documents per vehicle make ('' for counter sales)."""
    make = peewee.fn.COALESCE(Vehicle.make, "")
    return (Invoice.select(make, _raw(peewee.fn.SUM(Invoice.net)), peewee.fn.COUNT(Invoice.id))
            .join(Vehicle, peewee.JOIN.LEFT_OUTER, on=(Vehicle.id == Invoice.vehicle))
            .where(in_period(start, end)).group_by(make))


def revenue_by_city(start: dt.date, end: dt.date) -> peewee.Query:
    """Net revenue and documents per customer city ('' for the cash customer)."""
    city = peewee.fn.COALESCE(Customer.city, "")
    return (Invoice.select(city, _raw(peewee.fn.SUM(Invoice.net)), peewee.fn.COUNT(Invoice.id))
            .join(Customer, peewee.JOIN.LEFT_OUTER, on=(Customer.id == Invoice.customer))
            .where(in_period(start, end)).group_by(city))


def top_customers(start: dt.date, end: dt.date, limit: int) -> peewee.Query:
    """The customers with the most net revenue: id, name as invoiced, cents, invoices."""
    total = peewee.fn.SUM(Invoice.net)
    invoices = peewee.fn.SUM(peewee.Case(None, [(Invoice.kind == INVOICE, 1)], 0))
    return (Invoice.select(Invoice.customer, peewee.fn.MAX(Invoice.customer_name), _raw(total),
                           invoices)
            .where(in_period(start, end) & Invoice.customer.is_null(False))
            .group_by(Invoice.customer).order_by(total.desc(), Invoice.customer).limit(limit))


def customers_revenue(start: dt.date, end: dt.date, ids: list[int]) -> peewee.Query:
    """Net revenue (cents) of the given customers in another period."""
    return (Invoice.select(Invoice.customer, _raw(peewee.fn.SUM(Invoice.net)))
            .where(in_period(start, end) & Invoice.customer.in_(ids or [0]))
            .group_by(Invoice.customer))


def top_parts(start: dt.date, end: dt.date, limit: int) -> peewee.Query:
    """The parts with the most net revenue: id, SKU, name, quantity (thousandths), cents."""
    total = peewee.fn.SUM(line_net())
    return (InvoiceLine.select(InvoiceLine.part, peewee.fn.MAX(InvoiceLine.sku),
                               peewee.fn.MAX(InvoiceLine.description),
                               _raw(peewee.fn.SUM(_signed_quantity())), _raw(total))
            .join(Invoice)
            .where(in_period(start, end) & InvoiceLine.part.is_null(False))
            .group_by(InvoiceLine.part).order_by(total.desc(), InvoiceLine.part).limit(limit))


def parts_revenue(start: dt.date, end: dt.date, ids: list[int]) -> peewee.Query:
    """Net revenue (cents) of the given parts in another period."""
    return (InvoiceLine.select(InvoiceLine.part, _raw(peewee.fn.SUM(line_net())))
            .join(Invoice)
            .where(in_period(start, end) & InvoiceLine.part.in_(ids or [0]))
            .group_by(InvoiceLine.part))


def _seconds(start: peewee.Node, end: peewee.Node) -> peewee.Node:
    """Whole seconds between two timestamps, as the job clock counts them."""
    if isinstance(db.obj, peewee.PostgresqlDatabase):
        return peewee.fn.FLOOR(peewee.fn.EXTRACT(peewee.NodeList(
            (peewee.SQL("EPOCH FROM"), end - start))))
    def epoch(moment: peewee.Node) -> peewee.Node:
        return peewee.fn.CAST(peewee.NodeList((peewee.fn.strftime("%s", moment),
                                               peewee.SQL("AS INTEGER"))))
    return epoch(end) - epoch(start)


def hours_sold(start: dt.date, end: dt.date) -> peewee.Query:
    """Per technician: labour hours (thousandths) on approved lines of orders finished in the
    period (the job clock's rule, ``shopdesk ro hours``)."""
    lo, hi = dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time())
    return (RepairOrderLine.select(RepairOrderLine.technician,
                                   _raw(peewee.fn.SUM(RepairOrderLine.hours)))
            .where(RepairOrderLine.repair_order.in_(
                RepairOrder.select(RepairOrder.id)
                .where((RepairOrder.done_at >= lo) & (RepairOrder.done_at < hi)))
                   & (RepairOrderLine.kind == "labour")
                   & (RepairOrderLine.approval == Approval.APPROVED.value)
                   & RepairOrderLine.technician.is_null(False))
            .group_by(RepairOrderLine.technician))


def hours_clocked(start: dt.date, end: dt.date) -> peewee.Query:
    """Per technician: hundredths of an hour clocked on finished entries started in the period
    (each entry rounded half up to the hundredth, as the job clock does)."""
    lo, hi = dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time())
    hundredths = (_seconds(TimeEntry.started_at, TimeEntry.ended_at) * _int(100) + _int(1800)) \
        / _int(3600)
    if isinstance(db.obj, peewee.PostgresqlDatabase):
        hundredths = peewee.fn.FLOOR(hundredths)
    return (TimeEntry.select(TimeEntry.technician, _raw(peewee.fn.SUM(hundredths)))
            .where((TimeEntry.started_at >= lo) & (TimeEntry.started_at < hi)
                   & TimeEntry.ended_at.is_null(False))
            .group_by(TimeEntry.technician))


def stock_now() -> peewee.Query:
    """Today's stock value (thousandths of a cent): on hand x average cost of the parts in
    stock, as the parts screen's valuation counts it (services.stock.valuation)."""
    return Part.select(_raw(peewee.fn.SUM(Part.on_hand * Part.cost))).where(Part.on_hand > 0)


def moved_since(moments: list[dt.datetime]) -> peewee.Query:
    """The stock ledger's value moved at or after each moment (thousandths of a cent): today's
    value less this is the value at that moment. Whole months come from the month summary
    (:class:`StockMonth`, kept in step with the ledger); a moment inside a month adds the
    ledger's movements from it to that month's end."""
    columns = []
    for moment in moments:
        month = moment.date().replace(day=1)
        if moment == dt.datetime.combine(month, dt.time()):
            columns.append(_months_from(month))
            continue
        following = (month + dt.timedelta(days=32)).replace(day=1)
        rest = (StockMovement.select(peewee.fn.COALESCE(peewee.fn.SUM(
            StockMovement.quantity * StockMovement.unit_cost), 0))
            .where((StockMovement.at >= moment)
                   & (StockMovement.at < dt.datetime.combine(following, dt.time()))))
        columns.append(_months_from(following) + rest)
    return StockMonth.select(*columns)


def _months_from(month: dt.date) -> peewee.Node:
    """The month summary's value moved from ``month`` on (0 when none)."""
    return peewee.fn.COALESCE(_raw(peewee.fn.SUM(peewee.Case(
        None, [(StockMonth.month >= month, StockMonth.value)], _int(0)))), 0)


def slow_movers(start: dt.date, end: dt.date, limit: int) -> peewee.Query:
    """Parts in stock with nothing sold or used in the period, most money tied up first:
    id, SKU, name, on hand (thousandths), value (thousandths of a cent)."""
    lo, hi = dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time())
    moved = (StockMovement.select(_int(1))
             .where((StockMovement.part == Part.id) & StockMovement.kind.in_(OUTGOING)
                    & (StockMovement.at >= lo) & (StockMovement.at < hi)))
    value = Part.on_hand * Part.cost
    return (Part.select(Part.id, Part.sku, Part.name, _raw(Part.on_hand), _raw(value))
            .where((Part.on_hand > 0) & (Part.archived == False)  # noqa: E712
                   & ~peewee.fn.EXISTS(moved))
            .order_by(value.desc(), Part.sku).limit(limit))


def _owed_at(as_of: dt.date) -> tuple[peewee.ModelSelect, peewee.Node, peewee.Node]:
    """Issued invoices that may have been open at the end of ``as_of``, with their balance
    then (today's open balance plus the payments and credit notes made since) and its aging
    bucket: (query, balance, bucket).

    Only a few thousand of the shop's invoices can be open at a past month's end: those still
    open (the ``invoice_open`` index), those paid since and those credited since. The query
    gathers their ids first (CROSS JOIN keeps SQLite reading from them) instead of testing
    every invoice ever issued. A payment since can only be for an invoice issued by then if
    its invoice's id is at most the last such invoice's, which keeps the payments of the
    many invoices issued later out without looking each one up."""
    after = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    still = Invoice.alias("still")
    open_now_ids = still.select(still.id.alias("id")).where(
        (still.kind == INVOICE) & (still.status == ISSUED) & (still.issue_date <= as_of)
        & (still.gross - still.paid - still.credited != peewee.SQL("0")))
    issued = Invoice.alias("issued")
    last_id = issued.select(peewee.fn.MAX(issued.id)).where(
        (issued.kind == INVOICE) & (issued.issue_date <= as_of))
    paid_ids = Payment.select(Payment.invoice.alias("id")).where(
        (Payment.at >= after) & (Payment.invoice + _int(0) <= last_id))  # (+0: by time)
    note = Invoice.alias("note")
    credited_ids = note.select(note.credited_invoice.alias("id")).where(
        (note.kind == CREDIT_NOTE) & (note.status == ISSUED) & (note.issue_date > as_of))
    candidate = (open_now_ids | paid_ids | credited_ids).alias("candidate")
    pay = Payment.alias("pay")
    paid_after = pay.select(_raw(peewee.fn.SUM(pay.applied))).where(
        (pay.invoice == Invoice.id) & (pay.at >= after))
    later = Invoice.alias("later")
    credited_after = (later.select(later.credited_invoice.alias("iid"),
                                   _raw(peewee.fn.SUM(_int(0) - later.gross)).alias("amount"))
                      .where((later.kind == CREDIT_NOTE) & (later.status == ISSUED)
                             & (later.issue_date > as_of))
                      .group_by(later.credited_invoice).alias("ca"))
    open_now = Invoice.gross - Invoice.paid - Invoice.credited
    balance = (open_now + peewee.fn.COALESCE(paid_after, 0)
               + peewee.fn.COALESCE(credited_after.c.amount, 0))
    bucket = peewee.Case(None, [
        (Invoice.due_date.is_null() | (Invoice.due_date >= as_of), "current"),
        (Invoice.due_date >= as_of - dt.timedelta(days=30), "1-30"),
        (Invoice.due_date >= as_of - dt.timedelta(days=60), "31-60"),
        (Invoice.due_date >= as_of - dt.timedelta(days=90), "61-90")], "90+")
    query = (Invoice.select().from_(candidate)
             .join(Invoice, peewee.JOIN.CROSS)
             .join_from(Invoice, credited_after, peewee.JOIN.LEFT_OUTER,
                        on=(credited_after.c.iid == Invoice.id))
             .where((Invoice.id == candidate.c.id) & (Invoice.kind == INVOICE)
                    & (Invoice.status == ISSUED) & (Invoice.issue_date <= as_of)))
    return query, balance, bucket


def receivables(end: dt.date, as_of: dt.date) -> peewee.Query:
    """What customers owed at the end of ``as_of`` (cents) by aging bucket: today's open
    balances with the payments and credit notes made since added back."""
    query, balance, bucket = _owed_at(as_of)
    return (query.select(bucket, _raw(peewee.fn.SUM(balance)), peewee.fn.COUNT(Invoice.id))
            .group_by(bucket))


def owed_in_bucket(as_of: dt.date, bucket: str | None) -> peewee.Query:
    """The ids of the invoices with money owed at the end of ``as_of`` (in one bucket, or
    all when ``bucket`` is None)."""
    query, balance, bucket_of = _owed_at(as_of)
    query = query.select(Invoice.id).where(balance != 0)
    return query.where(bucket_of == bucket) if bucket else query


def complaints(start: dt.date, end: dt.date) -> peewee.Query:
    """Complaints opened and resolved in the period."""
    def count(field: peewee.Field) -> peewee.Node:
        return peewee.fn.SUM(peewee.Case(None, [((field >= start) & (field < end), 1)], 0))
    return Complaint.select(count(Complaint.opened_on), count(Complaint.resolved_on))


def surveys(start: dt.date, end: dt.date) -> peewee.Query:
    """Surveys in the period: count, the sum of each dimension, promoters, detractors."""
    promoter = peewee.Case(None, [(Survey.recommend >= 9, 1)], 0)
    detractor = peewee.Case(None, [(Survey.recommend <= 6, 1)], 0)
    return (Survey.select(peewee.fn.COUNT(Survey.id),
                          *[peewee.fn.SUM(getattr(Survey, d)) for d in DIMENSIONS],
                          peewee.fn.SUM(promoter), peewee.fn.SUM(detractor))
            .where((Survey.taken_on >= start) & (Survey.taken_on < end)))


def reminders(start: dt.date, end: dt.date) -> peewee.Query:
    """Service reminders sent in the period and how many of them led to a booking."""
    lo, hi = dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time())
    converted = peewee.Case(None, [(Reminder.converted_at.is_null(False), 1)], 0)
    return (Reminder.select(peewee.fn.COUNT(Reminder.id), peewee.fn.SUM(converted))
            .where((Reminder.sent_at >= lo) & (Reminder.sent_at < hi)))


def lapsed(end: dt.date, cutoff: dt.date) -> peewee.Query:
    """Customers whose last invoice (or credit note) before ``end`` is older than ``cutoff``
    (a covering scan of the (customer, issue_date) index)."""
    last = (Invoice.select(Invoice.customer)  # only issued documents have an issue date
            .where(Invoice.customer.is_null(False) & (Invoice.issue_date < end))
            .group_by(Invoice.customer)
            .having(peewee.fn.MAX(Invoice.issue_date) < cutoff))
    return Invoice.select(peewee.fn.COUNT(peewee.SQL("*"))).from_(last.alias("l"))


def grades() -> peewee.Query:
    """Active customers per grade (today's grades: the shop keeps no grade history)."""
    return (Customer.select(Customer.grade, peewee.fn.COUNT(Customer.id))
            .where(Customer.archived == False)  # noqa: E712
            .group_by(Customer.grade))
