"""Regression guard: PySide6 6.12.0 on Python 3.11 aborts after ~5,000 item-widget calls.

Each ``setItem``/``addItem`` dropped a reference to ``None`` until the interpreter died with
``Fatal Python error: none_dealloc`` (FINDINGS.md). The Qt/Python pair we ship must survive
filling 20,000 cells. Runs in a subprocess: the failure is an abort, not an exception.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import (QApplication, QListWidget, QTableWidget,
                                   QTableWidgetItem)

    app = QApplication([])
    rows, cols = 2000, 10
    table = QTableWidget(rows, cols)
    for r in range(rows):
        for c in range(cols):
            table.setItem(r, c, QTableWidgetItem(f"{r}:{c}"))
    filled = sum(1 for r in range(rows) for c in range(cols) if table.item(r, c) is not None)
    assert table.item(rows - 1, cols - 1).text() == f"{rows - 1}:{cols - 1}"
    print(f"filled {filled}", flush=True)
    items = QListWidget()
    for i in range(6000):
        items.addItem(f"part {i}")
    print(f"listed {items.count()}", flush=True)
    print(f"PySide6 {pyside_version} on Python {sys.version.split()[0]}", flush=True)
""")


def test_filling_20000_item_cells_does_not_abort() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=300, env=env)
    assert "none_dealloc" not in result.stderr
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    assert "filled 20000" in result.stdout.splitlines()
    assert "listed 6000" in result.stdout.splitlines()
