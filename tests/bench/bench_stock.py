"""Stock speed on the large demo shop (50k parts, >2M movements), against bare SQL floors.

    python tests/bench/bench_stock.py [path/to/large-demo.sqlite3]

Builds the large demo shop first if the file does not exist (a few minutes). Prints, for
each figure, ShopDesk's time, the floor (the bare SQL doing the same work through the
sqlite3 driver on the same file) and the ratio. Targets: valuation and on-hand <= 1.5x floor.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SHOPDESK_HOME", tempfile.mkdtemp(prefix="shopdesk-bench-"))

from shopdesk import db as database
from shopdesk.demo import create_demo_shop
from shopdesk.services.stock import parts, stock

DEFAULT = Path(tempfile.gettempdir()) / "shopdesk-bench-large.sqlite3"


def best_of(fn, runs: int = 7) -> float:
    """Median wall time of ``runs`` calls, in seconds (one warm-up call first)."""
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(what: str, ours: float, floor: float, unit: str = "ms") -> None:
    scale = 1000 if unit == "ms" else 1_000_000
    print(f"{what:<46} {ours * scale:9.2f} {unit}   floor {floor * scale:9.2f} {unit}   "
          f"ratio {ours / floor:5.2f}x")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        print(f"Building the large demo shop at {path} (a few minutes)…")
        database.open(str(path), create=True)
        create_demo_shop("large", progress=print)
        database.close()
    database.open(str(path))
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA cache_size=-32000")  # the same page cache ShopDesk's connection has
    parts_count = raw.execute("SELECT COUNT(*) FROM part").fetchone()[0]
    moves = raw.execute("SELECT COUNT(*) FROM stock_movement").fetchone()[0]
    print(f"{parts_count:,} parts, {moves:,} stock movements ({path})\n")

    report("stock valuation, all parts, by category",
           best_of(stock.valuation),
           best_of(lambda: raw.execute(
               "SELECT category, COUNT(id), SUM(on_hand), SUM(on_hand * cost) FROM part "
               "WHERE on_hand > 0 GROUP BY category ORDER BY category").fetchall()))
    report("on-hand of every part from the ledger (check)",
           best_of(stock.cache_faults, 3),
           best_of(lambda: raw.execute(
               "SELECT part_id, SUM(quantity) FROM stock_movement GROUP BY part_id").fetchall(),
               3))

    rng = random.Random(7)
    codes = [c for (c,) in raw.execute("SELECT code FROM part_barcode ORDER BY RANDOM() "
                                       "LIMIT 800")]
    codes += [s for (s,) in raw.execute("SELECT sku FROM part ORDER BY RANDOM() LIMIT 200")]
    rng.shuffle(codes)

    def timings(fn) -> list[float]:
        out = []
        for code in codes:
            started = time.perf_counter()
            fn(code)
            out.append(time.perf_counter() - started)
        return sorted(out)

    bare_sql = ("SELECT p.* FROM part p WHERE p.id = (SELECT part_id FROM part_barcode "
                "WHERE code = ?) OR p.sku = upper(?) LIMIT 1")
    ours = timings(parts.find_by_code)
    floor = timings(lambda code: raw.execute(bare_sql, (code, code)).fetchone())
    for label, pick in (("median", 0.5), ("p95", 0.95)):
        index = int(len(codes) * pick)
        report(f"barcode/SKU lookup ({len(codes)} scans), {label}", ours[index], floor[index],
               "µs")


if __name__ == "__main__":
    main()
