"""Tab order set on purpose: forms list their fields in the order a clerk fills them."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QPushButton,
    QScrollArea,
    QTabBar,
    QToolButton,
    QWidget,
)


def chain(*widgets: QWidget) -> None:
    """Tab goes from each widget to the next, in the order given."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def walk(start: QWidget, steps: int = 80) -> list[QWidget]:
    """The widgets Tab visits from ``start`` (which gets the focus), until it comes back.

    The window must be shown and active; disabled and hidden widgets are skipped, as Tab
    skips them."""
    start.setFocus()
    QApplication.processEvents()
    seen = [start]
    window = start.window()
    for _ in range(steps):
        window.focusNextChild()
        current = QApplication.focusWidget()
        if current is None or current is start:
            break
        seen.append(current)
    return seen


#: what takes the focus but is no field to start in (buttons: a stray Enter would press them)
_NOT_FIELDS = (QPushButton, QToolButton, QTabBar, QScrollArea)


def focus_first_field(window: QWidget, within: QWidget | None = None) -> None:
    """Put the focus on the first field Tab reaches in ``window`` (or in its part ``within``),
    unless a field has it already: a dialog never opens with the focus on a button, which a
    stray Enter or Space would press. Call from ``showEvent`` (or once the part is shown)."""
    current = window.focusWidget()
    if within is None and current is not None and \
            not isinstance(current, (QPushButton, QToolButton)):
        return
    area = within or window
    widget = window.nextInFocusChain()
    while widget is not window:
        if (area is window or area.isAncestorOf(widget)) and widget.window() is window \
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus \
                and widget.isVisibleTo(window) and widget.isEnabled() \
                and not isinstance(widget, _NOT_FIELDS):
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return
        widget = widget.nextInFocusChain()
