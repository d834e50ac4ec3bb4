"""An unexpected error inside a slot: a friendly dialog saying where the log is, and the
traceback in the log file (never on screen)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication, QPushButton

from shopdesk import logs
from shopdesk.gui import app as gui_app


def test_an_error_inside_a_slot_shows_the_friendly_dialog_and_is_logged(qtbot, make_window,
                                                                        owner, message_boxes,
                                                                        monkeypatch):
    logs.setup_logging()
    window = make_window(owner)
    button = QPushButton("Boom", window)

    def broken_slot() -> None:
        raise RuntimeError("the printer driver said no")

    button.clicked.connect(broken_slot)
    monkeypatch.setattr("sys.excepthook", gui_app._excepthook)
    button.click()
    QApplication.processEvents()
    assert len(message_boxes) == 1
    title, text = message_boxes[0]
    assert title == "ShopDesk hit a problem"
    assert "the printer driver said no" in text and str(logs.log_file()) in text
    for handler in logging.getLogger("shopdesk").handlers:
        handler.flush()
    logged = logs.log_file().read_text(encoding="utf-8")
    assert "RuntimeError: the printer driver said no" in logged
    assert "broken_slot" in logged  # the traceback is in the log, not on screen
