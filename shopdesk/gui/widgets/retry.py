"""Retry after a busy database: the one button every window offers for it.

When another PC (or process) holds the shop's write lock longer than the wait (an import or a
stock-take posting in batches lets others in within a second or two, but a long one from an
older ShopDesk may not), a save is refused with :class:`~shopdesk.errors.BusyError`
("another PC is busy ... try again"). The window shows that refusal the usual way
(``show_refusal``) and :meth:`RetryButton.offer` shows **Retry** beside it: Alt+R (or Enter:
it takes the focus, and in a form dialog it is the default button) runs the refused action
again, once. Any other refusal, or the next action, hides it again.

Used by :class:`~shopdesk.gui.widgets.form_dialog.FormDialog`, the counter sale, the repair
order editor and the stock-take; a window puts the button where its error line is.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from shopdesk.errors import BusyError


class RetryButton(QPushButton):
    """**Retry** (Alt+R): hidden until :meth:`offer` is told of a busy refusal; pressed, it
    hides and runs the refused action again. ``instead_of``: the button that is the dialog's
    default otherwise (OK): Retry is the default while shown (``make_default``)."""

    def __init__(self, parent: QWidget | None = None, *,
                 instead_of: QPushButton | None = None, make_default: bool = True) -> None:
        super().__init__(parent)
        self.setText(self.tr("&Retry"))
        self.setObjectName("retryButton")
        self.setToolTip(self.tr("Save again: another PC was busy writing"))
        self.instead_of = instead_of
        self.make_default = make_default
        self.setAutoDefault(True)  # (Enter presses it while it has the focus)
        self._action: Callable[[], object] | None = None
        self._focus_back: QWidget | None = None
        self.clicked.connect(self.retry)
        self.hide()

    def offer(self, problem: BaseException | str, action: Callable[[], object]) -> bool:
        """After a refusal: when ``problem`` is a busy database, show Retry (focused) to run
        ``action`` again, and say so (True); any other refusal hides it (False)."""
        if not isinstance(problem, BusyError):
            self.withdraw()
            return False
        self._action = action
        if not self.isVisible():
            focused = QApplication.focusWidget()
            self._focus_back = focused if focused is not self else None
        self.setVisible(True)
        if self.make_default:
            self.setDefault(True)
            if self.instead_of is not None:
                self.instead_of.setDefault(False)
        self.setFocus()
        return True

    def withdraw(self) -> None:
        """Hide Retry (the action ran again, or something else happened); the focus goes
        back where it was when Retry took it."""
        self._action = None
        if not self.isVisible():
            return
        had_focus = self.hasFocus()
        self.setVisible(False)
        if self.make_default:
            self.setDefault(False)
            if self.instead_of is not None:
                self.instead_of.setDefault(True)
        back, self._focus_back = self._focus_back, None
        if had_focus and back is not None and shiboken6.isValid(back) and back.isVisible() \
                and back.isEnabled():
            back.setFocus()

    def retry(self) -> None:
        """Run the refused action again (once; a new busy refusal offers Retry again)."""
        action = self._action
        self.withdraw()
        if action is not None:
            action()
