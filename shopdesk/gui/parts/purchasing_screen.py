"""The Purchasing screen: purchase orders, reorder suggestions, suppliers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import NotFoundError, ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.parts.lazy_view import LazyView
from shopdesk.gui.parts.order_dialog import OrderDialog
from shopdesk.gui.parts.supplier_dialog import SupplierDialog
from shopdesk.gui.widgets.empty_state import show_when_empty
from shopdesk.gui.widgets.export_list import ListExport
from shopdesk.gui.widgets.export_rows import RowsExport
from shopdesk.gui.widgets.form_dialog import show_refusal
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.io.exports.purchasing import export_suggestions
from shopdesk.services.access import Permission
from shopdesk.services.changes import Changes
from shopdesk.services.stock import purchasing, suppliers
from shopdesk.services.stock.parts_lists import orders_list, suppliers_list
from shopdesk.services.stock.purchasing import OrderStatus

if TYPE_CHECKING:
    pass

ORDER_FILTERS = [(QT_TRANSLATE_NOOP("Labels", "Open orders"), "open"),
                 (QT_TRANSLATE_NOOP("Labels", "All orders"), "all")] + [
    (label, status.value) for status, label in purchasing.STATUS_LABELS.items()]


class PurchasingScreen(QWidget):
    """Three tabs; every list is lazy or small."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        rights = context.can(Permission.MANAGE_STOCK)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        # Orders
        orders = QWidget()
        box = QVBoxLayout(orders)
        bar = QHBoxLayout()
        self.order_filter = QComboBox()
        for label, value in ORDER_FILTERS:
            self.order_filter.addItem(shown(label), value)
        self.order_filter.currentIndexChanged.connect(self.refresh_orders)
        bar.addWidget(self.order_filter)
        self.new_order_button = QPushButton(self.tr("&New order…"))
        self.new_order_button.clicked.connect(self.new_order)
        self.new_order_button.setEnabled(rights)
        bar.addWidget(self.new_order_button)
        open_button = QPushButton(self.tr("Open / re&ceive"))  # (Alt+O: the Orders tab)
        open_button.clicked.connect(lambda: self.open_order(self.orders.current_key()))
        bar.addWidget(open_button)
        bar.addStretch(1)
        box.addLayout(bar)
        self.orders = LazyView(orders_list(self.context.actor))
        self.orders.opened.connect(self.open_order)
        show_when_empty(self.orders, (self.tr("No purchase orders here"), self.tr(
            "Start one with New order…, or let the Reorder suggestions tab draft them.")))
        box.addWidget(self.orders, 1)
        bar.addWidget(ListExport(self.orders, self.tr("Purchase orders"), orders,
                                 context).button)
        self.tabs.addTab(orders, self.tr("Purchase &orders"))
        # Reorder suggestions
        reorder = QWidget()
        box = QVBoxLayout(reorder)
        bar = QHBoxLayout()
        self.reorder_hint = QLabel()
        self.reorder_hint.setObjectName("hintLabel")
        bar.addWidget(self.reorder_hint, 1)
        refresh = QPushButton(self.tr("R&efresh"))  # (Alt+R: the Reorder tab)
        refresh.clicked.connect(self.refresh_suggestions)
        self.draft_button = QPushButton(self.tr("Create dr&aft orders"))  # (Alt+D: Desk)
        self.draft_button.setToolTip(self.tr("One draft per supplier for the selected lines "
                                     "(all lines if none is selected)"))
        self.draft_button.clicked.connect(self.create_drafts)
        self.draft_button.setEnabled(rights)
        bar.addWidget(refresh)
        bar.addWidget(self.draft_button)
        box.addLayout(bar)
        self.suggestion_model = RowsModel([self.tr("SKU"), self.tr("Part"), self.tr("Supplier"),
                self.tr("On hand"), self.tr("On order"),
                                           self.tr("Reorder at"), self.tr("Order"),
                                                   self.tr("Why")], self)
        self.suggestions_view = leave_on_tab(QTableView())
        self.suggestions_view.setModel(self.suggestion_model)
        self.suggestions_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.suggestions_view.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection)
        self.suggestions_view.verticalHeader().setVisible(False)
        self.suggestions_view.setAlternatingRowColors(True)
        for column, width in enumerate((95, 300, 200, 75, 75, 80, 70)):
            self.suggestions_view.setColumnWidth(column, width)
        self.suggestions_view.horizontalHeader().setStretchLastSection(True)
        show_when_empty(self.suggestions_view, (self.tr("Nothing to reorder"), self.tr(
            "Parts at or below their reorder point (set on each part) are suggested here.")))
        box.addWidget(self.suggestions_view, 1)
        self.suggestions_export = RowsExport(
            reorder, self.tr("Reorder suggestions"),
            lambda path: export_suggestions(self.suggestions, path))
        bar.addWidget(self.suggestions_export.button)
        self.tabs.addTab(reorder, self.tr("&Reorder suggestions"))
        self.suggestions: list[purchasing.Suggestion] = []
        # Suppliers
        supplier_tab = QWidget()
        box = QVBoxLayout(supplier_tab)
        bar = QHBoxLayout()
        new_supplier = QPushButton(self.tr("New &supplier…"))
        new_supplier.clicked.connect(self.new_supplier)
        new_supplier.setEnabled(rights)
        bar.addWidget(new_supplier)
        bar.addStretch(1)
        box.addLayout(bar)
        self.suppliers = LazyView(suppliers_list(self.context.actor))
        self.suppliers.opened.connect(self.edit_supplier)
        show_when_empty(self.suppliers, (self.tr("No suppliers yet"), self.tr(
            "Add the shops you buy from with New supplier…")))
        box.addWidget(self.suppliers, 1)
        bar.addWidget(ListExport(self.suppliers, self.tr("Suppliers"), supplier_tab,
                                 context).button)
        self.tabs.addTab(supplier_tab, self.tr("S&uppliers"))
        self.tabs.currentChanged.connect(lambda i: i == 1 and self.refresh_suggestions())
        context.on_change(self, Changes.PURCHASING | Changes.PARTS | Changes.STOCK,
                          self._on_changed)

    def activate(self) -> None:
        self.refresh_orders()

    def _on_changed(self) -> None:
        self.orders.refresh()
        self.suppliers.refresh()
        if self.tabs.currentIndex() == 1:
            self.refresh_suggestions()

    # --- orders ---------------------------------------------------------------------------
    def refresh_orders(self) -> None:
        self.orders.set_source(orders_list(self.context.actor, self.order_filter.currentData()))

    def open_order(self, order_id: object) -> OrderDialog | None:
        if order_id is None:
            return None
        dialog = OrderDialog(self.context, int(order_id), self)
        with self.context.changing():  # (what was done in it is told once it closes)
            dialog.exec()
        return dialog

    def choose_supplier(self) -> int | None:
        """Ask which supplier a new order is for."""
        rows = suppliers.active_suppliers(self.context.actor)
        if not rows:
            self.context.status.emit(self.tr("Add a supplier first (Suppliers tab)"))
            return None
        name, ok = QInputDialog.getItem(self, self.tr("New purchase order"), self.tr("Supplier:"),
                                        [r.name for r in rows], 0, False)
        return next((r.id for r in rows if r.name == name), None) if ok else None

    def new_order(self) -> None:
        supplier_id = self.choose_supplier()
        if supplier_id is None:
            return
        with self.context.changing():
            order = purchasing.create_order(self.context.actor, supplier_id)
        self.open_order(order.id)

    # --- suggestions ------------------------------------------------------------------------
    def refresh_suggestions(self) -> None:
        self.suggestions = purchasing.reorder_suggestions(self.context.actor)
        q = formatting.quantity
        self.suggestion_model.set_rows([
            (s.sku, s.name, s.supplier or "— none —", q(s.on_hand), q(s.on_order),
             q(s.reorder_point), q(s.suggested), s.basis) for s in self.suggestions])
        self.reorder_hint.setText(
            self.tr("{count} part(s) at or below their reorder point, net of what is on "
                "order.").format(count=len(self.suggestions)) if self.suggestions else self.tr(
                        "Nothing to reorder: every part is above its "
            "reorder point or already on order."))

    def create_drafts(self) -> list:
        rows = sorted({i.row() for i in self.suggestions_view.selectionModel().selectedRows()})
        picked = [self.suggestions[r] for r in rows] or self.suggestions
        if not picked:
            return []
        try:
            with self.context.changing():
                orders = purchasing.drafts_from_suggestions(
                    self.context.actor, [(s.part_id, s.suggested) for s in picked])
        except ShopDeskError as exc:
            show_refusal(self.reorder_hint, exc)
            return []
        self.context.status.emit("Draft purchase orders: " + ", ".join(o.number for o in orders))
        self.refresh_suggestions()
        self.order_filter.setCurrentIndex(self.order_filter.findData(OrderStatus.DRAFT.value))
        self.tabs.setCurrentIndex(0)
        return orders

    # --- suppliers ------------------------------------------------------------------------
    def new_supplier(self) -> None:
        SupplierDialog(self.context, parent=self).exec()

    def edit_supplier(self, supplier_id: object) -> None:
        try:
            row = suppliers.get_supplier(self.context.actor, int(supplier_id))
        except NotFoundError:
            return
        if self.context.can(Permission.MANAGE_STOCK):
            SupplierDialog(self.context, row, self).exec()
