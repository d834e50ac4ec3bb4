"""Stock speed on the large demo shop (50k parts, >2M movements), against bare SQL floors.

    python -m tests.bench stock

Each figure: ShopDesk's time, the floor (the bare SQL doing the same work through the sqlite3
driver on the same file) and the ratio. Targets: valuation and on-hand <= 1.5x floor; a
barcode/SKU lookup (1,000 scans) answers within one frame (16 ms), median and p95.
"""

from __future__ import annotations

import random
import sqlite3
import sys

from shopdesk import db as database
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.stock import parts, stock
from tests.bench.harness import FRAME, Bench, below, each, percentile, ratio
from tests.bench.runner import script

WRITES = False
TARGET = 1.5


def run(bench: Bench) -> None:
    path = bench.db
    database.open(str(path))
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA cache_size=-32000")  # the same page cache ShopDesk's connection has
    parts_count = raw.execute("SELECT COUNT(*) FROM part").fetchone()[0]
    moves = raw.execute("SELECT COUNT(*) FROM stock_movement").fetchone()[0]
    bench.note(f"{parts_count:,} parts, {moves:,} stock movements")

    bench.compare("stock valuation, all parts, by category", lambda: stock.valuation(COMMAND_LINE),
                  lambda: raw.execute(
                      "SELECT category, COUNT(id), SUM(on_hand), SUM(on_hand * cost) FROM part "
                      "WHERE on_hand > 0 GROUP BY category ORDER BY category").fetchall(),
                  ratio(TARGET), runs=7)
    bench.compare("on-hand of every part from the ledger (check)", stock.cache_faults,
                  lambda: raw.execute("SELECT part_id, SUM(quantity) FROM stock_movement "
                                      "GROUP BY part_id").fetchall(),
                  ratio(TARGET), runs=3)

    rng = random.Random(7)
    scans = bench.size(800, 50)
    codes = [c for (c,) in raw.execute("SELECT code FROM part_barcode ORDER BY RANDOM() "
                                       "LIMIT ?", (scans,))]
    codes += [s for (s,) in raw.execute("SELECT sku FROM part ORDER BY RANDOM() LIMIT ?",
                                        (scans // 4,))]
    rng.shuffle(codes)

    bare_sql = ("SELECT p.* FROM part p WHERE p.id = (SELECT part_id FROM part_barcode "
                "WHERE code = ?) OR p.sku = upper(?) LIMIT 1")
    ours = each(lambda code: parts.find_by_code(COMMAND_LINE, code), codes)
    floor = each(lambda code: raw.execute(bare_sql, (code, code)).fetchone(), codes)
    for label, pick in (("median", 0.5), ("p95", 0.95)):
        bench.figure(f"barcode/SKU lookup ({len(codes)} scans), {label}",
                     percentile(ours, pick), below(FRAME), percentile(floor, pick))


if __name__ == "__main__":
    sys.exit(script("stock"))
