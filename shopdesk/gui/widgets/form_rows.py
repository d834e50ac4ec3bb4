"""Form rows with an inline message under the field (warning: saved anyway; error: fix it)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget


class FormRows:
    """Adds labelled fields to a QFormLayout, each with a hidden message line below it."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.hints: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        hint = QLabel()
        hint.setObjectName("fieldHint")
        hint.setWordWrap(True)
        hint.hide()
        layout.addWidget(hint)
        self.form.addRow(label, box)
        caption = self.form.labelForField(box)
        if isinstance(caption, QLabel):  # its mnemonic (Alt+letter) goes to the field itself
            caption.setBuddy(widget)
        self.hints[key] = hint
        self.fields[key] = widget
        return widget

    def show(self, key: str, text: str, level: str = "warning") -> None:
        """Show ``text`` under field ``key`` ("" hides it); level is warning or error."""
        hint = self.hints.get(key)
        if hint is None:
            return
        hint.setText(text)
        hint.setProperty("level", level)
        hint.setStyleSheet("color: #b42318;" if level == "error" else "color: #9a5b00;")
        hint.setVisible(bool(text))

    def clear(self) -> None:
        for key in self.hints:
            self.show(key, "")

    def show_all(self, problems: dict[str, str], level: str) -> None:
        """Show several messages; the first field with an error gets the focus."""
        first = None
        for key, text in problems.items():
            if key in self.hints:
                self.show(key, text, level)
                first = first or key
        if first and level == "error":
            self.fields[first].setFocus()
