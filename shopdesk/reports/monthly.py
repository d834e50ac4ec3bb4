"""The owner's monthly report: every figure for a month, against the month before and the same
month last year, computed by SQL aggregates (:mod:`monthly_queries`).

    report = monthly.build(monthly.parse_month("2026-10"))
    report.kpi("revenue").values   # (this month, previous month, same month last year)

Revenue is net of tax and discounts; credit notes reduce it in the month they are issued.
Tax charged is the tax printed on the month's documents (credit notes negative), so it agrees
to the cent with the sales journal and the invoices themselves.
Gross profit is revenue less the cost of the parts sold: the stock ledger's cost of the sale
movements booked when an invoice was issued (returns on credit notes give it back), and the
cost noted on the line for parts that left stock another way (used on a repair order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import peewee

from shopdesk import formatting, i18n
from shopdesk.errors import ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.models.base import database_proxy as db
from shopdesk.models.users import User
from shopdesk.money import CENT, ZERO
from shopdesk.reports import monthly_queries as q
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.crm import grading
from shopdesk.services.crm.surveys import net_promoter_score

HOUR = Decimal("0.01")
#: Line kinds as the report splits revenue.
SPLIT = {"labour": "labour", "part": "parts", "core": "parts", "fee": "fees",
         "sublet": "sublet"}
NO_MAKE = QT_TRANSLATE_NOOP("Reports", "No vehicle (counter sales)")
NO_CITY = QT_TRANSLATE_NOOP("Reports", "Cash customer / no city")


def parse_month(text: str) -> dt.date:
    """``"2026-10"`` -> the first day of that month; a clear error for anything else."""
    try:
        year, month = (int(x) for x in text.strip().split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        raise ValidationError(f"{text.strip()!r} is not a month: write it as YYYY-MM, "
                              "e.g. 2026-10", {"month": "YYYY-MM"}) from None


def add_months(first: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before) ``first``'s month."""
    year, month = divmod(first.year * 12 + first.month - 1 + months, 12)
    return dt.date(year, month + 1, 1)


@dataclass(frozen=True)
class Period:
    """One month: [start, end), and the day balances are taken at (its last day, or today
    for the month still running)."""

    start: dt.date
    end: dt.date
    as_of: dt.date

    @classmethod
    def of(cls, first: dt.date, today: dt.date) -> Period:
        end = add_months(first, 1)
        last = end - dt.timedelta(days=1)
        return cls(first, end, min(last, today) if first <= today else last)

    @property
    def label(self) -> str:
        return self.start.strftime("%Y-%m")


@dataclass(frozen=True)
class Kpi:
    """One figure in the three periods. ``unit``: money, count, percent, hours or number;
    ``drill`` names the invoices behind it (see :func:`drill_invoices`), "" for none."""

    key: str
    label: str
    unit: str
    values: tuple[Decimal | int | None, Decimal | int | None, Decimal | int | None]
    drill: str = ""
    section: str = "sales"

    @property
    def current(self) -> Decimal | int | None:
        return self.values[0]

    def change(self, against: int) -> Decimal | None:
        """Percent change against the previous month (1) or last year (2); None when the
        earlier figure is zero or missing."""
        now, then = self.values[0], self.values[against]
        if now is None or then is None or then == 0:
            return None
        return (Decimal(now - then) * 100 / abs(Decimal(then))).quantize(
            Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Row:
    """A line of a breakdown: what, and its figures in the three periods (or more columns)."""

    label: str
    values: tuple
    drill: str = ""  # drill kind; ``key`` is its value
    key: object = None


@dataclass(frozen=True)
class Breakdown:
    """A table of the report: title, column headings after the label, rows."""

    key: str
    title: str
    columns: tuple[str, ...]
    units: tuple[str, ...]
    rows: list[Row]


@dataclass
class MonthlyReport:
    """The whole report. ``periods``: this month, previous month, same month last year."""

    periods: tuple[Period, Period, Period]
    kpis: list[Kpi]
    breakdowns: list[Breakdown]
    daily: list[tuple[dt.date, Decimal]]
    grades: list[tuple[str, int]]
    lapsed_months: int
    notes: list[str] = field(default_factory=list)

    @property
    def month(self) -> Period:
        return self.periods[0]

    def kpi(self, key: str) -> Kpi:
        for k in self.kpis:
            if k.key == key:
                return k
        raise KeyError(key)

    def breakdown(self, key: str) -> Breakdown:
        for b in self.breakdowns:
            if b.key == key:
                return b
        raise KeyError(key)


def _cents(value: object) -> Decimal:
    """Cents as the database sums them (int; float from SQLite's ROUND; Decimal on
    PostgreSQL) -> money."""
    if value is None:
        return ZERO
    cents = int(value) if isinstance(value, int) else int(Decimal(value).to_integral_value(
        ROUND_HALF_UP))
    return (Decimal(cents) / 100).quantize(CENT) if cents else ZERO


def _milli_cents(value: object) -> Decimal:
    """Thousandths of a cent -> money, rounded half up to the cent."""
    if value is None:
        return ZERO
    amount = (Decimal(int(value)) / 100000).quantize(CENT, ROUND_HALF_UP)
    return ZERO if amount.is_zero() else amount


def _ratio(part: Decimal, whole: Decimal | int, places: str = "0.1") -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(places), ROUND_HALF_UP)


def _per(amount: Decimal, count: int) -> Decimal | None:
    return (amount / count).quantize(CENT, ROUND_HALF_UP) if count else None


@dataclass
class _Figures:
    """One period's figures, as numbers."""

    split: dict[str, Decimal] = field(default_factory=dict)
    cost: Decimal = ZERO
    tax: Decimal = ZERO  # on the documents, credit notes less
    invoices: int = 0
    credit_notes: int = 0
    credited: Decimal = ZERO
    cars: int = 0
    customers: int = 0
    new_customers: int = 0
    sold: dict[int, Decimal] = field(default_factory=dict)
    clocked: dict[int, Decimal] = field(default_factory=dict)
    by_make: dict[str, Decimal] = field(default_factory=dict)
    by_city: dict[str, Decimal] = field(default_factory=dict)
    aging: dict[str, Decimal] = field(default_factory=dict)
    aging_count: int = 0
    stock_value: Decimal = ZERO
    complaints_opened: int = 0
    complaints_resolved: int = 0
    surveys: int = 0
    averages: dict[str, Decimal | None] = field(default_factory=dict)
    nps: int | None = None
    reminders_sent: int = 0
    reminders_converted: int = 0
    lapsed: int = 0
    comebacks: object = None  # services.comebacks.Summary, when the shop has the table

    @property
    def revenue(self) -> Decimal:
        return sum(self.split.values(), ZERO)


def _period_figures(actor: Actor, p: Period, lapsed_months: int) -> _Figures:
    f = _Figures(split=dict.fromkeys(("labour", "parts", "fees", "sublet"), ZERO))
    snapshot_cost = 0
    for kind, net, cost in q.revenue_by_kind(p.start, p.end).tuples():
        key = SPLIT.get(kind, "fees")
        f.split[key] += _cents(net)
        snapshot_cost += int(cost or 0)
    ledger = q.ledger_cost(p.start, p.end).scalar() or 0
    f.cost = _milli_cents(snapshot_cost + int(ledger))
    for kind, count, net, cars, customers, tax in q.documents(p.start, p.end).tuples():
        f.tax += _cents(tax)
        if kind == q.INVOICE:
            f.invoices, f.cars, f.customers = count, cars, customers
        else:
            f.credit_notes, f.credited = count, _cents(net)
    f.new_customers = q.new_customers(p.start, p.end).scalar() or 0
    f.sold = {t: Decimal(int(h)) / 1000 for t, h in q.hours_sold(p.start, p.end).tuples()}
    f.clocked = {t: Decimal(int(h)) / 100 for t, h in q.hours_clocked(p.start, p.end).tuples()}
    f.by_make = {m: _cents(v) for m, v, _n in q.revenue_by_make(p.start, p.end).tuples()}
    f.by_city = {c: _cents(v) for c, v, _n in q.revenue_by_city(p.start, p.end).tuples()}
    f.aging = dict.fromkeys(q.AGING, ZERO)
    for bucket, cents, count in q.receivables(p.end, p.as_of).tuples():
        f.aging[bucket] = _cents(cents)
        f.aging_count += count
    opened, resolved = q.complaints(p.start, p.end).tuples()[0]
    f.complaints_opened, f.complaints_resolved = int(opened or 0), int(resolved or 0)
    count, *sums, promoters, detractors = q.surveys(p.start, p.end).tuples()[0]
    f.surveys = int(count or 0)
    f.averages = {d: (Decimal(int(s)) / f.surveys).quantize(HOUR, ROUND_HALF_UP)
                  if f.surveys else None for d, s in zip(q.DIMENSIONS, sums, strict=True)}
    if f.surveys:
        f.nps = net_promoter_score(int(promoters), int(detractors), f.surveys)
    sent, converted = q.reminders(p.start, p.end).tuples()[0]
    f.reminders_sent, f.reminders_converted = int(sent or 0), int(converted or 0)
    cutoff = _months_back(p.as_of, lapsed_months)
    f.lapsed = q.lapsed(p.end, cutoff).scalar() or 0
    f.comebacks = _comeback_summary(actor, p)
    return f


def _all_period_figures(actor: Actor, periods: tuple[Period, ...], lapsed_months: int,
                        progress: Callable[[int, int, str], None] | None,
                        steps: int) -> list[_Figures]:
    """Each period's figures. The month itself is added up on this thread while the earlier
    months are added up on threads of their own, each on its own connection (the database
    answers them side by side: most of the report's time is its SQL, which releases the
    GIL); one after another inside a transaction, whose uncommitted rows another connection
    would not see."""
    def tell(i: int) -> None:
        if progress:
            progress(i, steps, translate("Reports", "Adding up {month}…").format(
                month=periods[i].label))

    if db.in_transaction():
        figures = []
        for i, period in enumerate(periods):
            tell(i)
            figures.append(_period_figures(actor, period, lapsed_months))
        return figures
    language, locale = i18n.language(), formatting.locale()

    def on_own_connection(period: Period) -> _Figures:
        try:
            with i18n.documents(language), formatting.using_locale(locale):
                return _period_figures(actor, period, lapsed_months)
        finally:
            db.close()  # (this thread's connection)

    with ThreadPoolExecutor(len(periods) - 1, thread_name_prefix="monthly") as pool:
        earlier = [pool.submit(on_own_connection, period) for period in periods[1:]]
        tell(0)
        figures = [_period_figures(actor, periods[0], lapsed_months)]
        for i, future in enumerate(earlier, start=1):
            tell(i)
            figures.append(future.result())
    return figures


def _comeback_summary(actor: Actor, p: Period):
    """The comebacks service's summary of the month (the counter area's warranty cost by
    technician and by part/supplier); None on a file older than its tables."""
    from shopdesk.models.warranty import Comeback
    from shopdesk.services.counter import comebacks

    if not Comeback.table_exists():
        return None
    return comebacks.summary(actor, p.start, p.end - dt.timedelta(days=1))


def _months_back(day: dt.date, months: int) -> dt.date:
    first = add_months(day.replace(day=1), -months)
    for d in (day.day, 30, 29, 28):
        try:
            return first.replace(day=d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def build(actor: Actor, month: dt.date, *, today: dt.date | None = None, top: int = 10,
          progress: Callable[[int, int, str], None] | None = None) -> MonthlyReport:
    """The report for ``month``'s month, for the owner (others: AccessDenied).

    ``progress(done, total, message)`` is called between steps (the GUI's Cancel raises
    from it)."""
    require(actor, Permission.VIEW_OWNER_REPORTS)
    require(actor, Permission.SEE_COSTS)  # (costs and margins: the owner's anyway)
    today = today or dt.date.today()
    first = month.replace(day=1)
    periods = (Period.of(first, today), Period.of(add_months(first, -1), today),
               Period.of(add_months(first, -12), today))
    lapsed_months = grading.rules(actor).lapsed_months
    steps = len(periods) + 2
    figures = _all_period_figures(actor, periods, lapsed_months, progress, steps)
    if progress:
        progress(len(periods), steps, translate("Reports", "Stock and top lists…"))
    now = int(q.stock_now().scalar() or 0)
    moved = q.moved_since([dt.datetime.combine(p.as_of + dt.timedelta(days=1), dt.time())
                           for p in periods]).tuples()[0]
    for f, v in zip(figures, moved, strict=True):
        f.stock_value = _milli_cents(now - int(v or 0))
    report = MonthlyReport(periods, _kpis(figures), [], [], [], lapsed_months)
    p = periods[0]
    report.daily = [(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)), _cents(v))
                    for d, v in q.revenue_by_day(p.start, p.end).tuples()]
    report.grades = sorted(((g, int(n)) for g, n in q.grades().tuples()),
                           key=lambda r: _GRADE_ORDER.get(r[0], 9))
    report.breakdowns = [
        _split_breakdown(figures),
        _technicians(figures),
        _top_customers(periods, top),
        _top_parts(periods, top),
        _by_key("makes", translate("Reports", "Revenue by vehicle make"),
                [f.by_make for f in figures], translate("Reports", NO_MAKE),
                "make"),
        _by_key("cities", translate("Reports", "Revenue by city"),
                [f.by_city for f in figures], translate("Reports", NO_CITY), "city"),
        _aging(figures),
        _slow_movers(p, top),
        _satisfaction(figures),
        *_comebacks(figures),
    ]
    report.notes = [
        translate("Reports", "Revenue is net of tax and discounts; credit notes reduce the month "
                             "they are issued in."),
        translate("Reports", "Tax charged: the tax printed on the month's invoices, less that "
                             "on its credit notes."),
        translate("Reports", "Parts cost: the stock ledger's cost of parts sold on invoices; "
                             "parts used on repair orders at the cost noted on the invoice line."),
        translate("Reports", "Stock value: today's valuation (on hand at average cost) less what "
                             "the stock ledger moved since the month ended."),
        translate("Reports", "Customer grades are today's (no grade history is kept)."),
    ]
    if progress:
        progress(steps, steps, translate("Reports", "Done"))
    return report


_GRADE_ORDER = {"vip": 0, "regular": 1, "occasional": 2, "new": 3, "lapsed": 4}


def _kpis(f: list[_Figures]) -> list[Kpi]:
    def three(get: Callable[[_Figures], object]) -> tuple:
        return tuple(get(x) for x in f)

    profit = three(lambda x: x.revenue - x.cost)
    return [
        Kpi("revenue", translate("Reports", "Revenue"), "money", three(lambda x: x.revenue), "all"),
        Kpi("labour", translate("Reports", "Labour"),
            "money", three(lambda x: x.split["labour"]), "labour"),
        Kpi("parts", translate("Reports", "Parts"),
            "money", three(lambda x: x.split["parts"]), "parts"),
        Kpi("fees", translate("Reports", "Fees"),
            "money", three(lambda x: x.split["fees"]), "fees"),
        Kpi("sublet", translate("Reports", "Sublet"),
            "money", three(lambda x: x.split["sublet"]), "sublet"),
        Kpi("tax", translate("Reports", "Tax charged"),
            "money", three(lambda x: x.tax), "all"),
        Kpi("parts_cost", translate("Reports", "Parts at cost"),
            "money", three(lambda x: x.cost), "parts"),
        Kpi("gross_profit", translate("Reports", "Gross profit"), "money", profit, "all"),
        Kpi("margin", translate("Reports", "Gross margin"), "percent",
            tuple(_ratio(pr, x.revenue) for pr, x in zip(profit, f, strict=True))),
        Kpi("invoices", translate("Reports", "Invoices"),
            "count", three(lambda x: x.invoices), "invoices"),
        Kpi("credit_notes", translate("Reports", "Credit notes"),
            "count", three(lambda x: x.credit_notes),
            "credit_notes"),
        Kpi("credited", translate("Reports", "Credited"),
            "money", three(lambda x: x.credited), "credit_notes"),
        Kpi("average_ticket", translate("Reports", "Average ticket"), "money",
            three(lambda x: _per(x.revenue, x.invoices))),
        Kpi("cars", translate("Reports", "Cars"), "count", three(lambda x: x.cars), "cars"),
        Kpi("customers", translate("Reports", "Customers"),
            "count", three(lambda x: x.customers), "customers",
            "customers"),
        Kpi("new_customers", translate("Reports", "New customers"),
            "count", three(lambda x: x.new_customers),
            "new_customers", "customers"),
        Kpi("returning_customers", translate("Reports", "Returning customers"), "count",
            three(lambda x: x.customers - x.new_customers), "returning_customers",
            "customers"),
        Kpi("hours_sold", translate("Reports", "Hours sold"),
            "hours", three(lambda x: sum(x.sold.values(), ZERO)),
            section="workshop"),
        Kpi("hours_clocked", translate("Reports", "Hours clocked"), "hours",
            three(lambda x: sum(x.clocked.values(), ZERO)), section="workshop"),
        Kpi("comebacks", translate("Reports", "Comebacks"), "count",
            three(lambda x: x.comebacks.count if x.comebacks else None), section="workshop"),
        Kpi("warranty_cost", translate("Reports", "Warranty cost of comebacks"), "money",
            three(lambda x: x.comebacks.warranty_cost if x.comebacks else None),
            section="workshop"),
        Kpi("stock_value", translate("Reports", "Stock value"),
            "money", three(lambda x: x.stock_value),
            section="stock"),
        Kpi("receivables", translate("Reports", "Owed by customers"), "money",
            three(lambda x: sum(x.aging.values(), ZERO)), "owed", section="stock"),
        Kpi("overdue", translate("Reports", "Overdue"), "money",
            three(lambda x: sum((v for k, v in x.aging.items() if k != "current"), ZERO)),
            section="stock"),
        Kpi("complaints_opened", translate("Reports", "Complaints opened"), "count",
            three(lambda x: x.complaints_opened), section="crm"),
        Kpi("complaints_resolved", translate("Reports", "Complaints resolved"), "count",
            three(lambda x: x.complaints_resolved), section="crm"),
        Kpi("surveys", translate("Reports", "Surveys"),
            "count", three(lambda x: x.surveys), section="crm"),
        Kpi("nps", translate("Reports", "Net promoter score"),
            "number", three(lambda x: x.nps), section="crm"),
        Kpi("reminders_sent", translate("Reports", "Reminders sent"),
            "count", three(lambda x: x.reminders_sent),
            section="crm"),
        Kpi("reminders_converted", translate("Reports", "Reminders converted"), "count",
            three(lambda x: x.reminders_converted), section="crm"),
        Kpi("lapsed", translate("Reports", "Lapsed customers"),
            "count", three(lambda x: x.lapsed), section="crm"),
    ]


PERIOD_COLUMNS = (QT_TRANSLATE_NOOP("Reports", "This month"),
                  QT_TRANSLATE_NOOP("Reports", "Previous month"),
                  QT_TRANSLATE_NOOP("Reports", "Last year"))


def _columns(*titles: str) -> tuple[str, ...]:
    """Column headings in the chosen language."""
    return tuple(translate("Reports", title) for title in titles)


def _split_breakdown(f: list[_Figures]) -> Breakdown:
    labels = {"labour": translate("Reports", "Labour"), "parts": translate("Reports", "Parts"),
              "fees": translate("Reports", "Fees"), "sublet": translate("Reports", "Sublet")}
    rows = [Row(labels[k], tuple(x.split[k] for x in f), k, k) for k in labels
            if any(x.split[k] for x in f) or k != "sublet"]
    rows.append(Row(translate("Reports", "Parts at cost"), tuple(-x.cost for x in f), "parts"))
    rows.append(Row(translate("Reports", "Gross profit"),
                    tuple(x.revenue - x.cost for x in f), "all"))
    return Breakdown("split", translate("Reports", "Revenue and gross profit"),
                     _columns(*PERIOD_COLUMNS), ("money",) * 3, rows)


def _technicians(f: list[_Figures]) -> Breakdown:
    ids = sorted({t for x in f for t in (*x.sold, *x.clocked)})
    names = {u.id: u.label for u in User.select().where(User.id.in_(ids or [0]))}
    rows = []
    for t in sorted(ids, key=lambda t: names.get(t, "")):
        sold = tuple(x.sold.get(t, ZERO).quantize(HOUR) for x in f)
        clocked = tuple(x.clocked.get(t, ZERO).quantize(HOUR) for x in f)
        rows.append(Row(names.get(t, f"#{t}"), (
            sold[0], clocked[0], _ratio(sold[0], clocked[0]), sold[1], clocked[1], sold[2],
            clocked[2])))
    return Breakdown("technicians", translate("Reports", "Hours sold vs clocked by technician"),
                     _columns(QT_TRANSLATE_NOOP("Reports", "Sold"),
                              QT_TRANSLATE_NOOP("Reports", "Clocked"),
                              QT_TRANSLATE_NOOP("Reports", "Efficiency"),
                              QT_TRANSLATE_NOOP("Reports", "Sold prev."),
                              QT_TRANSLATE_NOOP("Reports", "Clocked prev."),
                              QT_TRANSLATE_NOOP("Reports", "Sold last year"),
                              QT_TRANSLATE_NOOP("Reports", "Clocked last year")),
                     ("hours", "hours", "percent", "hours", "hours", "hours", "hours"), rows)


def _top_customers(periods: tuple[Period, ...], top: int) -> Breakdown:
    p = periods[0]
    found = q.top_customers(p.start, p.end, top).tuples()
    ids = [cid for cid, *_ in found]
    others = [{cid: _cents(v) for cid, v in q.customers_revenue(o.start, o.end, ids).tuples()}
              for o in periods[1:]]
    rows = [Row(name, (int(n), _cents(v), *(o.get(cid, ZERO) for o in others)), "customer", cid)
            for cid, name, v, n in found]
    return Breakdown("top_customers", translate("Reports", "Top customers"),
                     _columns(QT_TRANSLATE_NOOP("Reports", "Invoices"), *PERIOD_COLUMNS),
                     ("count", "money", "money", "money"), rows)


def _top_parts(periods: tuple[Period, ...], top: int) -> Breakdown:
    p = periods[0]
    found = q.top_parts(p.start, p.end, top).tuples()
    ids = [pid for pid, *_ in found]
    others = [{pid: _cents(v) for pid, v in q.parts_revenue(o.start, o.end, ids).tuples()}
              for o in periods[1:]]
    rows = [Row(f"{sku} {name}".strip(), (Decimal(int(qty)) / 1000, _cents(v),
                                          *(o.get(pid, ZERO) for o in others)), "part", pid)
            for pid, sku, name, qty, v in found]
    return Breakdown("top_parts", translate("Reports", "Top parts"),
                     _columns(QT_TRANSLATE_NOOP("Reports", "Quantity"), *PERIOD_COLUMNS),
                     ("quantity", "money", "money", "money"), rows)


def _by_key(key: str, title: str, maps: list[dict[str, Decimal]], blank: str,
            drill: str) -> Breakdown:
    names = sorted({k for m in maps for k in m}, key=lambda k: (-maps[0].get(k, ZERO), k))
    rows = [Row(k or blank, tuple(m.get(k, ZERO) for m in maps), drill, k) for k in names]
    return Breakdown(key, title, _columns(*PERIOD_COLUMNS), ("money",) * 3, rows)


def _aging(f: list[_Figures]) -> Breakdown:
    labels = {"current": translate("Reports", "Not yet due"),
              "1-30": translate("Reports", "1–30 days"),
              "31-60": translate("Reports", "31–60 days"),
              "61-90": translate("Reports", "61–90 days"),
              "90+": translate("Reports", "Over 90 days")}
    rows = [Row(labels[b], tuple(x.aging[b] for x in f), "owed", b) for b in q.AGING]
    rows.append(Row(translate("Reports", "Total"),
                    tuple(sum(x.aging.values(), ZERO) for x in f), "owed"))
    return Breakdown("aging", translate("Reports", "Receivables aging at month end"),
                     _columns(*PERIOD_COLUMNS), ("money",) * 3, rows)


def _slow_movers(p: Period, top: int) -> Breakdown:
    rows = [Row(f"{sku} {name}", (Decimal(int(qty)) / 1000, _milli_cents(value)))
            for _pid, sku, name, qty, value in q.slow_movers(p.start, p.end, top).tuples()]
    return Breakdown("slow_movers",
                     translate("Reports", "Slow movers: in stock, nothing sold this month"),
                     _columns(QT_TRANSLATE_NOOP("Reports", "On hand"),
                              QT_TRANSLATE_NOOP("Reports", "Value")),
                     ("quantity", "money"), rows)


def _satisfaction(f: list[_Figures]) -> Breakdown:
    labels = {"quality": translate("Reports", "Quality of work"),
              "price": translate("Reports", "Price"), "speed": translate("Reports", "Speed"),
              "staff": translate("Reports", "Staff")}
    rows = [Row(labels[d], tuple(x.averages.get(d) for x in f)) for d in q.DIMENSIONS]
    rows.append(Row(translate("Reports", "Net promoter score"), tuple(x.nps for x in f)))
    return Breakdown("satisfaction", translate("Reports", "Satisfaction (average of 1–5)"),
                     _columns(*PERIOD_COLUMNS), ("number",) * 3, rows)


def _comebacks(f: list[_Figures]) -> list[Breakdown]:
    if f[0].comebacks is None:
        return []

    def counts(attr: str) -> list[dict[str, int]]:
        return [{g.label: g.comebacks for g in getattr(x.comebacks, attr)} if x.comebacks
                else {} for x in f]

    techs, parts = counts("by_technician"), counts("by_part")
    by_tech = [Row(g.label, (g.comebacks, g.cost, g.price_forgone, techs[1].get(g.label, 0),
                             techs[2].get(g.label, 0)))
               for g in f[0].comebacks.by_technician]
    by_part = [Row(g.label, (g.supplier or "—", g.comebacks, g.quantity, g.cost,
                             parts[1].get(g.label, 0), parts[2].get(g.label, 0)))
               for g in f[0].comebacks.by_part]
    return [Breakdown("comebacks_technicians",
                      translate("Reports", "Comebacks by technician (the original job's)"),
                      _columns(QT_TRANSLATE_NOOP("Reports", "Comebacks"),
                               QT_TRANSLATE_NOOP("Reports", "Warranty cost"),
                               QT_TRANSLATE_NOOP("Reports", "Price forgone"),
                               QT_TRANSLATE_NOOP("Reports", "Comebacks prev."),
                               QT_TRANSLATE_NOOP("Reports", "Comebacks last year")),
                      ("count", "money", "money", "count", "count"), by_tech),
            Breakdown("comebacks_parts", translate("Reports", "Comebacks by part and supplier"),
                      _columns(QT_TRANSLATE_NOOP("Reports", "Supplier"),
                               QT_TRANSLATE_NOOP("Reports", "Comebacks"),
                               QT_TRANSLATE_NOOP("Reports", "Quantity"),
                               QT_TRANSLATE_NOOP("Reports", "Parts cost"),
                               QT_TRANSLATE_NOOP("Reports", "Comebacks prev."),
                               QT_TRANSLATE_NOOP("Reports", "Comebacks last year")),
                      ("text", "count", "quantity", "money", "count", "count"), by_part)]


# -- drill-down ---------------------------------------------------------------------------

DRILLS = ("all", "labour", "parts", "fees", "sublet", "invoices", "credit_notes", "cars",
          "customers", "new_customers", "returning_customers", "customer", "part", "make",
          "city", "day", "owed")


def drill_condition(period: Period, kind: str, value: object = None) -> peewee.Expression:
    """The WHERE of the issued documents behind a figure of ``period``."""
    from shopdesk.models.customers import Customer
    from shopdesk.models.invoices import Invoice, InvoiceLine
    from shopdesk.models.vehicles import Vehicle

    where = q.in_period(period.start, period.end)
    kinds = {"labour": ["labour"], "parts": ["part", "core"], "fees": ["fee"],
             "sublet": ["sublet"]}
    if kind in kinds:
        lines = InvoiceLine.select(peewee.SQL("1")).where((InvoiceLine.invoice == Invoice.id)
                                                    & InvoiceLine.kind.in_(kinds[kind]))
        return where & peewee.fn.EXISTS(lines)
    if kind == "invoices":
        return where & (Invoice.kind == q.INVOICE)
    if kind == "credit_notes":
        return where & (Invoice.kind == q.CREDIT_NOTE)
    if kind == "cars":
        return where & (Invoice.kind == q.INVOICE) & Invoice.vehicle.is_null(False)
    if kind in ("customers", "new_customers", "returning_customers"):
        where &= (Invoice.kind == q.INVOICE) & Invoice.customer.is_null(False)
        if kind == "customers":
            return where
        earlier = Invoice.alias("earlier")
        before = peewee.fn.EXISTS(earlier.select(peewee.SQL("1")).where(
            (earlier.customer == Invoice.customer) & (earlier.kind == q.INVOICE)
            & (earlier.status == q.ISSUED) & (earlier.issue_date < period.start)))
        return where & (before if kind == "returning_customers" else ~before)
    if kind == "customer":
        return where & (Invoice.customer == value)
    if kind == "part":
        lines = InvoiceLine.select(peewee.SQL("1")).where((InvoiceLine.invoice == Invoice.id)
                                                    & (InvoiceLine.part == value))
        return where & peewee.fn.EXISTS(lines)
    if kind == "make":
        if not value:
            cars = Vehicle.select(Vehicle.id).where(Vehicle.make != "")
            return where & (Invoice.vehicle.is_null() | Invoice.vehicle.not_in(cars))
        return where & Invoice.vehicle.in_(Vehicle.select(Vehicle.id).where(Vehicle.make == value))
    if kind == "city":
        if not value:
            cities = Customer.select(Customer.id).where(Customer.city != "")
            return where & (Invoice.customer.is_null() | Invoice.customer.not_in(cities))
        return where & Invoice.customer.in_(Customer.select(Customer.id)
                                            .where(Customer.city == value))
    if kind == "day":
        return q.in_period(value, value + dt.timedelta(days=1))
    if kind == "owed":  # open at the month's end, in one aging bucket (None: all)
        return Invoice.id.in_(q.owed_in_bucket(period.as_of, value))
    if kind == "all":
        return where
    raise ValidationError(f"There is no list of invoices behind {kind!r}")


def drill_invoices(actor: Actor, period: Period, kind: str, value: object = None):
    """The invoice list (:class:`~shopdesk.services.listing.QueryList`) behind a figure."""
    require(actor, Permission.VIEW_OWNER_REPORTS)
    require(actor, Permission.SEE_COSTS)  # (costs and margins: the owner's anyway)
    from shopdesk.models.invoices import Invoice
    from shopdesk.services.sales.invoice_lists import InvoiceFilter, invoice_list

    where = drill_condition(period, kind, value)
    listing = invoice_list(actor, InvoiceFilter())
    listing.base = lambda: Invoice.select().where(where)
    return listing
