"""A calm, centred message for a screen or list with nothing to show yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """Title, explanation, and optionally one button for the next step."""

    def __init__(self, title: str, text: str, action_text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("emptyTitle")
        self.text_label = QLabel(text)
        self.text_label.setObjectName("emptyText")
        self.text_label.setWordWrap(True)
        self.text_label.setFixedWidth(520)
        for label in (self.title_label, self.text_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.button: QPushButton | None = None
        if action_text:
            self.button = QPushButton(action_text)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
