"""The keyboard rules every list (table, list, tree) follows, in one place.

* Tab and Shift+Tab leave the list for the next and previous control (a table's own default
  moves from cell to cell, and the clerk is stuck in it): :func:`leave_on_tab`.
* Enter (and a double click) opens the current row through the view's own ``activated``
  signal, never a window-wide Return shortcut (which once stole every Enter in the window);
  the Enter that opened a row goes no further, so in a dialog it does not also press the
  default button: :func:`open_on_enter`.
* After a filter, the first row is current and selected, so Enter and F12 act on it without
  an arrow key: :func:`first_row_current`.

``tests/gui/test_keyboard_rules.py`` checks every list of every screen and dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
View = TypeVar("View", bound=QAbstractItemView)


def leave_on_tab(view: View) -> View:
    """Tab and Shift+Tab move on to the next and previous control; returns ``view``."""
    view.setTabKeyNavigation(False)
    return view


class _EnterOpens(QObject):
    """Enter on a list with a current row emits ``activated`` and is taken (not passed on to
    the dialog's default button); Ctrl+Enter and friends pass, as does Enter in an editor."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        view = self.parent()
        if not isinstance(view, QAbstractItemView) or event.key() not in _ENTER_KEYS:
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        index = view.currentIndex()
        if modifiers != Qt.KeyboardModifier.NoModifier or not index.isValid() or \
                view.state() == QAbstractItemView.State.EditingState:
            return False
        view.activated.emit(index)
        return True


def open_on_enter(view: View, slot: Callable[[QModelIndex], object]) -> View:
    """Enter or a double click on a row calls ``slot(index)``; Tab leaves the list too."""
    leave_on_tab(view)
    view.activated.connect(slot)
    view.installEventFilter(_EnterOpens(view))
    return view


def first_row_current(view: QAbstractItemView) -> None:
    """Make the first row current and selected (nothing when the list is empty)."""
    model = view.model()
    if model is None or model.rowCount() == 0:
        return
    column = next((c for c in range(model.columnCount())
                   if not getattr(view, "isColumnHidden", lambda _c: False)(c)), 0)
    index = model.index(0, column)
    selection = view.selectionModel()
    if selection is None:
        view.setCurrentIndex(index)
        return
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
    if view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows:
        flags |= QItemSelectionModel.SelectionFlag.Rows
    selection.setCurrentIndex(index, flags)
