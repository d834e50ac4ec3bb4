"""A small form of a few text fields whose Save runs a service call; a refusal shows in one
line and the dialog stays open (used for sending cores back and recording credits)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QLineEdit, QWidget

from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.form_dialog import SAVE, FormDialog


class FieldsDialog(FormDialog):
    """``fields``: (label, initial text) each; ``action(texts)`` runs on Save."""

    def __init__(self, title: str, intro: str, fields: Sequence[tuple[str, str]],
                 action: Callable[[list[str]], object], parent: QWidget | None = None, *,
                 context: AppContext | None = None) -> None:
        super().__init__(title, parent, context=context, intro=intro, ok=SAVE)
        self.setObjectName("fieldsDialog")
        self.setMinimumWidth(420)
        self.action = action
        self.edits: list[QLineEdit] = []
        for text, initial in fields:
            edit = QLineEdit(initial)
            self.form.addRow(text, edit)
            self.edits.append(edit)
        if self.edits:
            self.edits[0].setFocus()
            self.edits[0].selectAll()

    def do_save(self) -> object:
        return self.action([e.text() for e in self.edits])
