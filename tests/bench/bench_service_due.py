"""Benchmark: service-due computation for the whole large demo shop.

    python tests/bench/bench_service_due.py [DATABASE]

Builds the large demo shop (``shopdesk demo --scale large``) in a temp file unless a database
is given, then times :func:`shopdesk.services.workshop.service_due.compute` over every vehicle
against the floor: the bare SQL that fetches the same inputs (vehicles, odometer history
aggregated per vehicle, last service per vehicle and package) with nothing done to the rows.
Target: at most 3x the floor. Wall and CPU time are both shown (on a shared machine the
CPU figure is the steadier one).
"""

from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

from shopdesk import db as database
from shopdesk.models.base import database_proxy
from shopdesk.services.workshop import reminders, service_due


def _best(fn, runs: int = 5) -> tuple[float, float, object]:
    """Best wall and CPU seconds of ``runs`` calls. Each call starts after a full collection
    and its time includes a collection of the objects it left young (what a paused garbage
    collector defers is counted, not hidden in the next call)."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        result = None
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        gc.collect(0)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


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
    bare, bare_cpu, rows = _best(floor)
    ours, ours_cpu, due = _best(lambda: list(service_due.compute()))
    print(f"vehicles: {vehicles:,}; input rows: {rows:,}; (vehicle, package) due dates: "
          f"{len(due):,}")
    print(f"service due, whole shop: {ours * 1000:8.0f} ms   floor (bare SQL, same inputs): "
          f"{bare * 1000:6.0f} ms   ratio {ours / bare:4.2f}x wall, CPU {ours_cpu * 1000:.0f} "
          f"vs {bare_cpu * 1000:.0f} ms = {ours_cpu / bare_cpu:4.2f}x  (target <= 3x)")
    listing, _cpu, rows_out = _best(lambda: reminders.reminder_list(), runs=3)
    print(f"reminder list (due by end of next month, with contacts): {listing * 1000:6.0f} ms "
          f"for {len(rows_out):,} rows")
    statuses = statistics.mode(d.status(service_due.dt.date.today()) for d in due) if due \
        else "-"
    print(f"most common status: {statuses}")


if __name__ == "__main__":
    main()
