"""Start-up: ShopDesk's main window on the demo shop vs a bare PySide6 window (the floor).

    python tests/bench/bench_startup.py [--db FILE] [--runs 5]

Each run is a fresh process: interpreter start, imports, open (and check) the database,
sign in, build and show the main window, quit. The floor is a bare QMainWindow shown and
closed in a fresh process. Prints medians and the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800); w.show(); app.processEvents(); w.close()
"""

SHOPDESK = """
import sys
from shopdesk import db as database
from shopdesk.gui.app import make_application
from shopdesk.gui.context import AppContext
from shopdesk.gui.main_window import MainWindow
from shopdesk.services import users
app = make_application()
opened = database.open(sys.argv[1])
w = MainWindow(AppContext(opened, users.actor_for("owner")))
w.resize(1280, 800); w.show(); app.processEvents(); w.close()
"""


def _time(code: str, *args: str, runs: int) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], check=True, env=env,
                       capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a shop database (default: a new small demo shop)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    db = args.db
    if db is None:
        db = os.path.join(tempfile.mkdtemp(), "demo.sqlite3")
        subprocess.run([sys.executable, "-m", "shopdesk", "demo", "--db", db], check=True,
                       capture_output=True)
    floor = _time(BARE, runs=args.runs)
    ours = _time(SHOPDESK, db, runs=args.runs)
    print(f"bare PySide6 window (floor): {floor * 1000:7.0f} ms")
    print(f"ShopDesk main window:        {ours * 1000:7.0f} ms   ratio {ours / floor:.2f}x")


if __name__ == "__main__":
    main()
