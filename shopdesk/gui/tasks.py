"""Run slow database work (imports, exports, reports, backups) off the GUI thread.

``run_task`` shows a progress dialog with Cancel, runs ``work(progress)`` on a worker thread
and hands the result (or the error message) back on the GUI thread by signal. The worker
never touches a widget; peewee gives it its own connection, closed when it ends.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from shopdesk import db as database
from shopdesk.errors import Cancelled, ShopDeskError

log = logging.getLogger("shopdesk.gui.tasks")


#: Tasks still running: their signals -> (work, progress, released), kept alive on the GUI
#: side until the worker has let go of them (see :class:`_Runnable`).
_running: dict[_Signals, tuple[Callable[[Progress], Any], Progress, threading.Event]] = {}


class Progress:
    """Handed to the work function: report progress, and learn whether Cancel was pressed."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int, message: str = "") -> None:
        """Report ``done`` of ``total``; raises :class:`Cancelled` if the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled()
        self._signals.progress.emit(done, total, message)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(str)


class _Runnable(QRunnable):
    """Runs the work on a pool thread. It lets go of every Python object of the task before
    saying it is finished, so the GUI side, which keeps its own references until then, is
    where they die: an object with signal connections (the Progress behind Cancel, the work's
    closure over a screen) released on the pool thread disconnects there while the GUI
    thread holds the interpreter lock and connects, and the two threads deadlock."""

    def __init__(self, work: Callable[[Progress], Any], signals: _Signals,
                 progress: Progress, released: threading.Event) -> None:
        super().__init__()
        self._task: tuple | None = (work, signals, progress)
        self._released = released

    def run(self) -> None:
        assert self._task is not None
        work, signals, progress = self._task
        self._task = None
        released = self._released
        try:
            try:
                outcome = (signals.done, work(progress))
            except ShopDeskError as exc:
                outcome = (signals.failed, exc.translated())
            except Exception as exc:  # reported to the user; details in the log
                log.exception("background task failed")
                outcome = (signals.failed, QCoreApplication.translate(
                    "_Runnable", "Unexpected error: {exc}").format(exc=exc))
            finally:
                database.close()  # this worker thread's own connection
            del work, progress
            signal, value = outcome
            del outcome
            signal.emit(value)
            del signal, value, signals
        finally:
            released.set()


def run_in_background(work: Callable[[Progress], Any], *, on_done: Callable[[Any], None],
                      on_failed: Callable[[str], None],
                      on_finish: Callable[[], None] | None = None) -> tuple[_Signals, Progress]:
    """Start ``work`` on a pool thread with no dialog (the hourly backup); ``on_done`` or
    ``on_failed`` runs on the GUI thread, after ``on_finish``. Returns the task's signals
    (for progress) and its Progress (to cancel it)."""
    # The signals belong to the task, not to a window: closing the window while the work
    # runs must not delete the object the worker emits through.
    signals = _Signals()
    progress = Progress(signals)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        entry = _running.pop(signals, None)
        if entry is not None:
            entry[2].wait(5)  # the worker is a few statements from letting go
        del entry  # the task's objects die here, on the GUI thread
        if on_finish is not None:
            on_finish()
        callback(value)

    signals.done.connect(lambda result: finish(on_done, result))
    signals.failed.connect(lambda message: finish(on_failed, message))
    released = threading.Event()
    _running[signals] = (work, progress, released)
    QThreadPool.globalInstance().start(_Runnable(work, signals, progress, released))
    return signals, progress


def run_task(parent: QWidget, title: str, work: Callable[[Progress], Any], *,
             on_done: Callable[[Any], None], on_failed: Callable[[str], None],
             cancellable: bool = True) -> Progress:
    """Start ``work`` in the background with a progress dialog titled ``title`` (already in
    the screen's language); callbacks run on the GUI."""
    cancel = QCoreApplication.translate("run_task", "Cancel") if cancellable else ""
    dialog = QProgressDialog(title, cancel, 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    if not cancellable:
        dialog.setCancelButton(None)

    def on_progress(done: int, total: int, message: str) -> None:
        if not shiboken6.isValid(dialog):  # its window was closed while the work runs
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if message:
            dialog.setLabelText(message)

    def close_dialog() -> None:
        if shiboken6.isValid(dialog):  # gone if its window was destroyed meanwhile
            dialog.reset()
            dialog.deleteLater()

    signals, progress = run_in_background(work, on_done=on_done, on_failed=on_failed,
                                          on_finish=close_dialog)
    signals.progress.connect(on_progress)
    dialog.canceled.connect(progress.cancel)
    return progress
