"""What every benchmark shares: the one large demo shop, its copies, timing, floors and the
result rows (figures) the runner prints as one table.

A benchmark is a module ``tests/bench/bench_<name>.py`` with

* ``WRITES``: whether it changes the shop (then it gets a copy of its own; otherwise it reads
  the run's shared, migrated copy, and the runner checks that it did not change it);
* ``run(bench: Bench) -> None``: measures, and records each figure with ``bench.figure`` or
  ``bench.compare`` (a time, the floor measured in the same run, the target).

The runner (``python -m tests.bench``, see ``runner.py``) runs each benchmark in a fresh
process, in a work folder of its own that is deleted afterwards.
"""

from __future__ import annotations

import gc
import json
import math
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[2]
#: The large demo shop every benchmark measures on, unless SHOPDESK_BENCH_DB names another.
DEFAULT_DB = Path(tempfile.gettempdir()) / "shopdesk-bench-large.sqlite3"
#: How a child process hands a figure to the runner: this marker, then the figure as JSON.
MARK = "@bench-figure "
T = TypeVar("T")

#: One frame at 60 Hz: what a keystroke's answer should fit in.
FRAME = 0.016


# --- the database -------------------------------------------------------------------------
def source_db() -> Path:
    """The large demo the benchmarks measure on: ``SHOPDESK_BENCH_DB`` or the default in the
    temp folder. It is only ever read or copied."""
    named = os.environ.get("SHOPDESK_BENCH_DB", "").strip()
    return (Path(named).expanduser() if named else DEFAULT_DB).resolve()


def ensure_demo(path: Path, scale: str = "large",
                progress: Callable[[str], Any] = print) -> Path:
    """The demo shop at ``path``, made with ``shopdesk demo --scale SCALE`` if the file is
    missing (large: a few minutes). It is made under another name beside ``path`` and renamed
    once complete: a build cut short never leaves a half-made shop that looks ready."""
    path = Path(path)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f"{path.name}.building-{os.getpid()}")
    home = Path(tempfile.mkdtemp(prefix="shopdesk-bench-home-"))
    progress(f"Making the {scale} demo shop at {path} (once; reused next time)...")
    try:
        subprocess.run([sys.executable, "-m", "shopdesk", "demo", "--scale", scale, "--db",
                        str(building)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, SHOPDESK_HOME=str(home)))
        _checkpoint(building)
        os.replace(building, path)
    finally:
        remove_db(building)
        shutil.rmtree(home, ignore_errors=True)
    return path


def _checkpoint(path: Path) -> None:
    """Fold a WAL file into the database file: the file alone is then the whole shop."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def copy_db(source: Path, target: Path) -> Path:
    """A copy of the SQLite shop ``source`` at ``target`` (a previous copy there is
    replaced). The source is only read: its WAL file, if one is left, is copied with it."""
    remove_db(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    wal = Path(f"{source}-wal")
    if wal.exists() and wal.stat().st_size:
        shutil.copyfile(wal, f"{target}-wal")
    return target


def remove_db(path: Path) -> None:
    """Delete a SQLite database file and its WAL, shared-memory and journal files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def migrated_copy(source: Path, target: Path) -> Path:
    """A copy of ``source`` brought up to this build's schema (the copy is migrated, never
    the source), its WAL folded in: the base every benchmark reads or copies."""
    from shopdesk import db as database
    from shopdesk.models.base import database_proxy

    copy_db(source, target)
    opened = database.open(str(target))
    try:
        opened.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        opened.close()
        database_proxy.initialize(None)
    return target


def stamp(path: Path) -> tuple:
    """What changes when a database file is written: size and modification time of the file
    and of its WAL (a benchmark that only reads leaves both as they were)."""
    marks = []
    for suffix in ("", "-wal"):
        try:
            info = Path(f"{path}{suffix}").stat()
        except FileNotFoundError:
            marks.append(None)
        else:
            marks.append((info.st_size, info.st_mtime_ns) if suffix == "" else
                         info.st_size or None)  # (an empty WAL is what a reader leaves)
    return tuple(marks)


# --- timing -------------------------------------------------------------------------------
def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(wall seconds, result) of one call."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def times(fn: Callable[[], Any], runs: int, warmup: int = 1) -> list[float]:
    """Wall seconds of ``runs`` calls, after ``warmup`` calls that are not counted."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def median_time(fn: Callable[[], Any], runs: int = 5, warmup: int = 1) -> float:
    """Median wall seconds of ``runs`` calls (after ``warmup`` uncounted calls)."""
    return statistics.median(times(fn, runs, warmup))


def best_time(fn: Callable[[], Any], runs: int = 5, collect: bool = False
              ) -> tuple[float, float, Any]:
    """(best wall seconds, best CPU seconds, last result) of ``runs`` calls. With ``collect``
    each call starts after a full garbage collection and its time includes a collection of
    the young objects it left (what a paused collector defers is counted, not hidden in the
    next call)."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        result = None
        if collect:
            gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        if collect:
            gc.collect(0)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def each(fn: Callable[[Any], Any], inputs: Iterable[Any]) -> list[float]:
    """Wall seconds of ``fn(x)`` for each input, in order."""
    out = []
    for item in inputs:
        started = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - started)
    return out


def paired(ours: Callable[[Any], Any], floor: Callable[[Any], Any], inputs: Iterable[Any]
           ) -> tuple[list[float], list[float]]:
    """Each input through ``floor`` then ``ours``, one right after the other, so that other
    load on a shared machine weighs on both alike: (ours seconds, floor seconds)."""
    mine, base = [], []
    for item in inputs:
        for fn, out in ((floor, base), (ours, mine)):
            started = time.perf_counter()
            fn(item)
            out.append(time.perf_counter() - started)
    return mine, base


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` 0.95 = p95) of ``samples``."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


# --- targets and figures ------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """What a figure must meet: ``ratio`` (at most VALUE times its floor), ``max`` (at most
    VALUE seconds) or ``below`` (under VALUE seconds)."""

    kind: str
    value: float

    def met(self, ours: float, floor: float | None) -> bool:
        if self.kind == "ratio":
            return floor is not None and floor > 0 and ours / floor <= self.value
        if self.kind == "max":
            return ours <= self.value
        return ours < self.value

    def __str__(self) -> str:
        if self.kind == "ratio":
            return f"<= {self.value:g}x floor"
        amount = f"{self.value:g} s" if self.value >= 1 else f"{self.value * 1000:g} ms"
        return f"{'<=' if self.kind == 'max' else '<'} {amount}"


def ratio(value: float) -> Target:
    """At most ``value`` times the floor measured in the same run."""
    return Target("ratio", value)


def at_most(seconds: float) -> Target:
    return Target("max", seconds)


def below(seconds: float) -> Target:
    return Target("below", seconds)


@dataclass(frozen=True)
class Figure:
    """One row of the table: what was measured, our time, the floor's (when there is one)
    and the target."""

    benchmark: str
    path: str
    ours: float
    floor: float | None
    target: Target

    @property
    def ratio(self) -> float | None:
        return self.ours / self.floor if self.floor else None

    @property
    def passed(self) -> bool:
        return self.target.met(self.ours, self.floor)

    def to_json(self) -> str:
        return json.dumps({"benchmark": self.benchmark, "path": self.path, "ours": self.ours,
                           "floor": self.floor, "target": [self.target.kind,
                                                           self.target.value]})

    @classmethod
    def from_json(cls, text: str) -> Figure:
        data = json.loads(text)
        return cls(data["benchmark"], data["path"], data["ours"], data["floor"],
                   Target(*data["target"]))


@dataclass(frozen=True)
class Failure:
    """A row for a benchmark that could not finish (or broke a rule of the runner)."""

    benchmark: str
    path: str


def seconds_text(seconds: float) -> str:
    """A time as people read it: 1.23 s, 45.6 ms, 789 µs."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.001:
        return f"{seconds * 1000:.{1 if seconds < 0.1 else 0}f} ms"
    return f"{seconds * 1e6:.0f} µs"


HEADERS = ("benchmark", "path", "ours", "floor", "ratio", "target", "result")


def table(rows: Sequence[Figure | Failure]) -> str:
    """The runner's one table: benchmark, path, ours, floor, ratio, target, pass/fail."""
    cells = []
    for row in rows:
        if isinstance(row, Failure):
            cells.append((row.benchmark, row.path, "", "", "", "", "ERROR"))
            continue
        cells.append((row.benchmark, row.path, seconds_text(row.ours),
                      seconds_text(row.floor) if row.floor is not None else "-",
                      f"{row.ratio:.2f}x" if row.ratio is not None else "-",
                      str(row.target), "pass" if row.passed else "FAIL"))
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h)
              for i, h in enumerate(HEADERS)]
    right = {2, 3, 4}

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if i in right else v.ljust(w)
                         for i, (v, w) in enumerate(zip(values, widths, strict=True))).rstrip()

    out = [line(HEADERS), line(["-" * w for w in widths])]
    out += [line(c) for c in cells]
    return "\n".join(out)


def summary(rows: Sequence[Figure | Failure]) -> str:
    figures = [r for r in rows if isinstance(r, Figure)]
    failed = sum(1 for r in figures if not r.passed)
    errors = len(rows) - len(figures)
    return (f"{len(figures)} figures: {len(figures) - failed} pass, {failed} fail"
            + (f"; {errors} error(s)" if errors else ""))


# --- a benchmark's context ----------------------------------------------------------------
@dataclass
class Bench:
    """What a benchmark gets from the runner.

    ``db`` is the shop to measure on (its own copy when the benchmark WRITES; else the run's
    shared copy, to be read only); ``base`` the migrated large demo that copies come from
    (never written); ``work`` a folder of its own, deleted after the benchmark; ``quick``
    asks for few runs and small sizes (the runner's self-test on a small shop, not figures
    anyone should quote).
    """

    name: str
    db: Path
    base: Path
    work: Path
    quick: bool = False
    figures: list[Figure] = field(default_factory=list)
    echo: Callable[[str], Any] = print

    def runs(self, runs: int, quick: int = 1) -> int:
        """``runs`` repetitions, or ``quick`` of them in a quick run."""
        return quick if self.quick else runs

    def size(self, full: T, quick: T) -> T:
        """A workload's size (rows, documents): ``full``, or ``quick`` in a quick run."""
        return quick if self.quick else full

    def copy(self, name: str = "copy.sqlite3") -> Path:
        """A fresh copy of the large demo in this benchmark's work folder (a previous copy of
        the same name is replaced: one journey's writes never reach the next)."""
        return copy_db(self.base, self.work / name)

    def folder(self, name: str) -> Path:
        """A folder in this benchmark's work folder (deleted with it)."""
        path = self.work / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def note(self, text: str) -> None:
        """A line of context (sizes, counts): shown as the benchmark runs, not in the table."""
        self.echo(text)

    def figure(self, path: str, ours: float, target: Target,
               floor: float | None = None) -> Figure:
        """Record one figure (seconds): it goes to the runner at once, so the figures of a
        benchmark that fails later are not lost."""
        figure = Figure(self.name, path, ours, floor, target)
        self.figures.append(figure)
        self.echo(MARK + figure.to_json())
        return figure

    def compare(self, path: str, ours: Callable[[], Any], floor: Callable[[], Any],
                target: Target, runs: int = 5, warmup: int = 1,
                stat: Callable[[list[float]], float] = statistics.median) -> Figure:
        """Time ``ours`` against its ``floor`` (each warmed up, then run by turns so that
        other load weighs on both alike) and record ``stat`` of each (the median)."""
        for _ in range(warmup):
            floor()
            ours()
        mine, base = paired(lambda _: ours(), lambda _: floor(), range(self.runs(runs)))
        return self.figure(path, stat(mine), target, stat(base))
