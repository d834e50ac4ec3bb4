"""Benchmark: service-due computation for the whole large demo shop.

    python -m tests.bench service_due

Times :func:`shopdesk.services.workshop.service_due.compute` over every vehicle against the
floor: the bare SQL that fetches the same inputs (vehicles, odometer history aggregated per
vehicle, last service per vehicle and package) with nothing done to the rows. Target: at most
3x the floor, in wall time and in CPU time (on a shared machine the CPU figure is the steadier
one). The reminder list (made in the background on the Reminders tab; what the clerk waits
for is J8 in bench_front_desk) is a note.
"""

from __future__ import annotations

import statistics
import sys

from shopdesk import db as database
from shopdesk.models.base import database_proxy
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.workshop import reminders, service_due
from tests.bench.harness import Bench, best_time, ratio
from tests.bench.runner import script

WRITES = False
TARGET = 3.0


def floor() -> int:
    """The inputs fetched with bare SQL: rows only."""
    rows = 0
    for query in service_due.input_queries(COMMAND_LINE):
        sql, params = query.sql()
        rows += len(database_proxy.execute_sql(sql, params).fetchall())
    return rows


def run(bench: Bench) -> None:
    database.open(str(bench.db))
    vehicles = database_proxy.execute_sql("SELECT COUNT(*) FROM vehicle").fetchone()[0]
    floor()  # warm the page cache for both
    runs = bench.runs(5)
    bare, bare_cpu, rows = best_time(floor, runs, collect=True)
    ours, ours_cpu, due = best_time(lambda: list(service_due.compute(COMMAND_LINE)), runs,
                                    collect=True)
    bench.note(f"vehicles: {vehicles:,}; input rows: {rows:,}; (vehicle, package) due dates: "
               f"{len(due):,}")
    bench.figure("service due, whole shop (wall, best run)", ours, ratio(TARGET), bare)
    bench.figure("service due, whole shop (CPU, best run)", ours_cpu, ratio(TARGET), bare_cpu)
    listing, _cpu, rows_out = best_time(lambda: reminders.reminder_list(COMMAND_LINE),
                                        bench.runs(3), collect=True)
    bench.note(f"reminder list (due by end of next month, with contacts): "
               f"{listing * 1000:6.0f} ms for {len(rows_out):,} rows")
    statuses = statistics.mode(d.status(service_due.dt.date.today()) for d in due) if due \
        else "-"
    bench.note(f"most common status: {statuses}")


if __name__ == "__main__":
    sys.exit(script("service_due"))
