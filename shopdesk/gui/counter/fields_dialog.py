"""A small form of a few text fields whose Save runs a service call; a refusal shows in one
line and the dialog stays open (used for sending cores back and recording credits)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from shopdesk.errors import ShopDeskError


class FieldsDialog(QDialog):
    """``fields``: (label, initial text) each; ``action(texts)`` runs on Save."""

    def __init__(self, title: str, intro: str, fields: Sequence[tuple[str, str]],
                 action: Callable[[list[str]], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldsDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.action = action
        self.result_: object = None
        layout = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
        form = QFormLayout()
        self.edits: list[QLineEdit] = []
        for text, initial in fields:
            edit = QLineEdit(initial)
            form.addRow(text, edit)
            self.edits.append(edit)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.edits:
            self.edits[0].setFocus()
            self.edits[0].selectAll()

    def save(self) -> None:
        try:
            self.result_ = self.action([e.text() for e in self.edits])
        except ShopDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
