"""Garbage that holds Qt objects is collected on the GUI thread, never on a task's thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from shopdesk.gui import gc_guard


class _Tracked(QObject):
    destroyed_on: list[str] = []

    def __del__(self) -> None:
        _Tracked.destroyed_on.append(threading.current_thread().name)


def test_automatic_collection_is_off_while_the_app_runs(qapp) -> None:
    gc_guard.install(qapp)
    assert not gc.isenabled()
    assert len(qapp.findChildren(gc_guard.GuiThreadCollector)) == 1
    gc_guard.install(qapp)  # a second window does not add a second timer
    assert len(qapp.findChildren(gc_guard.GuiThreadCollector)) == 1


def test_a_qt_cycle_made_on_the_gui_thread_dies_there_even_if_a_worker_allocates(qtbot,
                                                                                  qapp) -> None:
    gc_guard.install(qapp)
    gc.collect()
    _Tracked.destroyed_on.clear()
    holder: dict = {}
    holder["self"] = holder
    holder["object"] = _Tracked()  # parentless, Python-owned, in a garbage cycle
    del holder

    def allocate() -> None:  # a busy task allocating far past every collection threshold
        junk = []
        for _ in range(50_000):
            pair: list = []
            pair.append(pair)
            junk.append(pair)

    worker = threading.Thread(target=allocate, name="task")
    worker.start()
    worker.join()
    assert _Tracked.destroyed_on == []  # not collected by the task's thread
    qtbot.waitUntil(lambda: _Tracked.destroyed_on != [], timeout=5000)
    assert _Tracked.destroyed_on == ["MainThread"]


def test_collect_if_due_follows_the_thresholds() -> None:
    gc.collect()
    assert gc_guard.collect_if_due((10**9, 10, 10)) == 0  # nothing due: nothing run
    garbage: list = []
    garbage.append(garbage)
    del garbage
    assert gc_guard.collect_if_due((0, 10**9, 10**9)) >= 1  # generation 0 frees the cycle
