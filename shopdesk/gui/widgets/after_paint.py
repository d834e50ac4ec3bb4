"""Work that waits for a widget's first paint: a screen shows its frame at once and fills its
lists on the next turn of the event loop (the clerk sees the window instead of waiting on
queries behind a blank one)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterFirstPaint(QObject):
    """Calls ``callback`` once, on the turn of the event loop after ``widget`` is first
    painted, unless :meth:`cancel` was called first (the work was done another way)."""

    def __init__(self, widget: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.callback = callback
        self.pending = True
        widget.installEventFilter(self)

    def cancel(self) -> None:
        """The work is not wanted any more (it was done now, by other means)."""
        if self.pending:
            self.pending = False
            self.widget.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Paint and self.pending:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # after this paint has reached the screen
        return False

    def _run(self) -> None:
        if self.pending:
            self.pending = False
            self.callback()


def after_first_paint(widget: QWidget, callback: Callable[[], object]) -> AfterFirstPaint:
    """Call ``callback`` right after ``widget``'s first paint (see :class:`AfterFirstPaint`)."""
    return AfterFirstPaint(widget, callback)
