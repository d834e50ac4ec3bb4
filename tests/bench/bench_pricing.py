"""Pricing speed on the large demo shop (50k parts), against floors.

    python -m tests.bench pricing

Works on its own copy of the large demo (it writes: repricing, receipts). A shop without a
matrix gets the demo's matrices and fleet level first. Each figure: ShopDesk's time, the floor
(bare sqlite3 and plain Python doing the same work) and the ratio. Target: 1.5x the floor.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import sys
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from shopdesk import db as database
from shopdesk.demo.pricing import BANDS, MARKUPS
from shopdesk.io.catalogue_file import read_price_file
from shopdesk.models.base import database_proxy
from shopdesk.models.parts import MovementKind, Part
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.pricing import catalogue, pricing, pricing_matrix
from shopdesk.services.pricing import pricing_reprice as reprice
from shopdesk.services.pricing.pricing_reprice import Selection
from shopdesk.services.stock import stock
from tests.bench.harness import Bench, ratio
from tests.bench.harness import median_time as median_of
from tests.bench.runner import script

WRITES = True  # reprices, receives stock
TARGET = 1.5
LINES = 50_000  # in the supplier's price file


def ensure_matrices() -> None:
    if pricing_matrix.all_matrices(COMMAND_LINE):
        return
    if "fleet" not in pricing.level_codes():
        pricing.add_level(COMMAND_LINE, "Fleet")
    for level, markups in MARKUPS.items():
        pricing_matrix.set_matrix(COMMAND_LINE, level, [
            (low, high, pct) for (low, high), pct in zip(BANDS, markups, strict=True)])
    pricing.set_rounding_rule(COMMAND_LINE, "0.99")


def floor_preview(raw: sqlite3.Connection, where: str, args: tuple) -> int:
    """Bare SQL for the same rows, and the same arithmetic in plain Python."""
    bands = {}
    for level, scope, value, low, high, pct in raw.execute(
            "SELECT level, scope, scope_value, cost_from, cost_to, markup FROM markup_band"):
        bands.setdefault((level, scope, value), []).append((low, high, pct))
    manual = set(raw.execute("SELECT part_id, level FROM manual_price"))
    extra = {(p, lv): c for p, lv, c in raw.execute(
        "SELECT part_id, level, price FROM part_level_price")}
    changed = 0
    one, cent = Decimal(1), Decimal("0.01")
    for pid, _sku, _name, cat, brand, cost, retail, trade in raw.execute(
            "SELECT id, sku, name, category, brand, cost, retail_price, trade_price FROM part "
            f"WHERE archived = 0 {where} ORDER BY sku", args):
        for level in ("retail", "trade", "fleet"):
            rows = (bands.get((level, "category", cat)) or bands.get((level, "brand", brand))
                    or bands.get((level, "", "")))
            if not rows or cost <= 0 or (pid, level) in manual:
                continue
            pct = next(p for lo, hi, p in rows if lo <= cost and (hi is None or cost < hi))
            price = Decimal(cost) / 100 * (Decimal(100000) + pct) / Decimal(100000)
            price = ((price + cent) / one).quantize(one, rounding=ROUND_HALF_UP) - cent
            old = {"retail": retail, "trade": trade}.get(level, extra.get((pid, level)))
            changed += old != int(price * 100)
    return changed


def run(bench: Bench) -> None:
    def report(what: str, ours: float, floor: float) -> None:
        bench.figure(what, ours, ratio(TARGET), floor)

    COPY = bench.db
    database.open(str(COPY))
    ensure_matrices()
    raw = sqlite3.connect(COPY)
    raw.execute("PRAGMA cache_size=-32000")
    count = raw.execute("SELECT COUNT(*) FROM part").fetchone()[0]
    bench.note(f"{count:,} parts, {len(pricing_matrix.all_matrices(COMMAND_LINE))} matrices")

    shown = reprice.preview(COMMAND_LINE, Selection())
    report(f"preview all parts ({len(shown.changes):,} changes)",
           median_of(lambda: reprice.preview(COMMAND_LINE, Selection()), 3),
           median_of(lambda: floor_preview(raw, "", ()), 3))
    report("preview one category (Brakes)",
           median_of(lambda: reprice.preview(COMMAND_LINE, Selection(category="Brakes"))),
           median_of(lambda: floor_preview(raw, "AND category = ?", ("Brakes",))))

    wipers = reprice.preview(COMMAND_LINE, Selection(category="Wipers"))
    applied = [0]

    def ours_apply() -> None:  # rolled back, so every run makes the same changes
        with database_proxy.atomic() as transaction:
            applied[0] = reprice.apply(COMMAND_LINE, wipers)
            transaction.rollback()

    scratch = sqlite3.connect(COPY)

    def floor_apply() -> None:
        """The same writes, bare: each level's prices, an audit row each with its link in the
        audit chain (issue 21: each entry hashes the one before and its own content, here a
        JSON array of the row's text made by json.dumps, hashed by hashlib)."""
        previous = "0" * 64
        rows = []
        for c in wipers.changes:
            before = json.dumps({c.level: str(c.old), "cost": str(c.cost)})
            after = json.dumps({c.level: str(c.new)})
            content = json.dumps(["now", None, "bench", "price change", "part", str(c.part_id),
                                  c.sku, before, after]).encode()
            previous = hashlib.sha256(previous.encode() + content).hexdigest()
            rows.append((str(c.part_id), before, after, previous))
        with scratch:
            for level in ("retail", "trade"):
                scratch.executemany(
                    f"UPDATE part SET {level}_price = ?, version = version + 1 WHERE id = ?",
                    [(int(c.new * 100), c.part_id) for c in wipers.changes if c.level == level])
            extra = [c for c in wipers.changes if c.level not in ("retail", "trade")]
            scratch.executemany("DELETE FROM part_level_price WHERE part_id = ? AND level = ?",
                                [(c.part_id, c.level) for c in extra])
            scratch.executemany("INSERT INTO part_level_price (part_id, level, price) "
                                "VALUES (?, ?, ?)", [(c.part_id, c.level, int(c.new * 100))
                                                     for c in extra])
            scratch.executemany(
                "INSERT INTO audit_entry (at, user_id, username, action, entity, entity_id, "
                "summary, before, after, chain_hash) VALUES (datetime('now'), NULL, 'bench', "
                "'bench', 'part', ?, 'x', ?, ?, ?)", rows)
            scratch.rollback()

    ours, floor = median_of(ours_apply, 3), median_of(floor_apply, 3)
    report(f"apply one category (Wipers, {applied[0]:,} prices, audited)", ours, floor)

    part_id = raw.execute("SELECT id FROM part WHERE cost > 0 AND id NOT IN "
                          "(SELECT part_id FROM manual_price) LIMIT 1").fetchone()[0]
    cost = Part.get_by_id(part_id).cost

    def receipt(with_matrix: bool) -> None:
        if with_matrix:
            stock.record_movement(COMMAND_LINE, part_id, MovementKind.RECEIPT, 1, cost * 2,
                                  confirm_cost=True)
        else:
            stock.record_movement(COMMAND_LINE, part_id, MovementKind.RECEIPT, 1, cost,
                                  confirm_cost=True)  # same cost: no reprice

    report("receipt that moves the cost and reprices (one part)",
           median_of(lambda: receipt(True), 9), median_of(lambda: receipt(False), 9))

    with tempfile.TemporaryDirectory() as folder:
        price_file = Path(folder) / "prices.csv"
        with price_file.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Part No", "Description", "Net Price", "Pack Qty", "EAN"])
            for i in range(bench.size(LINES, 500)):
                writer.writerow([f"BEN-{i:06d}", f"Bench item {i}", f"{3 + i % 500}.{i % 100:02d}",
                                 1 + i % 4, ""])
        supplier = raw.execute("SELECT id FROM supplier ORDER BY id DESC LIMIT 1").fetchone()[0]

        def ours_plan() -> None:
            read = read_price_file(price_file)
            catalogue.plan_import(COMMAND_LINE, supplier, read.rows)

        def floor_plan() -> tuple:
            """The same work in plain Python: each row's numbers read, the rows the import
            refuses found (no number, a duplicate, cost or pack size not above zero or with
            too many decimals), and the good ones sorted into new, changed and unchanged
            against the supplier's catalogue read by bare SQL."""
            cent, milli = Decimal("0.01"), Decimal("0.001")
            good: dict[str, tuple] = {}
            errors = 0
            with price_file.open(newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle)
                next(reader)
                for sku, text, cost, pack, code in reader:
                    sku, cost, pack = sku.strip(), Decimal(cost), Decimal(pack or 1)
                    if (not sku or len(sku) > 60 or sku in good or cost <= 0
                            or cost != cost.quantize(cent) or pack <= 0
                            or pack != pack.quantize(milli)):
                        errors += 1
                        continue
                    good[sku] = (int(cost * 100), int(pack * 1000), text.strip()[:255],
                                 code.strip()[:64], "")
            existing = {sku: tuple(rest) for sku, *rest in raw.execute(
                "SELECT supplier_sku, cost, pack_size, description, barcode, brand "
                "FROM catalogue_line WHERE supplier_id = ?", (supplier,))}
            new = [sku for sku in good if sku not in existing]
            changed = [sku for sku, row in good.items() if sku in existing
                       and existing[sku] != row]
            return new, changed, errors

        def bare_parse() -> None:  # (the floor before: two columns parsed, nothing checked)
            with price_file.open(newline="", encoding="utf-8") as handle:
                rows = [(r[0], r[1], Decimal(r[2]), Decimal(r[3])) for r in
                        list(csv.reader(handle))[1:]]
            existing = dict(((s, c) for s, c in raw.execute(
                "SELECT supplier_sku, cost FROM catalogue_line WHERE supplier_id = ?",
                (supplier,))))
            _ = [r for r in rows if r[0] not in existing]

        ours = median_of(ours_plan, 3)
        report(f"read and check a {bench.size(LINES, 500):,}-line price file", ours,
               median_of(floor_plan, 3))
        report("  (against parsing two columns, nothing checked)", ours,
               median_of(bare_parse, 3))


if __name__ == "__main__":
    sys.exit(script("pricing"))
