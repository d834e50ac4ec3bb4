"""Collect Python's cyclic garbage on the GUI thread only.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a
threshold is crossed. When that is a background task (:mod:`shopdesk.gui.tasks`), a cycle
holding a Qt object made on the GUI thread is destroyed on the worker thread: Qt objects must
die on their own thread, and the process can crash at random. So, while the application runs,
automatic collection is off and a timer on the GUI thread collects instead, generation by
generation, with Python's own thresholds. Plain reference counting (which frees almost all
garbage) is untouched.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the collector's counts (ms).
INTERVAL_MS = 500


def collect_if_due(thresholds: tuple[int, int, int] | None = None) -> int:
    """Run the collections Python would have run by now; returns the objects freed."""
    limit0, limit1, limit2 = thresholds or _THRESHOLDS
    count0, count1, count2 = gc.get_count()
    if count0 <= limit0:
        return 0
    generation = 0
    if count1 > limit1:
        generation = 2 if count2 > limit2 else 1
    return gc.collect(generation)


_THRESHOLDS: tuple[int, int, int] = gc.get_threshold()  # type: ignore[assignment]


class GuiThreadCollector(QObject):
    """Owns the timer that collects garbage on the GUI thread (see the module docstring)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(collect_if_due)
        self._timer.start()


def install(app: QObject) -> None:
    """Collect garbage on ``app``'s thread from now on (idempotent)."""
    if app.findChild(GuiThreadCollector) is None:
        GuiThreadCollector(app)
