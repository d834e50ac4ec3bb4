"""Issue 21, item 8: posting a big stock-take commits in batches (each holding the write lock
about :data:`stocktake.HOLD_SECONDS`), so other PCs and processes wait at most a second or
two; the sheet is "posted" only once every difference is booked, and a post killed or
refused midway leaves it "posting": posting again books the rest, never one twice.

Real processes and real locks: a second process posting while this one writes; SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import peewee
import pytest

from shopdesk.errors import ValidationError
from shopdesk.models.audit import AuditEntry
from shopdesk.models.parts import MovementKind, Part, StockMovement, StockTake, StockTakeLine
from shopdesk.services.integrity import run_checks
from shopdesk.services.shop import settings
from shopdesk.services.stock import stock, stocktake
from tests.helpers.parts import make_part

ROOT = Path(__file__).resolve().parents[2]

#: Posts one stock-take as the window would, printing a line after each committed batch.
POSTER = """
import sys
from shopdesk import db
from shopdesk.services.shop import users
from shopdesk.services.stock import stocktake

db.open(sys.argv[1])
if len(sys.argv) > 3:
    stocktake.HOLD_SECONDS = float(sys.argv[3])
def progress(done, total):
    print("batch", done, total, flush=True)
found = stocktake.post(users.actor_for("olivia"), int(sys.argv[2]), progress=progress)
print("done", len(found), flush=True)
"""


def _poster(db_url: str, take_id: int, hold: float | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", POSTER, db_url, str(take_id)]
        + ([] if hold is None else [str(hold)]), cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


def _parts(owner, count: int, prefix: str = "P") -> list[Part]:
    made = []
    for i in range(count):
        part = make_part(owner, sku=f"{prefix}-{i:04d}", name=f"Part {i}", cost="2.00")
        stock.record_movement(owner, part, MovementKind.RECEIPT, 10, "2.00")
        made.append(part)
    return made


def _counted(take: StockTake, counted: int = 7) -> None:
    """Every line of the sheet counted (set up in one statement: thousands of parts)."""
    StockTakeLine.update(counted=Decimal(counted)).where(
        StockTakeLine.stocktake == take.id).execute()


def _booked(take: StockTake) -> list[int]:
    """The part ids this sheet's movements touched (one each when posted right)."""
    return [pid for (pid,) in StockMovement.select(StockMovement.part).where(
        (StockMovement.reference == take.number)
        & (StockMovement.kind == MovementKind.STOCKTAKE.value)).tuples()]


def _stock_faults(db: peewee.Database) -> list[str]:
    return [str(f) for f in run_checks(db) if f.check in ("stock", "storage", "stock-takes")]


def test_a_big_post_commits_in_batches_and_marks_the_sheet_posted_last(owner, db,
                                                                       monkeypatch):
    monkeypatch.setattr(stocktake, "HOLD_SECONDS", 0.0)  # one difference a batch
    monkeypatch.setattr(stocktake, "GAP_SECONDS", 0.0)
    parts = _parts(owner, 12)
    take = stocktake.start(owner)
    for part in parts[:10]:  # two left as they were: no difference
        stocktake.enter_count(owner, take.id, part.id, 4)
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total, StockTake.get_by_id(take.id).status, len(_booked(take))))

    found = stocktake.post(owner, take.id, progress=progress)
    assert len(found) == 10
    # after each committed batch but the last: "posting", with just that many booked
    assert seen[:-1] == [(n, 10, "posting", n) for n in range(1, 10)]
    assert seen[-1] == (10, 10, "posted", 10)
    assert sorted(_booked(take)) == sorted(p.id for p in parts[:10])
    assert all(Part.get_by_id(p.id).on_hand == 4 for p in parts[:10])
    posts = AuditEntry.select().where((AuditEntry.action == "post")
                                      & (AuditEntry.entity == "stock-take"))
    assert posts.count() == 1
    assert _stock_faults(db) == []


def test_a_post_refused_midway_says_so_and_posting_again_finishes_it(owner, db, monkeypatch):
    monkeypatch.setattr(stocktake, "HOLD_SECONDS", 0.0)
    monkeypatch.setattr(stocktake, "GAP_SECONDS", 0.0)
    settings.update_settings(owner, settings.get_settings().version, allow_negative_stock=False)
    parts = _parts(owner, 6)
    take = stocktake.start(owner)
    for part in parts:
        stocktake.enter_count(owner, take.id, part.id, 2)  # 8 missing each
    last = parts[-1]
    stock.record_movement(owner, last, MovementKind.SALE, 9)  # 1 left: 2 - 10 would be -7
    with pytest.raises(ValidationError) as refused:
        stocktake.post(owner, take.id)
    message = refused.value.translated()
    assert message.startswith(f"{take.number}: stopped after 5 of 6 differences were posted")
    assert "Post it again to finish" in message and "negative stock" in message
    assert StockTake.get_by_id(take.id).status == "posting"
    assert len(_booked(take)) == 5 and last.id not in _booked(take)
    with pytest.raises(ValidationError, match="is partly posted"):  # counts are final now
        stocktake.enter_count(owner, take.id, parts[0].id, 9)
    with pytest.raises(ValidationError, match="partly posted"):
        stocktake.cancel(owner, take.id)
    assert stocktake.open_stocktake(owner, take.id).id == take.id  # the window can post it again
    with pytest.raises(stocktake.OpenStockTakeError):  # its parts are still held
        stocktake.start(owner)
    stock.record_movement(owner, last, MovementKind.RECEIPT, 9, "2.00")  # the stock arrives
    stocktake.post(owner, take.id)
    assert StockTake.get_by_id(take.id).status == "posted"
    assert sorted(_booked(take)) == sorted(p.id for p in parts)  # each exactly once
    assert [Part.get_by_id(p.id).on_hand for p in parts] == [2] * 6
    assert _stock_faults(db) == []


def test_a_post_killed_midway_is_resumed_and_never_books_a_line_twice(owner, db, db_url):
    parts = _parts(owner, 40)
    take = stocktake.start(owner)
    _counted(take, 3)
    worker = _poster(db_url, take.id, hold=0.0)  # a batch a difference: killed between two
    try:
        line = worker.stdout.readline()
        assert line.startswith("batch"), worker.stderr.read()
        while int(line.split()[1]) < 15:
            line = worker.stdout.readline()
        worker.send_signal(signal.SIGKILL)
    finally:
        out, _err = worker.communicate(timeout=60)
    assert "done" not in out
    assert StockTake.get_by_id(take.id).status == "posting"
    booked = _booked(take)
    assert 15 <= len(booked) < 40 and len(set(booked)) == len(booked)
    assert _stock_faults(db) == []  # on hand = the ledger after the kill
    found = stocktake.post(owner, take.id)  # again: the rest
    assert len(found) == 40
    assert StockTake.get_by_id(take.id).status == "posted"
    assert sorted(_booked(take)) == sorted(p.id for p in parts)
    assert all(Part.get_by_id(p.id).on_hand == 3 for p in parts)
    assert _stock_faults(db) == []


def test_a_write_waits_at_most_about_two_seconds_while_a_big_stocktake_posts(owner, db,
                                                                              db_url):
    _parts(owner, 20)
    take = stocktake.start(owner)
    _counted(take, 4)
    more = 2000  # a shop's whole stock: enough lines that posting them takes seconds
    Part.insert_many([{"sku": f"BIG-{i:05d}", "name": f"Big {i}", "unit": "pcs"}
                      for i in range(more)]).execute()
    take2_parts = Part.select(Part.id).where(Part.sku.startswith("BIG-"))
    StockTakeLine.insert_many([{"stocktake": take.id, "part": pid, "expected": Decimal(0),
                                "counted": Decimal(2)} for (pid,) in take2_parts.tuples()]
                              ).execute()
    worker = _poster(db_url, take.id)
    try:
        assert worker.stdout.readline().startswith("batch"), worker.stderr.read()
        waits = []  # the front desk's writes started while the post was running
        for n in range(4):
            if worker.poll() is not None:  # (a fast PC finishes first)
                break
            started = time.monotonic()
            make_part(owner, sku=f"DESK-{n}", name="Saved at the front desk")
            waits.append(time.monotonic() - started)
            time.sleep(0.3)
    finally:
        out, err = worker.communicate(timeout=600)
    assert worker.returncode == 0, err
    assert len(waits) >= 2, f"the post ended before two writes: {waits}"
    assert max(waits) < 2.0, waits
    assert f"done {more + 20}" in out
    assert StockTake.get_by_id(take.id).status == "posted"
    assert len(_booked(take)) == more + 20
    assert _stock_faults(db) == []
