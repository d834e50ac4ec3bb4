"""The window's search box finds as you type: the best matches in a list under the box.

A pause of :data:`DEBOUNCE_MS` after the last key (a barcode scanner or a fast typist sends
many) runs the ranked search (:func:`shopdesk.services.crm.search_ranking.ranked`: the order is
the service's; this only shows it) and lists the best :data:`~search_ranking.SHOWN` customers
under the box: name, the matched phone, their cars, and why they matched or when they came.
The list never takes the focus: typing goes on in the box.

Keys in the box: Enter opens the highlighted customer's file (the top one unless Down/Up
moved), searching at once if the pause has not passed yet; Down/Up move the highlight; Esc
puts the highlight back on the top hit, or closes the list. Only digits that end several
customers' phones add a line suggesting a few letters of the name (``4624 tor``).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.rows_model import RowsModel

if TYPE_CHECKING:
    from shopdesk.gui.context import AppContext
    from shopdesk.services.crm.search_ranking import Found, Hit

# quiet time after the last key before searching (a scanner types a plate in ~30 ms)
DEBOUNCE_MS = 130
# widest the list gets (pixels), right-aligned with the box
POPUP_WIDTH = 760


def ranking() -> ModuleType:
    """:mod:`shopdesk.services.crm.search_ranking`, imported on first use: with the phone
    number and e-mail rules it needs it is not on the way to the first painted window (the
    main window imports it while idle after its first paint, before the clerk can type)."""
    from shopdesk.services.crm import search_ranking

    return search_ranking


class ResultsModel(RowsModel):
    """The rows of the list: the name in bold, notes muted, a blacklisted customer in red."""

    def __init__(self, headers: list[str], parent: QObject | None = None) -> None:
        super().__init__(headers, parent)
        self.flagged: set[int] = set()
        self._bold = QFont()
        self._bold.setBold(True)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.FontRole and index.column() == 0:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole:
            if index.row() in self.flagged:
                return QColor("#b42318")
            if index.column() == 3:
                return QColor("#627d98")
        return super().data(index, role)


class SearchPopup(QFrame):
    """The list under the box: a line for counts or "nobody", the hits, the keys to use.

    A child of the window (not a window of its own), so showing it takes no focus."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("searchPopup")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        self.hint = QLabel()
        self.hint.setObjectName("searchHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.model = ResultsModel([self.tr("Customer"), self.tr("Phone"), self.tr("Vehicles"),
                                   self.tr("Notes")], self)
        self.view = leave_on_tab(QTableView())
        self.view.setObjectName("searchResults")
        self.view.setModel(self.model)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().hide()
        header = self.view.horizontalHeader()
        for column in (0, 1, 3):  # the cars take what is left (elided)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view)
        self.footer = QLabel()
        self.footer.setObjectName("searchFooter")
        self.footer.setWordWrap(True)
        layout.addWidget(self.footer)
        self.hide()

    def current_row(self) -> int:
        """The highlighted row (-1 when the list is empty)."""
        index = self.view.currentIndex()
        return index.row() if index.isValid() else (0 if self.model.rowCount() else -1)

    def highlight(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.selectRow(row)
            self.view.setCurrentIndex(self.model.index(row, 0))

    def place(self, box: QLineEdit) -> None:
        """Under ``box``, right edges lined up, as wide as the window allows; rows fitted."""
        window = self.parentWidget()
        below = box.mapTo(window, QPoint(0, box.height() + 2))
        right = box.mapTo(window, QPoint(box.width(), 0)).x()
        left_most = 8
        width = max(box.width(), min(POPUP_WIDTH, right - left_most))
        rows = self.model.rowCount()
        self.view.setVisible(rows > 0)
        row_height = self.view.verticalHeader().defaultSectionSize()
        self.view.setFixedHeight(rows * row_height + 2 * self.view.frameWidth())
        self.setFixedWidth(width)
        self.adjustSize()
        self.move(max(left_most, right - width), below.y())
        self.raise_()


class GlobalSearch(QObject):
    """Wires the window's search box to the ranked search and its list."""

    def __init__(self, context: AppContext, window: QWidget, box: QLineEdit,
                 open_customer: Callable[[int, str], None] | None,
                 unavailable: Callable[[], None]) -> None:
        super().__init__(window)
        self.context = context
        self.window = window
        self.box = box
        self.open_customer = open_customer
        self.unavailable = unavailable
        self.popup = SearchPopup(window)
        self.found: Found | None = None
        self.browsing = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search_now)
        box.textChanged.connect(self._changed)
        box.installEventFilter(self)
        window.installEventFilter(self)
        self.popup.view.clicked.connect(lambda index: self.open_row(index.row()))

    # --- searching -------------------------------------------------------------------------
    def _changed(self, text: str) -> None:
        self.browsing = False
        if not text.strip() or self.open_customer is None:
            self.timer.stop()
            self.found = None
            self.close()
            return
        self.timer.start()  # (re)start the pause

    def search_now(self) -> Found | None:
        """Search for the box's text now and show the list (if the box has the focus)."""
        self.timer.stop()
        text = self.box.text().strip()
        if not text or self.open_customer is None:
            return None
        self.found = ranking().ranked(self.context.actor, text)
        self.browsing = False
        self._fill(self.found)
        if self.box.hasFocus():
            self.popup.place(self.box)
            self.popup.show()
        return self.found

    def _fill(self, found: Found) -> None:
        popup = self.popup
        popup.model.flagged = {n for n, hit in enumerate(found.hits) if hit.blacklisted}
        popup.model.set_rows([self._row(hit) for hit in found.hits])
        hint = ""
        if not found.hits:
            hint = self.tr("Nobody matches “{text}”. Try the last digits of a phone, a plate or "
                           "the last 6 of the VIN; Ctrl+Shift+N checks in a new customer."
                           ).format(text=found.text)
        elif found.tail_count > ranking().CANDIDATES:
            hint = self.tr("More than {count} customers’ phones end in {digits}: add a few "
                           "letters of the name (“{example}”)").format(
                count=ranking().CANDIDATES, digits=found.tail_digits,
                example=found.example)
        elif found.tail_count > 1:
            hint = self.tr("{count} customers’ phones end in {digits}: add a few letters of the "
                           "name (“{example}”)").format(
                count=found.tail_count, digits=found.tail_digits, example=found.example)
        popup.hint.setText(hint)
        popup.hint.setVisible(bool(hint))
        keys = self.tr("Enter opens the highlighted customer · ↓ ↑ choose · Esc closes")
        if found.more:
            keys = self.tr("Showing the best {count}: type more to narrow · {keys}").format(
                count=len(found.hits), keys=keys)
        popup.footer.setText(keys)
        popup.footer.setVisible(bool(found.hits))
        popup.highlight(0)

    def _row(self, hit: Hit) -> tuple[str, str, str, str]:
        cars = " · ".join(filter(None, (hit.car, ", ".join(hit.other_plates))))
        if hit.more_vehicles:
            cars += self.tr(" +{count} more").format(count=hit.more_vehicles)
        notes = []
        if hit.reason:
            notes.append(QCoreApplication.translate("Search", hit.reason).format(
                key=hit.reason_key))
        if hit.blacklisted:
            notes.append(self.tr("blacklisted"))
        if hit.in_shop:
            notes.append(self.tr("car in the shop ({order})").format(order=hit.in_shop))
        elif hit.last_visit:
            notes.append(self.tr("last visit {date}").format(
                date=formatting.date(hit.last_visit)))
        return hit.name, hit.phone, cars, " · ".join(notes)

    # --- choosing --------------------------------------------------------------------------
    def enter(self) -> None:
        """Enter in the box: open the highlighted (or top) customer's file."""
        text = self.box.text().strip()
        if not text:
            return
        if self.open_customer is None:
            self.unavailable()
            return
        if self.timer.isActive() or self.found is None or self.found.text != text:
            self.search_now()  # typed faster than the pause: never a stale or empty list
        if self.found is None or not self.found.hits:
            if self.box.hasFocus():
                self.popup.place(self.box)
                self.popup.show()
            return  # the list says nobody matches
        self.open_row(self.popup.current_row() if self.popup.isVisible() else 0)

    def open_row(self, row: int) -> None:
        if self.found is None or not 0 <= row < len(self.found.hits) \
                or self.open_customer is None:
            return
        hit = self.found.hits[row]
        self.close()
        self.open_customer(hit.customer_id, self.found.text)

    def move(self, step: int) -> None:
        """Down/Up: move the highlight (Down on a closed list opens it)."""
        if not self.popup.isVisible():
            if step > 0 and self.box.text().strip():
                self.search_now()
            return
        if self.timer.isActive():
            self.search_now()
        rows = self.popup.model.rowCount()
        if rows:
            row = min(rows - 1, max(0, self.popup.current_row() + step))
            self.popup.highlight(row)
            self.browsing = row > 0

    def escape(self) -> bool:
        """Esc: back to the top hit, or close the list. False when there was no list."""
        if not self.popup.isVisible():
            return False
        if self.browsing:
            self.browsing = False
            self.popup.highlight(0)
        else:
            self.close()
        return True

    def close(self) -> None:
        self.popup.hide()

    # --- events ----------------------------------------------------------------------------
    _KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down, Qt.Key.Key_Up,
             Qt.Key.Key_Escape}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.box:
            if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                    and event.key() in self._KEYS and self.popup.isVisible():
                event.accept()  # the list's keys, not a window shortcut's
                return True
            if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._key(event)
            if kind == QEvent.Type.FocusOut:
                self.timer.stop()
                self.close()
        elif watched is self.window and kind == QEvent.Type.Resize and self.popup.isVisible():
            self.popup.place(self.box)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter()
            return True
        if key == Qt.Key.Key_Down:
            self.move(1)
            return True
        if key == Qt.Key.Key_Up:
            self.move(-1)
            return True
        if key == Qt.Key.Key_Escape:
            return self.escape()
        return False
