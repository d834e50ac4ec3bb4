"""Crash safety of imports: a process killed (SIGKILL) at random points while importing a big
parts list leaves, for an "all or nothing" import, the whole import or none of it; for the
usual import (committed in batches, so other PCs wait at most a second or so) whole batches
of rows, each with its audit entry, never half a row; `shopdesk check` passes afterwards."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shopdesk.io.importing.parts import PartImport
from shopdesk.models.audit import AuditEntry
from shopdesk.models.parts import Part
from shopdesk.services.integrity import run_checks
from tests.helpers.cli import run_shopdesk

ROOT = Path(__file__).resolve().parents[2]
ROWS = 12_000

#: Imports the file as the command line would, printing a line after each batch of rows.
WORKER = """
import sys
from shopdesk import db
from shopdesk.io.importing import run_import
from shopdesk.services.access import COMMAND_LINE

db.open(sys.argv[1])
if sys.argv[3] == "every batch":  # commit after each batch of rows, not each 0.75 s
    from shopdesk.io.importing import engine
    engine.HOLD_SECONDS = 0.0
def progress(done, total, message):
    print("batch", done, flush=True)
report = run_import(COMMAND_LINE, "parts", sys.argv[2], progress=progress,
                    all_or_nothing=sys.argv[3] == "all")
print("done", report.created, flush=True)
"""


def _parts_csv(path: Path, rows: int = ROWS) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("SKU,Name,Brand,Retail price,Cost,Barcode\n")
        handle.writelines(f"K-{i:06d},Part {i},Brand {i % 9},{i % 500}.{i % 100:02d},"
                          f"{i % 300}.50,B{i:09d}\n" for i in range(rows))
    return path


def _start(db_url: str, path: Path, mode: str = "all") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WORKER, db_url, str(path), mode], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


def test_an_import_killed_at_random_points_is_all_there_or_not_at_all(owner, db, db_url,
                                                                     tmp_path):
    path = _parts_csv(tmp_path / "parts.csv")
    rng = random.Random(8)
    outcomes = []
    for round_ in range(6):
        worker = _start(db_url, path)
        first = worker.stdout.readline()
        assert first.startswith("batch"), worker.stderr.read()
        # Kill once the worker has reported rows as far as a random point (a guessed time
        # would miss the rows on a fast PC): five rounds somewhere in the rows, the last
        # one just after the last row, in the commit or after it.
        target = rng.uniform(0.05, 0.9) * ROWS if round_ < 5 else ROWS
        line = first
        while line.startswith("batch") and int(line.split()[1]) < target:
            line = worker.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.01))
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=60)
        count = Part.select().count()
        assert count in (0, ROWS)  # never half an import
        imported = AuditEntry.select().where(AuditEntry.action == "import").count()
        assert imported == (1 if count else 0)  # its audit entry came with it, or not
        assert [str(f) for f in run_checks(db)] == []
        outcomes.append(count)
        if count:
            break
    assert outcomes[0] == 0  # the kills landed in the middle of the import
    if not outcomes[-1]:
        finished = _start(db_url, path)
        out, err = finished.communicate(timeout=300)
        assert finished.returncode == 0, err
        assert f"done {ROWS}" in out
    assert Part.select().count() == ROWS
    check = run_shopdesk("check", "--db", db_url)
    assert check.returncode == 0, check.stdout + check.stderr


def _kill_at(worker: subprocess.Popen, target: float, rng: random.Random) -> None:
    line = worker.stdout.readline()
    assert line.startswith("batch"), worker.stderr.read()
    while line.startswith("batch") and int(line.split()[1]) < target:
        line = worker.stdout.readline()
    time.sleep(rng.uniform(0.0, 0.2))
    worker.send_signal(signal.SIGKILL)
    worker.communicate(timeout=60)


@pytest.mark.parametrize("seed", [3, 21])
def test_a_batched_import_killed_leaves_whole_audited_batches(owner, db, db_url, tmp_path,
                                                              seed):
    path = _parts_csv(tmp_path / "parts.csv")
    rng = random.Random(seed)
    before = 0
    for _ in range(3):
        _kill_at(_start(db_url, path, "every batch"), rng.uniform(0.2, 0.8) * ROWS, rng)
        count = Part.select().count()
        assert count % PartImport.batch == 0 and count >= before  # whole batches only
        assert not AuditEntry.select().where(AuditEntry.action == "import").exists()
        batches = [e.summary for e in AuditEntry.select().where(
            AuditEntry.action == "import batch").order_by(AuditEntry.id)]
        if count > before:  # each committed transaction carries its audit entry
            last = re.search(r"rows to ([\d,]+) so far: ([\d,]+) created", batches[-1])
            assert last and int(last[1].replace(",", "")) - int(last[2].replace(",", "")) \
                == before and int(last[2].replace(",", "")) == count - before, batches[-1]
        assert [str(f) for f in run_checks(db)] == []
        before = count
    assert 0 < before < ROWS  # the kills landed in the middle, after some batches
    finished = _start(db_url, path, "batched")
    out, err = finished.communicate(timeout=300)
    assert finished.returncode == 0, err
    assert f"done {ROWS - before}" in out  # the rest created; the rows already there unchanged
    assert Part.select().count() == ROWS
    assert AuditEntry.select().where(AuditEntry.action == "import").count() == 1
    check = run_shopdesk("check", "--db", db_url)
    assert check.returncode == 0, check.stdout + check.stderr
