"""The repair orders screen: a lazy list by status on the left, the editor on the right."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from shopdesk.gui.context import AppContext
from shopdesk.gui.customers.lazy_list import LazyList
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.empty_state import show_when_empty
from shopdesk.gui.widgets.export_list import ListExport
from shopdesk.gui.workshop.order_editor import OrderEditor
from shopdesk.gui.workshop.packages import PackagesPage
from shopdesk.services.changes import Changes
from shopdesk.services.workshop import repair_order_lists

# The narrow list's two-line rows: (shown column, column shown under it).
TWO_LINE_ROWS = (("number", "plate"), ("customer", "status"))
FILTER_PAUSE_MS = 120  # the list is re-read this long after the last key typed


#: what the list shows: a change to any of it refreshes the list (when it next shows)
SHOWS = Changes.REPAIR_ORDERS | Changes.CUSTOMERS | Changes.VEHICLES | Changes.INVOICES

class UnderDelegate(QStyledItemDelegate):
    """Draws a cell's value with a second column's value of the same row under it."""

    def __init__(self, under: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.under = under

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        below = index.siblingAtColumn(self.under).data()
        if below:
            option.text = f"{option.text}\u2028{below}"  # a line break inside the cell


class RepairOrdersScreen(QWidget):
    """Filter by status, type to narrow (number, plate, name), Enter opens in the editor."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()  # the orders; the shop's maintenance packages (Alt+P)
        outer.addWidget(self.pages)
        orders_page = QWidget()
        layout = QHBoxLayout(orders_page)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        left.setMinimumWidth(200)  # at 125 % on 1366 px the editor needs the room
        self.status = QComboBox()
        for label in repair_order_lists.FILTERS:
            self.status.addItem(shown(label), label)
        self.status.currentIndexChanged.connect(self.refresh)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Order number, plate or customer"))
        self.filter.setClearButtonEnabled(True)
        # the list follows the filter a moment after the last key (not a query a key)
        self._typing = QTimer(self, singleShot=True, interval=FILTER_PAUSE_MS)
        self._typing.timeout.connect(self.refresh)
        self.filter.textChanged.connect(self._typing.start)
        # Enter in the filter opens the order the list shows first (one match: that order)
        self.filter.returnPressed.connect(self._open_first)
        ll.addWidget(self.status)
        ll.addWidget(self.filter)
        self.list = LazyList(repair_order_lists.order_list(context.actor))
        self._two_line_rows()
        self.list.opened.connect(self.open_order)
        show_when_empty(self.list, self._empty_message)
        self.list.selectionModel().currentRowChanged.connect(  # arrowing: focus stays
            lambda current, _prev: self._preview(self.list.lazy.row_key(current.row()))
            if current.isValid() else None)
        ll.addWidget(self.list, 1)
        self.exporter = ListExport(self.list, self.tr("Repair orders"), self, context,
                                   keys=lambda source: [c.key for c in source.columns])
        self.packages_button = QPushButton(self.tr("&Packages"))
        self.packages_button.setToolTip(self.tr("The shop's maintenance packages"))
        self.packages_button.clicked.connect(self.show_packages)
        below = QHBoxLayout()  # (one row: no height taken from the editor)
        below.addWidget(self.packages_button)
        below.addStretch(1)
        below.addWidget(self.exporter.button)
        ll.addLayout(below)
        splitter.addWidget(left)
        self.editor = OrderEditor(context)
        context.on_change(self, SHOWS, self._keep_list_fresh)  # (the editor fills itself)
        scroll = QScrollArea()  # a short screen (768 px, 125 %) scrolls instead of squeezing
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.editor)
        self.editor_scroll = scroll
        scroll.viewport().installEventFilter(self)  # a shorter pane may fold the concerns
        splitter.addWidget(scroll)
        splitter.setSizes([300, 1000])  # the editor gets the room at 1366 px and 125 %
        splitter.setStretchFactor(0, 1)  # a smaller window takes room from both, 1 : 3
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter)
        self.pages.addWidget(orders_page)
        self.packages = PackagesPage(context)
        self.packages.back_button.clicked.connect(self.show_orders)
        self.pages.addWidget(self.packages)
        self.setTabOrder(self.status, self.filter)
        self.setTabOrder(self.filter, self.list)

    def _two_line_rows(self) -> None:
        """The list is narrow beside the editor (about 200 px at 1366 x 768 and 125 %): each
        order takes two lines, its number over the plate and the customer over the status,
        so all four are readable without sideways scrolling."""
        view = self.list
        keys = [c.key for c in view.lazy.source.columns]
        metrics = view.fontMetrics()
        for shown_key, under_key in TWO_LINE_ROWS:
            column = keys.index(shown_key)
            view.setItemDelegateForColumn(column, UnderDelegate(keys.index(under_key), view))
            view.setColumnHidden(keys.index(under_key), True)
        view.setColumnHidden(keys.index("opened"), True)  # in the export; the editor says it
        number = keys.index("number")
        view.setColumnWidth(number, metrics.horizontalAdvance("RO-000000") + 12)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(  # the customer takes the rest, no more
            keys.index("customer"), QHeaderView.ResizeMode.Stretch)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().setDefaultSectionSize(2 * metrics.lineSpacing() + 10)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.editor_scroll.viewport():
            self.editor.fit_height(self.editor_scroll.viewport().height())
        return super().eventFilter(watched, event)

    def _empty_message(self) -> tuple[str, str]:
        if self.filter.text().strip():
            return (self.tr("No order matches"),
                    self.tr("Try an order number, a plate or the customer's name."))
        return (self.tr("No repair orders here"),
                self.tr("Check a car in at the front desk (Ctrl+I, or Ctrl+N for a walk-in) "
                        "to open one; other statuses are in the list above."))

    def _open_first(self) -> None:
        if self._typing.isActive():  # Enter before the pause: filter now
            self.refresh()
        self.open_order(self.list.current_key())

    def refresh(self) -> None:
        self._typing.stop()
        source = repair_order_lists.order_list(self.context.actor, self.status.currentData(),
                                               self.filter.text())
        self.list.set_source(source)

    def _keep_list_fresh(self) -> None:
        self.list.lazy.refresh()

    def activate(self) -> None:
        """Shown (Ctrl+4): the cursor in the filter, to type an order number or plate (on
        the Packages tab: in its find box)."""
        if self.pages.currentWidget() is self.packages:
            self.packages.activate()
            return
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)
        self.filter.selectAll()
        self.list.lazy.refresh()
        if self.editor.order is not None:
            self.editor.show_order(self.editor.order.id)

    def show_packages(self) -> None:
        """Repair orders → Packages (Alt+P)."""
        self.pages.setCurrentWidget(self.packages)
        self.packages.activate()

    def show_orders(self) -> None:
        """Back from the packages to the orders (Alt+D)."""
        self.pages.setCurrentIndex(0)
        self.activate()

    def _preview(self, order_id: object) -> None:
        if isinstance(order_id, int):
            self.editor.show_order(order_id)

    def open_order(self, order_id: object) -> None:
        """Show an order in the editor, the cursor on its new line (a technician: on its
        lines) (Enter in the list, the front desk, a check-in): the keyboard goes on where the
        work is."""
        if isinstance(order_id, int):
            self.pages.setCurrentIndex(0)
            self.editor.show_order(order_id)
            self.editor.focus_work()

    def take_payment(self) -> str:
        """F12: pay the invoice of the order in the editor."""
        return self.editor.take_payment()

    def search(self, text: str) -> None:
        self.pages.setCurrentIndex(0)
        self.filter.setText(text)
        self.refresh()  # now, not after the typing pause


def build(context: AppContext) -> QWidget:
    return RepairOrdersScreen(context)
