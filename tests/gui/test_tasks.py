"""Background tasks hand their result to the GUI thread, and everything the task held is
released there: an object with signal connections released on a pool thread can deadlock
the app (the pool thread disconnects while the GUI thread connects)."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QWidget

from shopdesk.errors import ShopDeskError
from shopdesk.gui.tasks import run_task


class _Witness:
    """Records the thread it dies on."""

    died_on: list[str] = []

    def __del__(self) -> None:
        _Witness.died_on.append(threading.current_thread().name)


def _start(parent: QWidget, results: list, fail: bool = False) -> None:
    witness = _Witness()  # only the work function below holds it

    def work(_progress) -> int:
        assert witness is not None
        if fail:
            raise ShopDeskError("The file is locked")
        return 42

    run_task(parent, "Working", work, on_done=results.append, on_failed=results.append)


def test_the_result_arrives_and_the_tasks_objects_die_on_the_gui_thread(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    for fail, expected in ((False, 42), (True, "The file is locked")):
        _Witness.died_on.clear()
        results: list = []
        _start(parent, results, fail)
        qtbot.waitUntil(lambda results=results: results != [], timeout=10000)
        assert results == [expected]
        qtbot.waitUntil(lambda: _Witness.died_on != [], timeout=5000)
        assert _Witness.died_on == ["MainThread"]


def test_closing_the_window_while_the_work_reports_progress_loses_nothing(qtbot) -> None:
    """The clerk closes the screen while an export still runs: its progress reports find no
    dialog (deleted with the window), and the result still arrives."""
    parent = QWidget()
    go_on = threading.Event()
    results: list = []

    def work(progress) -> str:
        go_on.wait(10)
        for done in range(50):
            progress(done, 50, f"Row {done}")
        return "written"

    run_task(parent, "Exporting", work, on_done=results.append, on_failed=results.append)
    parent.deleteLater()  # the window and its progress dialog go
    qtbot.waitUntil(lambda: not shiboken6.isValid(parent), timeout=5000)
    go_on.set()
    qtbot.waitUntil(lambda: results != [], timeout=10000)
    assert results == ["written"]
