"""Start-up: ShopDesk's main window on the large demo shop vs a bare PySide6 window (the floor).

    python -m tests.bench startup

Each run is a fresh process: interpreter start, imports, open (and check) the database,
sign in, build and show the main window, quit. The floor is a bare QMainWindow shown and
closed in a fresh process; floor and ShopDesk runs take turns. Prints medians and the ratio.
Target: at most 2x the bare window.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from tests.bench.harness import Bench, ratio
from tests.bench.runner import script

WRITES = True  # signs in and opens the window on the shop: kept off the shared copy
TARGET = 2.0

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
from shopdesk.services.shop import users
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


def run(bench: Bench) -> None:
    _time(BARE, runs=1)  # the interpreter's and Qt's files in the page cache for both
    _time(SHOPDESK, str(bench.db), runs=1)
    floors, ours = [], []
    for _ in range(bench.runs(5)):  # by turns: other load on the machine weighs on both
        floors.append(_time(BARE, runs=1))
        ours.append(_time(SHOPDESK, str(bench.db), runs=1))
    bench.figure("start-up to the main window (fresh process)", statistics.median(ours),
                 ratio(TARGET), statistics.median(floors))


if __name__ == "__main__":
    sys.exit(script("startup"))
