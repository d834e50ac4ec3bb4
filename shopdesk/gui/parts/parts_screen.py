"""The Parts screen: find parts by typing or scanning, edit them, see their stock ledger.

A USB scanner types the code and Enter: Enter in the search box looks the code up as a
barcode or SKU (one indexed query) and selects the part; an unknown code offers to create a
part with it or link it to an existing part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import NotFoundError, ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.shortcuts import describe
from shopdesk.gui.parts.insights_dialog import InsightsDialog
from shopdesk.gui.parts.lazy_view import LazyView
from shopdesk.gui.parts.part_dialog import PartDialog
from shopdesk.gui.parts.stock_dialogs import (
    AdjustDialog,
    LabelsDialog,
    RepriceDialog,
    ReturnDialog,
)
from shopdesk.gui.parts.stocktake_dialog import StockTakeDialog
from shopdesk.gui.widgets.empty_state import show_when_empty
from shopdesk.gui.widgets.export_list import ListExport
from shopdesk.gui.widgets.form_dialog import show_refusal
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.services.access import Permission
from shopdesk.services.changes import Changes
from shopdesk.services.stock import parts, purchasing, stock
from shopdesk.services.stock.parts_lists import StockFilter, movements_list, parts_list

if TYPE_CHECKING:
    from shopdesk.services.stock.parts import Part

FILTERS = [(QT_TRANSLATE_NOOP("PartsScreen", "Active parts"), StockFilter.ACTIVE),
           (QT_TRANSLATE_NOOP("PartsScreen", "Low stock (at or below reorder point)"),
            StockFilter.LOW),
           (QT_TRANSLATE_NOOP("PartsScreen", "Negative stock"), StockFilter.NEGATIVE),
           (QT_TRANSLATE_NOOP("PartsScreen", "Archived"), StockFilter.ARCHIVED),
           (QT_TRANSLATE_NOOP("PartsScreen", "All parts"), StockFilter.ALL)]


class PartsScreen(QWidget):
    """Parts list (lazy), filters, actions, and the selected part's movements."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search_box = QLineEdit()
        self.search_box.setObjectName("partsSearch")
        self.search_box.setPlaceholderText(self.tr("Scan a barcode, or type SKU, name or brand…"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textEdited.connect(lambda _t: self._typing.start())
        self.search_box.returnPressed.connect(self.scan)
        self.filter = QComboBox()
        for label, value in FILTERS:
            self.filter.addItem(self.tr(label), value.value)
        self.filter.currentIndexChanged.connect(self.refilter)
        bar.addWidget(self.search_box, 3)
        bar.addWidget(self.filter, 1)
        layout.addLayout(bar)
        actions = QHBoxLayout()
        stock_rights = context.can(Permission.MANAGE_STOCK)
        self.new_button = self._button(self.tr("&New part"), self.new_part, stock_rights, actions)
        self.edit_button = self._button(self.tr("&Edit"), self.edit_part, stock_rights, actions)
        self.adjust_button = self._button(self.tr("&Adjust stock"), self.adjust, stock_rights,
                                          actions)
        self.labels_button = self._button(self.tr("&Labels…"), self.labels, True, actions)
        self.stocktake_button = self._button(self.tr("Stock-&take…"), self.stock_take, stock_rights,
                                             actions)
        self.more_button = QToolButton()
        self.more_button.setText(self.tr("&More"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.more_button)
        self.return_action = menu.addAction(self.tr("&Return to supplier…"), self.return_part)
        self.return_action.setEnabled(stock_rights)
        self.reprice_action = menu.addAction(self.tr("Change &prices…"), self.reprice)
        self.reprice_action.setEnabled(context.can(Permission.CHANGE_PRICES))
        self.pricing_action = menu.addAction(self.tr("Pricing and &markup…"), self.pricing)
        self.pricing_action.setEnabled(context.can(Permission.CHANGE_PRICES))
        self.insights_action = menu.addAction(self.tr("Invent&ory insights…"), self.insights)
        self.import_action = menu.addAction(self.tr("&Import from a spreadsheet…"),
                                            self.import_spreadsheet)
        self.import_action.setEnabled(context.can(Permission.CHANGE_PRICES))
        menu.addSeparator()
        self.archive_action = menu.addAction(self.tr("Archi&ve / bring back"), self.archive)
        self.archive_action.setEnabled(stock_rights)
        self.more_button.setMenu(menu)
        actions.addWidget(self.more_button)
        actions.addStretch(1)
        self.value_label = QLabel()
        self.value_label.setObjectName("hintLabel")
        actions.addWidget(self.value_label)
        layout.addLayout(actions)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = LazyView(parts_list(context.actor))
        self.exporter = ListExport(self.table, self.tr("Parts"), self, context)
        actions.insertWidget(actions.indexOf(self.more_button) + 1, self.exporter.button)
        self.table.opened.connect(lambda _key: self.edit_part())
        show_when_empty(self.table, self._empty_message)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_part())
        split.addWidget(self.table)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 4, 0, 0)
        self.detail = QLabel(self.tr("Select a part to see its stock movements."))
        self.detail.setObjectName("sectionTitle")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        detail_layout.addWidget(self.detail)
        self.movements = LazyView(movements_list(context.actor, 0))
        self.movements.setSortingEnabled(False)
        detail_layout.addWidget(self.movements, 1)
        split.addWidget(detail)
        split.setSizes([480, 220])
        layout.addWidget(split, 1)
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._typing.timeout.connect(self.refilter)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_part,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        describe(self, {"Ctrl+N": self.tr("New part")})
        context.on_change(self, Changes.PARTS | Changes.STOCK | Changes.PURCHASING
                          | Changes.PRICING, self._on_changed)
        self.refresh_value()
        if self.table.lazy.rowCount():
            self.table.selectRow(0)

    def import_spreadsheet(self) -> QWidget:
        """More → Import from a spreadsheet…: parts, price updates or stock counts."""
        from shopdesk.gui.imports import open_import_wizard

        return open_import_wizard(self.context, self, "parts")

    def _button(self, text: str, slot, enabled: bool, bar: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.setEnabled(enabled)
        bar.addWidget(button)
        return button

    # --- screen protocol -----------------------------------------------------------------
    def activate(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def search(self, text: str) -> None:
        self.search_box.setText(text)
        self.refilter()

    # --- finding ----------------------------------------------------------------------------
    def _empty_message(self) -> tuple[str, str]:
        if self.search_box.text().strip():
            return (self.tr("No part matches"), self.tr(
                "Check the code, or add the part with New part (Ctrl+N)."))
        return (self.tr("No parts here"), self.tr(
            "Add one with New part (Ctrl+N), or bring a price list in with More → Import "
            "from a spreadsheet…; other parts may be under another filter above."))

    def refilter(self) -> None:
        """Show the parts matching the search text and the filter."""
        self._typing.stop()
        self.table.set_source(parts_list(self.context.actor, self.search_box.text(),
                                         self.filter.currentData()))
        self.show_part()

    def scan(self) -> None:
        """Enter in the search box: an exact barcode/SKU finds one part; else keep the filter."""
        self._typing.stop()  # a scan is looked up now, not filtered later
        code = self.search_box.text().strip()
        if not code:
            return
        part = parts.find_by_code(self.context.actor, code)
        if part is None:
            self.refilter()  # typed words: a search; nothing at all: an unknown code
            if self.table.lazy.rowCount() == 0:
                self.unknown_code(code)
            return
        self.select_part(part)
        self.search_box.selectAll()  # the next scan replaces it

    def select_part(self, part: Part) -> None:
        """Show exactly this part, selected, with its movements."""
        self.filter.blockSignals(True)
        self.filter.setCurrentIndex(len(FILTERS) - 1 if part.archived else 0)
        self.filter.blockSignals(False)
        self.table.set_source(parts_list(self.context.actor, part.sku, self.filter.currentData()))
        for row in range(self.table.lazy.rowCount()):
            if self.table.lazy.row_key(row) == part.id:
                self.table.selectRow(row)
                break
        self.show_part()
        self.context.status.emit(self.tr("Found {sku} {name}").format(
                sku=part.sku, name=part.name))

    def ask_unknown_code(self, code: str) -> str:
        """Ask what to do with a code no part has: "create", "link" or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Question, "Unknown code",
                          f"No part has the code {code}.", parent=self)
        create = box.addButton(self.tr("&Create a part with it"), QMessageBox.ButtonRole.AcceptRole)
        link = box.addButton(self.tr("&Link it to a part…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return {create: "create", link: "link"}.get(box.clickedButton(), "cancel")

    def ask_link_target(self, code: str) -> str:
        """The SKU (or code) of the part a new barcode belongs to ("" to give up)."""
        text, ok = QInputDialog.getText(self, self.tr("Link barcode"),
                self.tr("SKU of the part with "
                                                                  "{code}:").format(code=code))
        return text.strip() if ok else ""

    def unknown_code(self, code: str) -> None:
        if not self.context.can(Permission.MANAGE_STOCK):
            self.context.status.emit(self.tr("No part has the code {code}").format(
                    code=code))
            return
        answer = self.ask_unknown_code(code)
        if answer == "create":
            dialog = PartDialog(self.context, barcode=code, parent=self)
            if dialog.exec() and dialog.saved is not None:
                self.select_part(dialog.saved)
        elif answer == "link":
            target = parts.find_by_code(self.context.actor, self.ask_link_target(code) or "\0")
            if target is None:
                self.context.status.emit(self.tr("No such part; the code was not linked"))
                return
            try:
                with self.context.changing():
                    parts.add_barcode(self.context.actor, target.id, code)
            except ShopDeskError as exc:
                show_refusal(self, exc, self.tr("Barcode not linked"))
                return
            self.select_part(parts.get_part(self.context.actor, target.id))

    # --- the selected part -----------------------------------------------------------------
    def current_part(self) -> Part | None:
        key = self.table.current_key()
        if key is None:
            return None
        try:
            return parts.get_part(self.context.actor, key)
        except NotFoundError:  # gone since the list was read
            return None

    def show_part(self) -> None:
        part = self.current_part()
        if part is None:
            self.detail.setText(self.tr("No part selected."))
            self.movements.set_source(movements_list(self.context.actor, 0))
            return
        incoming = purchasing.on_order(self.context.actor, part.id)
        flag = self.tr("  ⚠ negative stock") if part.on_hand < 0 else ""
        self.detail.setText(
            self.tr("{sku} · {name} — {on_hand} {unit} on hand, {on_order} on order{flag}").format(
                sku=part.sku, name=part.name, on_hand=formatting.quantity(part.on_hand),
                unit=part.unit, on_order=formatting.quantity(incoming), flag=flag))
        self.movements.set_source(movements_list(self.context.actor, part.id))

    def refresh_value(self) -> None:
        if self.context.can(Permission.SEE_COSTS):  # (the service refuses anyone else)
            total = stock.valuation(self.context.actor).total
            self.value_label.setText(self.tr("Stock at cost: {money}").format(
                    money=formatting.money(total)))

    def _on_changed(self) -> None:
        self.table.refresh()
        self.show_part()
        self.refresh_value()

    # --- actions ---------------------------------------------------------------------------
    def new_part(self) -> None:
        dialog = PartDialog(self.context, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self.select_part(dialog.saved)

    def edit_part(self) -> None:
        part = self.current_part()
        if part is not None and self.context.can(Permission.MANAGE_STOCK):
            PartDialog(self.context, part, parent=self).exec()

    def adjust(self) -> None:
        part = self.current_part()
        if part is not None:
            AdjustDialog(self.context, part, self).exec()

    def labels(self) -> None:
        keys = [int(k) for k in self.table.selected_keys() if k is not None]
        if keys:
            LabelsDialog(self.context, keys, self).exec()

    def return_part(self) -> None:
        part = self.current_part()
        if part is not None:
            ReturnDialog(self.context, part, self).exec()

    def reprice(self) -> None:
        RepriceDialog(self.context, self).exec()

    def pricing(self) -> None:
        """The owner's Pricing dialog: levels, markup matrix, reprice, supplier catalogues."""
        from shopdesk.gui.pricing.pricing_dialog import PricingDialog

        with self.context.changing():  # (what was changed in it is told once it closes)
            PricingDialog(self.context, self).exec()

    def insights(self) -> None:
        InsightsDialog(self.context, self).exec()

    def stock_take(self) -> None:
        StockTakeDialog(self.context, self).exec()

    def archive(self) -> None:
        part = self.current_part()
        if part is None:
            return
        with self.context.changing():
            parts.archive_part(self.context.actor, part.id, not part.archived)
