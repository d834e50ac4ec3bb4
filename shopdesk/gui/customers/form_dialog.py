"""A small form dialog: fields with inline messages, Save runs a service, errors stay inline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.gui.customers.form_rows import FormRows
from shopdesk.gui.widgets.tab_order import focus_first_field


class FormDialog(QDialog):
    """Subclasses add fields through ``self.rows`` and pass ``save`` (may raise)."""

    def __init__(self, title: str, save: Callable[[], object] | None = None,
                 parent: QWidget | None = None, save_text: str = "&Save") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.rows = FormRows(self.form)
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(save_text)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._save = save
        self.saved: object = None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        focus_first_field(self)  # (Save and Cancel come first in the focus chain)

    def save(self) -> None:
        """Run the save; a refusal shows on its fields and the dialog stays open."""
        self.rows.clear()
        self.error.clear()
        try:
            self.saved = self.do_save()
        except ValidationError as exc:  # in the screen's language
            self.rows.show_all({key: exc.field_text(key) for key in exc.fields}, "error")
            self.error.setText(exc.translated())
            return
        except ShopDeskError as exc:
            self.error.setText(exc.translated())
            return
        self.accept()

    def do_save(self) -> object:
        assert self._save is not None
        return self._save()
