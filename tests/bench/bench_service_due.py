"""Benchmark: service-due computation for the whole large demo shop.

    python tests/bench/bench_service_due.py [DATABASE]

Builds the large demo shop (``shopdesk demo --scale large``) in a temp file unless a database
is given, then times :func:`shopdesk.services.service_due.compute` over every vehicle
against the floor: the bare SQL that fetches the same inputs (vehicles, odometer history
aggregated per vehicle, last service per vehicle and package) with nothing done to the rows.
Target: at most 3x the floor.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from shopdesk import db as database
from shopdesk.models.base import database_proxy
from shopdesk.services import reminders, service_due


def _best(fn, runs: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def floor() -> int:
    """The inputs fetched with bare SQL: rows only."""
    rows = 0
    for query in service_due.input_queries():
        sql, params = query.sql()
        rows += len(database_proxy.execute_sql(sql, params).fetchall())
    return rows


def main() -> None:
    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
    else:
        from shopdesk.demo import create_demo_shop

        path = Path(tempfile.mkdtemp()) / "large.sqlite3"
        database.open(str(path), create=True)
        print(f"building the large demo shop in {path} …", flush=True)
        create_demo_shop("large")
        database.close()
    database.open(str(path))
    vehicles = database_proxy.execute_sql("SELECT COUNT(*) FROM vehicle").fetchone()[0]
    floor()  # warm the page cache for both
    bare, rows = _best(floor)
    ours, due = _best(lambda: list(service_due.compute()))
    print(f"vehicles: {vehicles:,}; input rows: {rows:,}; (vehicle, package) due dates: "
          f"{len(due):,}")
    print(f"service due, whole shop: {ours * 1000:8.0f} ms   floor (bare SQL, same inputs): "
          f"{bare * 1000:6.0f} ms   ratio {ours / bare:4.2f}x  (target <= 3x)")
    listing, rows_out = _best(lambda: reminders.reminder_list(), runs=3)
    print(f"reminder list (due by end of next month, with contacts): {listing * 1000:6.0f} ms "
          f"for {len(rows_out):,} rows")
    statuses = statistics.mode(d.status(service_due.dt.date.today()) for d in due) if due \
        else "-"
    print(f"most common status: {statuses}")


if __name__ == "__main__":
    main()
