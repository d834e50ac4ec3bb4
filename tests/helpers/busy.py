"""A busy database for window tests: a second SQLite connection (as another PC's or process's
import would) holding the shop's write lock, and Retry pressed from the keyboard."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from shopdesk import db as database


@contextlib.contextmanager
def write_lock_held(db: peewee.Database, wait_ms: int = 200) -> Iterator[sqlite3.Connection]:
    """Inside the ``with``, another connection holds the write lock (``BEGIN IMMEDIATE`` on
    the same file) and this one waits only ``wait_ms`` for it (the real wait is 2 s: not in
    a test), so a save is refused as busy; afterwards the lock is free again."""
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("SQLite's write lock (PostgreSQL queues writers on row locks)")
    other = sqlite3.connect(db.database, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    db.execute_sql(f"PRAGMA busy_timeout = {int(wait_ms)}")
    try:
        yield other
    finally:
        other.rollback()
        other.close()
        db.execute_sql(f"PRAGMA busy_timeout = {database.BUSY_TIMEOUT_MS}")


def press_retry(qtbot, window: QWidget, key: str) -> None:
    """Press Retry from the keyboard: ``"enter"`` (Retry has the focus) or ``"alt+r"`` (its
    mnemonic, in the active window: Qt clicks a mnemonic's button after a short animation, so
    this waits for it). ``qtbot.waitActive`` is a context manager: called bare it waits for
    nothing, so this waits for the window to be the active one itself."""
    retry = window.findChild(QWidget, "retryButton")
    assert retry is not None and retry.isVisible()
    if key == "enter":
        assert window.focusWidget() is retry, window.focusWidget()
        qtbot.keyClick(retry, Qt.Key.Key_Return)
        return
    window.activateWindow()  # (a mnemonic works in the active window only)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.window())
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_R,
                   Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not retry.isVisible(), timeout=2000)
