"""Crash safety: a process killed (SIGKILL) at random moments while posting stock-takes leaves
each stock-take posted whole or not at all, and ``shopdesk check`` passes after every kill."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from shopdesk.models.parts import MovementKind, StockMovement, StockTake, StockTakeLine
from shopdesk.services.integrity import run_checks
from shopdesk.services.stock import stock
from tests.helpers.parts import make_part

ROOT = Path(__file__).resolve().parents[3]
KILLS = 6


def _worker(db_url: str, rounds: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.stocktake_worker", db_url, str(rounds)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


def _movements(number: str) -> int:
    return (StockMovement.select().where((StockMovement.reference == number) & (
        StockMovement.kind == MovementKind.STOCKTAKE.value)).count())


def _differences(take: StockTake) -> int:
    return (StockTakeLine.select().where((StockTakeLine.stocktake == take.id)
                                         & StockTakeLine.counted.is_null(False)
                                         & (StockTakeLine.counted != StockTakeLine.expected))
            .count())


def test_killed_while_posting_a_stocktake_leaves_it_whole_or_untouched(owner, db, db_url):
    for i in range(40):
        part = make_part(owner, sku=f"P-{i:03d}", name=f"Part {i}")
        stock.record_movement(owner, part, MovementKind.RECEIPT, 10 + i % 7, "3.00")
    # How long one post takes on this PC (a fast one posts 40 lines in well under 20 ms, so
    # a fixed guess would kill after the commit every time): one round, not killed.
    calibration = _worker(db_url, 1)
    assert calibration.stdout.readline().startswith("posting"), calibration.stderr.read()
    began = time.perf_counter()
    assert calibration.stdout.readline().startswith("posted")
    post = time.perf_counter() - began
    calibration.communicate(timeout=30)
    rng = random.Random(8)
    landed = 0
    for _kill in range(KILLS):
        worker = _worker(db_url, 3)
        line = worker.stdout.readline().strip()
        assert line.startswith("posting"), worker.stderr.read()
        time.sleep(rng.uniform(0.0, post))  # somewhere inside the post (or just after)
        worker.send_signal(signal.SIGKILL)
        out, _err = worker.communicate(timeout=30)
        landed += f"posted {line.split()[1]}" not in out
        faults = [str(f) for f in run_checks(db) if f.check in ("stock", "storage")]
        assert faults == []  # on-hand = ledger, the file is sound
        for take in StockTake.select():
            moved = _movements(take.number)
            if take.status == "posted":
                assert moved == _differences(take) > 0  # every difference booked
            else:
                assert take.status == "open" and moved == 0  # nothing booked at all
    assert StockTake.select().where(StockTake.status == "open").count() >= 1
    assert landed >= 1  # at least one kill hit a post before it committed
