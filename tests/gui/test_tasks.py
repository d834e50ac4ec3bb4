"""Background tasks hand their result to the GUI thread, and everything the task held is
released there: an object with signal connections released on a pool thread can deadlock
the app (the pool thread disconnects while the GUI thread connects)."""

from __future__ import annotations

import threading

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
