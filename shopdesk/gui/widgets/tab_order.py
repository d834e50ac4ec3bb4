"""Tab order set on purpose: forms list their fields in the order a clerk fills them."""

from __future__ import annotations

import itertools

from PySide6.QtWidgets import QApplication, QWidget


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
