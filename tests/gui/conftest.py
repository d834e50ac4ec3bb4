"""GUI fixtures: the application look, and a main window signed in as a given user."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from shopdesk.gui import gc_guard
from shopdesk.gui.app import make_application
from shopdesk.gui.context import AppContext
from shopdesk.gui.main_window import MainWindow
from shopdesk.services.access import Actor


@pytest.fixture(autouse=True)
def _garbage_on_the_gui_thread(qapp) -> None:
    """As in the app: no garbage collection on background-task threads (see gc_guard)."""
    gc_guard.install(qapp)


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes would block a test: record them instead (tests assert on them)."""
    shown: list[tuple[str, str]] = []

    def record(kind: str):
        def box(_parent, title, text, *args, **kwargs):
            shown.append((title, text))
            return QMessageBox.StandardButton.Ok
        return box

    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    return shown


@pytest.fixture
def message_boxes(_no_modal_boxes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (title, text) of every message box shown during the test."""
    return _no_modal_boxes


@pytest.fixture
def make_window(qtbot, db):
    """Build the main window for an actor, sized like a front-desk screen."""
    make_application()

    def build(actor: Actor) -> MainWindow:
        window = MainWindow(AppContext(db, actor))
        window.resize(1280, 800)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitActive(window)
        return window

    return build
