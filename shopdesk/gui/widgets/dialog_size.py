"""A dialog's first size: what it would like, but never larger than the window it opens over
(which fits the screen: 1366x768 at 125 % leaves 1093x582), nor than the screen itself."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN = 0.96  # of the window or screen, so the dialog's frame stays in view


def size_within(dialog: QWidget, width: int, height: int) -> QSize:
    """Resize ``dialog`` to ``width`` x ``height`` or as much of it as fits; returns the size."""
    parent = dialog.parentWidget()
    room = parent.window().size() if parent is not None and parent.window().isVisible() \
        else None
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry().size()
        room = available if room is None else room.boundedTo(available)
    if room is not None:
        width = min(width, max(320, int(room.width() * MARGIN)))
        height = min(height, max(240, int(room.height() * MARGIN)))
    size = QSize(width, height)
    dialog.resize(size)
    return size
