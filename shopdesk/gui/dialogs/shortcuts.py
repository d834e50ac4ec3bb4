"""Help → Keyboard shortcuts: every shortcut the window knows, in one list."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class ShortcutsDialog(QDialog):
    """A plain two-column table of shortcuts and what they do."""

    def __init__(self, shortcuts: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = "".join(f"<tr><td style='padding:3px 18px 3px 0'><b>{key}</b></td>"
                       f"<td>{what}</td></tr>" for key, what in shortcuts)
        layout = QVBoxLayout(self)
        self.table_label = QLabel(f"<table>{rows}</table>")
        layout.addWidget(self.table_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
