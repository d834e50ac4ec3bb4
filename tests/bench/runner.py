"""The benchmark runner: ``python -m tests.bench [NAME ...]``.

1. The large demo shop: ``SHOPDESK_BENCH_DB`` (default ``<temp>/shopdesk-bench-large.sqlite3``),
   made with ``shopdesk demo --scale large`` when missing (a few minutes, once) and reused
   after. It is only ever copied: the run works on a copy brought up to this build's schema.
2. Each chosen benchmark (all when no NAME) runs in a fresh process, in a work folder of its
   own; one that WRITES gets a copy of its own there. The folder, copies included, is deleted
   when the benchmark ends, and the run's copy when the run ends.
3. One table: benchmark, path, ours, floor, ratio, target, pass/fail. The exit status is 0
   when every figure meets its target.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import harness
from tests.bench.harness import MARK, Bench, Failure, Figure

#: Lines of a benchmark's output not worth showing (pyproject.toml's qt_log_ignore says why).
QUIET = ("This plugin does not support propagateSizeHints()",)
#: Every benchmark, in the order a full run takes them: tests/bench/bench_<name>.py.
NAMES = ("startup", "front_desk", "customer_search", "customer_file", "service_due", "stock",
         "counter", "pricing", "invoices", "printing", "import", "export", "monthly_report",
         "backup")


def benchmarks() -> list[str]:
    """Every benchmark's name: the list above, checked against the files (a new file that is
    not listed runs last rather than never)."""
    found = sorted(p.stem.removeprefix("bench_")
                   for p in Path(__file__).parent.glob("bench_*.py"))
    return [n for n in NAMES if n in found] + [n for n in found if n not in NAMES]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench",
        description="Run ShopDesk's benchmarks on one large demo shop and print one table.")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all): {', '.join(benchmarks())}")
    parser.add_argument("--db", type=Path,
                        help="the large demo shop (default: $SHOPDESK_BENCH_DB, else "
                             f"{harness.DEFAULT_DB}); made when missing, never written")
    parser.add_argument("--quick", action="store_true",
                        help="one run each on small sizes: checks that the benchmarks work "
                             "(e.g. on a small demo shop); not figures to quote")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--base", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.base, args.work, args.quick)
    known = benchmarks()
    if args.list:
        print("\n".join(known))
        return 0
    unknown = [n for n in args.names if n not in known]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)} (there are: {', '.join(known)})")
    names = list(dict.fromkeys(args.names)) or known
    source = harness.ensure_demo((args.db or harness.source_db()).expanduser().resolve())
    return run(names, source, quick=args.quick)


def run(names: list[str], source: Path, quick: bool = False) -> int:
    """Run ``names`` on (a copy of) the shop ``source``; print the table; 0 when all pass."""
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="shopdesk-bench-run-"))
    rows: list[Figure | Failure] = []
    try:
        print(f"Copying {source} for this run (the file itself is never written)...",
              flush=True)
        base = harness.migrated_copy(source, folder / "base.sqlite3")
        for name in names:
            rows += run_one(name, source, base, folder / name, quick)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\nShopDesk benchmarks on {source} ({time.perf_counter() - started:.0f} s"
          f"{', quick: not figures to quote' if quick else ''})\n")
    print(harness.table(rows))
    print(f"\n{harness.summary(rows)}")
    return 0 if rows and all(isinstance(r, Figure) and r.passed for r in rows) else 1


def run_one(name: str, source: Path, base: Path, work: Path, quick: bool
            ) -> list[Figure | Failure]:
    """One benchmark in a fresh process; its figures (and a row for anything that broke)."""
    print(f"\n== {name}", flush=True)
    work.mkdir(parents=True)
    before = harness.stamp(base)
    env = dict(os.environ, SHOPDESK_HOME=str(work / "home"), QT_QPA_PLATFORM="offscreen",
               PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "tests.bench", "--child", name, "--base", str(base),
               "--work", str(work), *(["--quick"] if quick else [])]
    rows: list[Figure | Failure] = []
    started = time.perf_counter()
    try:
        with subprocess.Popen(command, cwd=harness.ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, bufsize=1) as process:
            assert process.stdout is not None
            for line in process.stdout:
                if line.startswith(MARK):
                    rows.append(Figure.from_json(line[len(MARK):]))
                elif not line.startswith(QUIET):
                    print(f"  {line}", end="", flush=True)
            status = process.wait()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    if status != 0:
        rows.append(Failure(name, f"stopped with exit status {status} (output above)"))
    elif not rows:
        rows.append(Failure(name, "measured nothing"))
    if harness.stamp(base) != before:  # a benchmark that says it only reads wrote the shop
        rows.append(Failure(name, "changed the run's shared copy: it must declare WRITES"))
        harness.migrated_copy(source, base)  # the next benchmarks read the shop as made
    return rows


def child(name: str, base: Path, work: Path, quick: bool) -> int:
    """In the benchmark's own process: its database (a copy if it WRITES), then run it."""
    module = importlib.import_module(f"tests.bench.bench_{name}")
    db = base
    if getattr(module, "WRITES", True):
        db = harness.copy_db(base, work / "shop.sqlite3")
    module.run(Bench(name, db=db, base=base, work=work, quick=quick))
    return 0


def script(name: str) -> int:
    """``python -m tests.bench.bench_NAME`` runs that one benchmark through the runner."""
    return main([name, *sys.argv[1:]])
