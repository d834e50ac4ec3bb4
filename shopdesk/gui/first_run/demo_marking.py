"""The demo shop is marked on every window: each dialog's title ends with "DEMO SHOP", so a
printed estimate or a payment taken for practice is never mistaken for the shop's own.

(The main window has its yellow strip and "[DEMO]" in its title; printed documents say
DEMO SHOP across the header.)
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


def demo_suffix() -> str:
    return QCoreApplication.translate("DemoMarking", "DEMO SHOP — practice data")


class DemoMarker(QObject):
    """Appends the demo suffix to the title of every window shown while installed."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                and watched.isWindow() and not isinstance(watched, QMainWindow)):
            mark(watched)
        return False


def mark(window: QWidget) -> None:
    """Put the demo suffix on ``window``'s title (once)."""
    suffix = demo_suffix()
    title = window.windowTitle()
    if suffix not in title:
        window.setWindowTitle(f"{title} — {suffix}" if title else suffix)


_marker: DemoMarker | None = None


def mark_demo_windows(on: bool) -> None:
    """Mark every window from now on (the demo shop is open) or stop (the shop's own)."""
    global _marker
    app = QApplication.instance()
    if app is None:
        return
    if on and _marker is None:
        _marker = DemoMarker(app)
        app.installEventFilter(_marker)
    elif not on and _marker is not None:
        app.removeEventFilter(_marker)
        _marker.deleteLater()
        _marker = None
