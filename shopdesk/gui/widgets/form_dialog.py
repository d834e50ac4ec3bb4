"""The one form dialog, and the one way a refusal is shown.

:class:`FormDialog` is every dialog that is a form: fields added through ``rows`` (each with
its message line under it), one error line, OK and Cancel (OK's text set by the dialog).
Enter presses OK and Esc cancels; the focus starts in the first field. OK runs :meth:`save`:
the messages are cleared, :meth:`FormDialog.do_save` calls the service inside
``context.changing()`` (so the screens refresh what it touched), a refusal shows under the
fields it names and in the error line (in the screen's language) and the dialog stays open;
on success the result is in ``saved`` and the dialog closes. When the refusal is a busy
database (another PC's import or stock-take holding the write lock), a **Retry** button
(:class:`~shopdesk.gui.widgets.retry.RetryButton`: Alt+R, and the default: Enter presses it)
appears beside OK and saves again.

Dialogs that are no form (viewers, reports, editors of many rows) show a refusal the same way
with :func:`show_refusal`, in an :class:`ErrorLine` of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopdesk.errors import ShopDeskError, ValidationError, user_message
from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.form_rows import FormRows
from shopdesk.gui.widgets.retry import RetryButton
from shopdesk.gui.widgets.tab_order import focus_first_field

#: a form whose OK is the standard Save button (``FormDialog(..., ok=SAVE)``)
SAVE = QDialogButtonBox.StandardButton.Save


class ErrorLine(QLabel):
    """The line a refusal shows in: red (``#errorLabel``), wrapped, hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorLabel")
        self.setWordWrap(True)
        self.hide()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


def refusal_text(problem: BaseException | str) -> str:
    """What a person reads for ``problem``: a refusal in the screen's language, or a text
    already translated (``self.tr``)."""
    return problem if isinstance(problem, str) else user_message(problem)


def show_refusal(where: QWidget, problem: BaseException | str, title: str = "") -> None:
    """Show a refusal the one way: in ``where`` when it is a line (a QLabel: a dialog's or a
    screen's error line), else in a message box over ``where`` titled ``title``."""
    text = refusal_text(problem)
    if isinstance(where, QLabel):
        where.setText(text)
    else:
        QMessageBox.warning(where, title or where.window().windowTitle(), text)


class FormDialog(QDialog):
    """A form saved by a service call; see the module's text. Subclasses add fields through
    ``rows`` (or to ``form``; other widgets to ``body``, above or below the form), set OK's
    text with ``ok_text`` (or make it another standard button: ``ok=Save``) and implement
    :meth:`do_save` (or pass ``save``)."""

    def __init__(self, title: str, parent: QWidget | None = None, *,
                 context: AppContext | None = None, ok_text: str = "", intro: str = "",
                 save: Callable[[], object] | None = None,
                 ok: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.context = context
        outer = QVBoxLayout(self)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.body.addWidget(self.intro)
        self.form = QFormLayout()
        self.body.addLayout(self.form)
        self.rows = FormRows(self.form)
        self.error = ErrorLine()
        outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.button(ok)
        if ok_text:
            self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.button_row = QHBoxLayout()  # (a dialog may put a button of its own before OK)
        self.button_row.addStretch(1)
        self.retry_button = RetryButton(instead_of=self.ok_button)  # (a busy database)
        self.button_row.addWidget(self.retry_button)
        self.button_row.addWidget(self.buttons)
        outer.addLayout(self.button_row)
        self._save = save
        self.saved: object = None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        focus_first_field(self)  # (OK and Cancel come first in the focus chain)

    def save(self) -> None:
        """Run the save; a refusal shows on its fields and the dialog stays open."""
        self.rows.clear()
        self.error.clear()
        self.retry_button.withdraw()
        try:
            if self.context is not None:
                with self.context.changing():
                    self.saved = self.do_save()
            else:
                self.saved = self.do_save()
        except ShopDeskError as exc:
            self.refused(exc)
            return
        self.accept()

    def refused(self, exc: ShopDeskError) -> None:
        """Show a refusal: on the fields it names (the first gets the focus) and in the
        error line."""
        if isinstance(exc, ValidationError):
            self.rows.show_all({key: exc.field_text(key) for key in exc.fields}, "error")
        show_refusal(self.error, exc)
        self.retry_button.offer(exc, self.save)  # (a busy database: Retry saves again)
        self.grow_to_fit()

    def grow_to_fit(self) -> None:
        """Make the dialog tall enough for what it shows now (a refusal appeared under the
        fields): a window does not grow by itself, and its wrapped texts would be squeezed
        and clipped (at 125 % scaling, two lines of intro and a message)."""
        layout = self.layout()
        layout.activate()
        needed = (layout.heightForWidth(self.width()) if layout.hasHeightForWidth()
                  else layout.sizeHint().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def do_save(self) -> object:
        """Call the service (raise a ShopDeskError to refuse); returns what is kept in
        ``saved``."""
        assert self._save is not None, "a FormDialog needs do_save() or save="
        return self._save()
