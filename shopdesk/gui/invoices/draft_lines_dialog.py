"""Edit a draft invoice's lines before it is issued: change the selected line's quantity,
price, discount or description (Enter applies), add a part by its number or barcode or a
labour, fee or sublet line, remove a line (Del). The totals follow each change."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.shortcuts import describe
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.form_dialog import show_refusal
from shopdesk.gui.widgets.owner_approval import with_owner_approval
from shopdesk.gui.widgets.rows_model import RowsModel, read_only_table
from shopdesk.gui.widgets.tab_order import chain
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LINE_KIND_LABELS, LineDraft, LineKind
from shopdesk.services.stock import parts

EDITABLE_KINDS = (LineKind.PART, LineKind.LABOUR, LineKind.FEE, LineKind.SUBLET)


class DraftLinesDialog(QDialog):
    """The lines of one draft invoice, changed through the invoicing service."""

    def __init__(self, context: AppContext, invoice_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftLinesDialog")
        self.context = context
        self.invoice_id = invoice_id
        self.lines: list = []
        draft = invoices.get(self.context.actor, invoice_id)
        self.setWindowTitle(self.tr("Edit lines – draft for {customer}").format(
            customer=shown(draft.customer_name)))
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        self.model = RowsModel([self.tr("Kind"), self.tr("Description"), self.tr("Qty / h"),
                                self.tr("Unit price"), self.tr("Disc. %"), self.tr("Amount")],
                               self)
        self.table = read_only_table(self.model, (90, 330, 70, 100, 70, 100))
        self.table.setTabKeyNavigation(False)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        layout.addWidget(self.table, 1)
        self.totals = QLabel()
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.totals)

        change_box = QGroupBox(self.tr("Selected line"))
        change = QGridLayout(change_box)
        self.description = QLineEdit()
        self.quantity = QLineEdit()
        self.price = QLineEdit()
        self.discount = QLineEdit()
        self.apply_button = QPushButton(self.tr("A&pply"))
        self.remove_button = QPushButton(self.tr("Re&move line (Del)"))
        for column, (text, widget) in enumerate((
                (self.tr("&Description"), self.description), (self.tr("&Qty / h"), self.quantity),
                (self.tr("&Unit price"), self.price), (self.tr("Dis&c. %"), self.discount))):
            caption = QLabel(text)
            caption.setBuddy(widget)
            change.addWidget(caption, 0, column)
            change.addWidget(widget, 1, column)
            widget.returnPressed.connect(self.apply)
        change.setColumnStretch(0, 3)
        change.addWidget(self.apply_button, 1, 4)
        change.addWidget(self.remove_button, 1, 5)
        layout.addWidget(change_box)

        add_box = QGroupBox(self.tr("New line"))
        add = QHBoxLayout(add_box)
        self.new_kind = QComboBox()
        for kind in EDITABLE_KINDS:
            self.new_kind.addItem(shown(LINE_KIND_LABELS[kind]), kind.value)
        self.new_code = QLineEdit()
        self.new_code.setPlaceholderText(self.tr("Part no. / barcode"))
        self.new_description = QLineEdit()
        self.new_description.setPlaceholderText(self.tr("Description"))
        self.new_quantity = QLineEdit("1")
        self.new_quantity.setPlaceholderText(self.tr("Qty / hours"))
        self.new_quantity.setMaximumWidth(70)
        self.new_price = QLineEdit()
        self.new_price.setPlaceholderText(self.tr("Price (blank: the part's)"))
        self.add_button = QPushButton(self.tr("&Add line"))
        for widget in (self.new_kind, self.new_code, self.new_description, self.new_quantity,
                       self.new_price, self.add_button):
            add.addWidget(widget, 3 if widget is self.new_description else 0)
        for edit in (self.new_code, self.new_description, self.new_quantity, self.new_price):
            edit.returnPressed.connect(self.add_line)
        layout.addWidget(add_box)

        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.done_button = QPushButton(self.tr("Done"))
        bottom.addWidget(self.done_button)
        layout.addLayout(bottom)
        for button in (self.apply_button, self.remove_button, self.add_button,
                       self.done_button):
            button.setAutoDefault(False)
        self.apply_button.clicked.connect(self.apply)
        self.remove_button.clicked.connect(self.remove)
        self.add_button.clicked.connect(self.add_line)
        self.done_button.clicked.connect(self.accept)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, activated=self.remove)
        describe(self.table, {"Del": self.tr("Remove the selected line")})
        chain(self.table, self.description, self.quantity, self.price, self.discount,
              self.apply_button, self.remove_button, self.new_kind, self.new_code,
              self.new_description, self.new_quantity, self.new_price, self.add_button,
              self.done_button)
        self.refresh()
        self.table.setFocus()

    # --- showing -------------------------------------------------------------------------
    def refresh(self, keep_row: int = 0) -> None:
        """Re-read the lines and the totals."""
        draft = invoices.get(self.context.actor, self.invoice_id)
        self.lines = invoices.lines_for(self.context.actor, draft)
        self.model.set_rows([
            (shown(LINE_KIND_LABELS.get(LineKind(li.kind), li.kind)),
             li.description + (f"  [{li.sku}]" if li.sku else ""),
             formatting.quantity(li.quantity), formatting.money(li.unit_price),
             f"{li.discount_percent.normalize():f}" if li.discount_percent else "",
             formatting.money(li.amount)) for li in self.lines])
        result = invoices.preview_totals(self.context.actor, draft, self.lines)
        self.totals.setText(self.tr("Net {net} · tax {tax} · <b>total {total}</b>").format(
            net=formatting.money(result.net), tax=formatting.money(result.tax),
            total=formatting.money(result.gross)))
        if self.lines:
            row = min(keep_row, len(self.lines) - 1)
            self.table.selectRow(row)
            self._fill(row)
        else:
            self._fill(-1)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._fill(current.row() if current.isValid() else -1)

    def _fill(self, row: int) -> None:
        line = self.lines[row] if 0 <= row < len(self.lines) else None
        editable = line is not None and line.kind != LineKind.CORE
        self.description.setText(line.description if line else "")
        self.quantity.setText(f"{line.quantity.normalize():f}" if line else "")
        self.price.setText(f"{line.unit_price:f}" if line else "")
        self.discount.setText(f"{line.discount_percent.normalize():f}"
                              if line and line.discount_percent else "")
        for widget in (self.description, self.quantity, self.price, self.discount,
                       self.apply_button, self.remove_button):
            widget.setEnabled(editable)

    def selected(self) -> int:
        """The row of the selected line (-1: none)."""
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    # --- changes -------------------------------------------------------------------------
    def _run(self, action, keep_row: int = 0) -> bool:
        self.error.clear()
        try:
            action()
        except ShopDeskError as exc:
            show_refusal(self.error, exc)
            return False
        self.refresh(keep_row)
        return True

    def apply(self) -> None:
        """Enter in the selected line's fields: save its quantity, price, discount, text."""
        row = self.selected()
        if row < 0:
            return
        line = self.lines[row]
        # a discount above the clerk's limit: the owner approves it here with their password
        self._run(lambda: with_owner_approval(self, self.context, lambda approval:
            invoices.change_line(
                self.context.actor, line.id, version=line.version, approval=approval,
                description=self.description.text(), quantity=self.quantity.text().strip(),
                unit_price=self.price.text().strip(),
                discount_percent=self.discount.text().strip().rstrip("%") or "0")), row)

    def remove(self) -> None:
        """Del: take the selected line off the draft."""
        row = self.selected()
        if row < 0:
            return
        line = self.lines[row]
        self._run(lambda: invoices.remove_line(self.context.actor, line.id,
                                                 version=line.version), max(row - 1, 0))

    def add_line(self) -> None:
        """Enter in the new line's fields: add it (a part by number or barcode)."""
        code = self.new_code.text().strip()

        def action() -> None:
            part = parts.find_by_code(self.context.actor, code) if code else None
            if code and part is None:
                raise ShopDeskError(self.tr("No part has the number or barcode {code}").format(
                    code=code))
            kind = LineKind.PART if part else LineKind(self.new_kind.currentData())
            invoices.add_line(self.context.actor, self.invoice_id, LineDraft(
                description=self.new_description.text(),
                quantity=self.new_quantity.text().strip() or "1",
                unit_price=self.new_price.text().strip() or None, kind=kind,
                part_id=part.id if part else None))

        if self._run(action, len(self.lines)):
            for edit in (self.new_code, self.new_description, self.new_price):
                edit.clear()
            self.new_quantity.setText("1")
            self.new_code.setFocus()
