"""The benchmark runner's own machinery (``python -m tests.bench``): its table, targets and
helpers, and one run of two real benchmarks on a small demo shop. Not a timing test: what
is checked is that the figures reach the table, that the shop given is never written and
that the run leaves nothing behind."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench import harness, runner
from tests.bench.harness import Bench, Failure, Figure, at_most, below, ratio


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo shop made the way the runner makes its large one (``ensure_demo``)."""
    path = tmp_path_factory.mktemp("bench") / "demo.sqlite3"
    made = harness.ensure_demo(path, scale="small", progress=lambda _text: None)
    assert made == path and path.exists()
    assert not list(path.parent.glob("*.building-*")), "the build's temp name is left"
    return path


def test_targets_pass_and_fail_as_written() -> None:
    assert ratio(1.5).met(1.5, 1.0) and not ratio(1.5).met(1.51, 1.0)
    assert not ratio(1.5).met(0.1, None), "a ratio without a floor cannot pass"
    assert at_most(1.0).met(1.0, None) and not at_most(1.0).met(1.01, None)
    assert below(0.016).met(0.0159, 5.0) and not below(0.016).met(0.016, None)
    assert [str(t) for t in (ratio(1.5), ratio(2), at_most(0.3), below(0.016), below(1))] == \
        ["<= 1.5x floor", "<= 2x floor", "<= 300 ms", "< 16 ms", "< 1 s"]


def test_figures_travel_as_json_and_fill_one_table() -> None:
    rows = [Figure("pricing", "preview all parts", 0.30, 0.25, ratio(1.5)),
            Figure("pricing", "apply one category", 0.9, 0.1, ratio(1.5)),
            Figure("customer_search", "find, p95", 0.0021, None, below(harness.FRAME)),
            Failure("backup", "stopped with exit status 1 (output above)")]
    assert Figure.from_json(rows[0].to_json()) == rows[0]
    lines = harness.table(rows).splitlines()
    assert lines[0].split() == list(harness.HEADERS)
    assert len(lines) == 2 + len(rows)
    first, second, third, failure = lines[2:]
    assert "1.20x" in first and first.endswith("pass")
    assert "9.00x" in second and second.endswith("FAIL")
    assert "2.1 ms" in third and " - " in third and third.endswith("pass")
    assert failure.startswith("backup") and failure.endswith("ERROR")
    assert harness.summary(rows) == "3 figures: 2 pass, 1 fail; 1 error(s)"
    assert [harness.seconds_text(s) for s in (2.5, 0.25, 0.0123, 0.000042)] == \
        ["2.50 s", "250 ms", "12.3 ms", "42 µs"]


def test_timing_helpers() -> None:
    calls: list[str] = []
    assert harness.median_time(lambda: calls.append("x"), runs=3, warmup=2) >= 0
    assert len(calls) == 5
    order: list[str] = []
    mine, base = harness.paired(lambda i: order.append(f"ours{i}"),
                                lambda i: order.append(f"floor{i}"), range(2))
    assert order == ["floor0", "ours0", "floor1", "ours1"] and len(mine) == len(base) == 2
    wall, cpu, result = harness.best_time(lambda: 42, runs=3, collect=True)
    assert result == 42 and wall >= 0 and cpu >= 0
    assert len(harness.each(lambda _x: None, "abc")) == 3
    samples = [float(n) for n in range(1, 101)]
    assert harness.percentile(samples, 0.95) == 95.0
    assert harness.percentile(samples, 0.5) == 50.0
    assert harness.percentile([7.0], 0.95) == 7.0


def test_a_benchmark_hands_its_figures_to_the_runner(tmp_path: Path) -> None:
    said: list[str] = []
    bench = Bench("toy", db=tmp_path / "x", base=tmp_path / "x", work=tmp_path, echo=said.append)
    bench.note("1,000 parts")
    bench.compare("sum", lambda: sum(range(100)), lambda: None, ratio(1e9), runs=3)
    assert said[0] == "1,000 parts"
    assert said[1].startswith(harness.MARK)
    figure = Figure.from_json(said[1][len(harness.MARK):])
    assert figure == bench.figures[0] and figure.benchmark == "toy" and figure.floor is not None
    assert Bench("q", tmp_path, tmp_path, tmp_path, quick=True).runs(7) == 1
    assert Bench("q", tmp_path, tmp_path, tmp_path).size(50_000, 500) == 50_000


def test_copies_never_touch_the_source(small_demo: Path, tmp_path: Path) -> None:
    before, digest = harness.stamp(small_demo), _digest(small_demo)
    base = harness.migrated_copy(small_demo, tmp_path / "base.sqlite3")
    copy = tmp_path / "copy.sqlite3"
    Path(f"{copy}-wal").write_bytes(b"stale")  # a left-over WAL must not survive a new copy
    harness.copy_db(base, copy)
    assert not Path(f"{copy}-wal").exists()
    assert _digest(copy) == _digest(base)
    assert harness.stamp(small_demo) == before and _digest(small_demo) == digest
    marked = harness.stamp(copy)
    conn = sqlite3.connect(copy)  # what the runner looks for after a benchmark that only reads
    with conn:
        conn.execute("UPDATE shop_settings SET name = 'written'")
    assert harness.stamp(copy) != marked  # (the write is in the WAL until the last close)
    conn.close()
    harness.remove_db(copy)
    assert not copy.exists()


def test_every_benchmark_is_listed_and_declares_whether_it_writes() -> None:
    names = runner.benchmarks()
    files = {p.stem.removeprefix("bench_") for p in Path(runner.__file__).parent.glob(
        "bench_*.py")}
    assert set(names) == files and set(runner.NAMES) == files
    for name in names:  # declared in the source (importing would start Qt, reportlab...)
        source = (Path(runner.__file__).parent / f"bench_{name}.py").read_text()
        assert "\nWRITES = " in source and "\ndef run(bench: Bench)" in source, name


@pytest.mark.slow
def test_a_run_prints_one_table_and_leaves_the_shop_and_temp_folder_as_they_were(
        small_demo: Path, tmp_path: Path) -> None:
    before, digest = harness.stamp(small_demo), _digest(small_demo)
    temp = tmp_path / "temp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), SHOPDESK_BENCH_DB=str(small_demo))
    done = subprocess.run([sys.executable, "-m", "tests.bench", "stock", "counter", "--quick"],
                          cwd=harness.ROOT, env=env, capture_output=True, text=True,
                          timeout=240)
    out = done.stdout
    assert done.returncode in (0, 1), done.stderr + out  # 1: a figure missed its target
    table = out[out.index("\nbenchmark  ") + 1:].splitlines()
    rows = table[2:table.index("")]
    assert {r.split()[0] for r in rows} == {"stock", "counter"}, out
    assert not any(r.endswith("ERROR") for r in rows), out
    assert all(r.endswith(("pass", "FAIL")) for r in rows), out
    assert "figures:" in out.splitlines()[-1]
    assert harness.stamp(small_demo) == before and _digest(small_demo) == digest
    assert list(temp.iterdir()) == [], "the run left files in the temp folder"


def test_an_unknown_benchmark_is_refused_with_the_names_there_are() -> None:
    done = subprocess.run([sys.executable, "-m", "tests.bench", "no_such_thing", "--db",
                           "/nonexistent/never-built.sqlite3"], cwd=harness.ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "no benchmark no_such_thing" in done.stderr and "front_desk" in done.stderr
    assert not Path("/nonexistent/never-built.sqlite3").exists()
