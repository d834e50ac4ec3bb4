"""Benchmark: the monthly owner report on the large demo shop (~200,000 invoices, ~1M lines).

    python tests/bench/bench_monthly_report.py [DB] [--month YYYY-MM]

Floor: the same SQL aggregates (every query the report runs, for the three months) executed
bare on the sqlite3 cursor, rows fetched, nothing else. Ours: ``monthly.build`` (peewee, exact
Decimal figures, the breakdowns). Target: ours <= 1.5x the floor. Then the dashboard computes
the month offscreen while a 10 ms timer ticks on the GUI thread: the longest gap between ticks
is the longest the window could not answer.

DB: a copy of the large demo. Default: /tmp/reports-large.db; else /tmp/bench-large.db is
copied there if it holds invoices; else the large demo is generated into it (minutes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

OURS = Path("/tmp/reports-large.db")
SHARED = Path("/tmp/bench-large.db")


def _has_invoices(path: Path) -> bool:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        return con.execute("SELECT COUNT(*) FROM invoice").fetchone()[0] > 100_000
    except sqlite3.Error:
        return False


def database() -> Path:
    """The large demo to measure on (never the shared file itself)."""
    if OURS.exists() and _has_invoices(OURS):
        return OURS
    if SHARED.exists() and _has_invoices(SHARED):
        shutil.copyfile(SHARED, OURS)
        return OURS
    print(f"Generating the large demo shop into {OURS} (minutes)…", flush=True)
    OURS.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "shopdesk", "demo", "--scale", "large", "--db",
                    str(OURS)], check=True)
    return OURS


def open_shop(path: Path):
    """Open the shop (migrating it); if a migration of this build cannot run on the file, bind
    the models to it as it is (the report reads tables of migrations 1-6 only) and say so."""
    import peewee

    from shopdesk import db
    from shopdesk.errors import ShopDeskError
    from shopdesk.models.base import database_proxy

    try:
        return db.open(str(path))
    except (peewee.PeeweeException, ShopDeskError) as exc:
        print(f"(could not migrate {path}: {exc}; measuring on its current schema)")
        plain = peewee.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
        database_proxy.initialize(plain)
        return plain


def floor_queries(first: dt.date, today: dt.date, top: int = 10) -> list:
    """Every query the report runs for the month, as peewee queries (run bare below)."""
    from shopdesk.reports import monthly
    from shopdesk.reports import monthly_queries as q
    from shopdesk.services.crm import grading

    periods = [monthly.Period.of(first, today), monthly.Period.of(monthly.add_months(first, -1),
                                                                  today),
               monthly.Period.of(monthly.add_months(first, -12), today)]
    months = grading.rules().lapsed_months
    queries = []
    for p in periods:
        queries += [q.revenue_by_kind(p.start, p.end), q.ledger_cost(p.start, p.end),
                    q.documents(p.start, p.end), q.new_customers(p.start, p.end),
                    q.hours_sold(p.start, p.end), q.hours_clocked(p.start, p.end),
                    q.revenue_by_make(p.start, p.end), q.revenue_by_city(p.start, p.end),
                    q.receivables(p.end, p.as_of), q.complaints(p.start, p.end),
                    q.surveys(p.start, p.end), q.reminders(p.start, p.end),
                    q.lapsed(p.end, monthly._months_back(p.as_of, months))]
    p = periods[0]
    queries += [q.stock_now(),
                q.moved_since([dt.datetime.combine(x.as_of + dt.timedelta(days=1), dt.time())
                               for x in periods]),
                q.revenue_by_day(p.start, p.end), q.grades(),
                q.top_customers(p.start, p.end, top), q.top_parts(p.start, p.end, top),
                q.slow_movers(p.start, p.end, top)]
    return queries, periods


def run_floor(con, first: dt.date, today: dt.date) -> float:
    from shopdesk.reports import monthly_queries as q

    queries, periods = floor_queries(first, today)
    start = time.perf_counter()
    results = []
    for query in queries:
        sql, params = query.sql()
        results.append(con.execute(sql, params).fetchall())
    customers = [r[0] for r in results[-3]]
    parts = [r[0] for r in results[-2]]
    for p in periods[1:]:  # the top lists' figures in the other two months
        for query in (q.customers_revenue(p.start, p.end, customers),
                      q.parts_revenue(p.start, p.end, parts)):
            sql, params = query.sql()
            con.execute(sql, params).fetchall()
    return time.perf_counter() - start


def run_ours(first: dt.date, today: dt.date) -> float:
    from shopdesk.reports import monthly
    from shopdesk.services.access import COMMAND_LINE

    start = time.perf_counter()
    monthly.build(COMMAND_LINE, first, today=today)
    return time.perf_counter() - start


def gui_stall(shop, first: dt.date) -> tuple[float, float]:
    """(seconds to compute on the dashboard, longest GUI-thread gap in seconds)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from shopdesk.gui.app import make_application
    from shopdesk.gui.context import AppContext
    from shopdesk.gui.reports.dashboard import MonthlyDashboard
    from shopdesk.services.access import COMMAND_LINE

    app = make_application()
    screen = MonthlyDashboard(AppContext(shop, COMMAND_LINE))
    screen.resize(1280, 900)
    screen.show()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    started = time.perf_counter()
    result: list[float] = []
    screen.set_month(first)

    def check() -> None:
        if screen.report is not None and screen.report.month.start == first and not screen.busy:
            result.append(time.perf_counter() - started)
            app.quit()
        else:
            QTimer.singleShot(20, check)

    QTimer.singleShot(20, check)
    app.exec()
    timer.stop()
    return result[0], max(gaps)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", nargs="?", type=Path)
    parser.add_argument("--month", default="")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = args.db or database()
    shop = open_shop(path)
    from shopdesk.reports import monthly

    today = dt.date.today()
    first = monthly.parse_month(args.month) if args.month else \
        monthly.add_months(today.replace(day=1), -1)
    con = sqlite3.connect(str(path))
    count = con.execute("SELECT COUNT(*) FROM invoice_line").fetchone()[0]
    print(f"Monthly report {first:%Y-%m} on {path} ({count:,} invoice lines), "
          f"median of {args.runs} warm runs")
    run_floor(con, first, today)  # warm the page cache for both
    run_ours(first, today)
    floors, ours = [], []
    for _ in range(args.runs):
        floors.append(run_floor(con, first, today))
        ours.append(run_ours(first, today))
    floor, mine = statistics.median(floors), statistics.median(ours)
    print(f"  bare SQL aggregates (floor): {floor * 1000:8.0f} ms")
    print(f"  monthly.build (ours):        {mine * 1000:8.0f} ms   ratio {mine / floor:.2f}x "
          "(target <= 1.5x)")
    took, stall = gui_stall(shop, first)
    print(f"  dashboard: computed in {took:.2f} s; longest GUI-thread stall {stall * 1000:.0f} ms "
          "(10 ms timer)")


if __name__ == "__main__":
    main()
