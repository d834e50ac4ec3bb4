"""A calm, centred message for a screen or list with nothing to show yet.

:class:`EmptyState` stands in for a whole screen or tab; :class:`EmptyOverlay` sits inside an
empty list (its column headings stay in view) and says what to do next, and disappears as
soon as the list has a row.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

TEXT_WIDTH = 520  # px: the explanation wraps at this width (less in a narrow list)

#: what an empty list says: (title, what to do next)
Message = tuple[str, str]


def _centred_labels(layout: QVBoxLayout, title: str, text: str) -> tuple[QLabel, QLabel]:
    title_label = QLabel(title)
    title_label.setObjectName("emptyTitle")
    title_label.setWordWrap(True)
    text_label = QLabel(text)
    text_label.setObjectName("emptyText")
    text_label.setWordWrap(True)
    for label in (title_label, text_label):
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)  # no alignment here: a wrapped label then gets its full height
    return title_label, text_label


class EmptyState(QWidget):
    """Title, explanation, and optionally one button for the next step."""

    def __init__(self, title: str, text: str, action_text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        column = QWidget()
        column.setFixedWidth(TEXT_WIDTH)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title_label, self.text_label = _centred_labels(layout, title, text)
        row = QHBoxLayout()  # centred by stretches, not alignment: wrapped text keeps its height
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        outer.addLayout(row)
        self.button: QPushButton | None = None
        if action_text:
            self.button = QPushButton(action_text)
            outer.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)


class EmptyOverlay(QWidget):
    """Shown over ``view``'s rows while its model has none: a title and what to do next.

    ``message`` is a fixed (title, text) or a callable giving one when the list turns empty
    (e.g. "Nothing matches" while a filter is typed). Clicks go through to the list.
    """

    def __init__(self, view: QAbstractItemView,
                 message: Message | Callable[[], Message]) -> None:
        super().__init__(view.viewport())
        self.setObjectName("emptyOverlay")
        self.view = view
        self.message = message
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title_label, self.text_label = _centred_labels(layout, "", "")
        layout.addStretch(2)
        view.viewport().installEventFilter(self)
        self._model = None
        self.watch_model()
        self.update_state()

    def watch_model(self) -> None:
        """Follow the view's model (call again after ``setModel``)."""
        model = self.view.model()
        if model is None or model is self._model:
            return
        self._model = model
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged):
            signal.connect(self.update_state)

    def update_state(self, *_args: object) -> None:
        """Show when the list is empty (with the message for now), hide when it is not."""
        model = self.view.model()
        empty = model is not None and model.rowCount() == 0
        if empty:
            self._fit()
        self.setVisible(empty)

    def _fit(self) -> None:
        area = self.view.viewport().rect()
        self.setGeometry(area)
        title, text = self.message() if callable(self.message) else self.message
        if area.height() < 60:  # a sliver of a list: only the title, in the small type
            self.title_label.hide()
            self.text_label.setText(title or text)
            self.text_label.show()
        else:
            self.title_label.setText(title)
            self.title_label.setVisible(bool(title))
            self.text_label.setText(text)
            self.text_label.setVisible(area.height() >= 110 or not title)
        width = max(120, min(TEXT_WIDTH, area.width() - 24))
        side = max(0, (area.width() - width) // 2)  # a centred column, labels fill it
        margin = 0 if area.height() < 60 else 6
        self.layout().setContentsMargins(side, margin, side, margin)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False


def show_when_empty(view: QAbstractItemView,
                    message: Message | Callable[[], Message]) -> EmptyOverlay:
    """Put an :class:`EmptyOverlay` on ``view`` (kept as ``view.empty_overlay``)."""
    overlay = EmptyOverlay(view, message)
    view.empty_overlay = overlay  # type: ignore[attr-defined]
    return overlay
