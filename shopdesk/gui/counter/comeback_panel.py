"""The comeback strip of the repair-order editor: mark the order as a comeback of the same
vehicle's earlier invoiced work, see whether that work is still under warranty, do lines at
no charge as warranty work, and send a failed part back to its supplier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import NotFoundError, ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.counter.fields_dialog import FieldsDialog
from shopdesk.gui.widgets.flow_layout import flow_row
from shopdesk.gui.widgets.form_dialog import FormDialog
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.services.access import Permission
from shopdesk.services.counter import comebacks
from shopdesk.services.sales import invoices as sales_invoices
from shopdesk.services.workshop import order_basics, repair_orders
from shopdesk.services.workshop.repair_orders import LineKind

if TYPE_CHECKING:
    from shopdesk.services.workshop.repair_orders import RepairOrder, RepairOrderLine


class ComebackDialog(FormDialog):
    """Choose the earlier invoiced order of this vehicle that the car came back for."""

    def __init__(self, context: AppContext, order: RepairOrder,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Comeback of an earlier repair order"), parent,
                         context=context, intro=self.tr(
                             "The car came back for work done before. Choose that order "
                             "(this vehicle's invoiced orders):"))
        self.setObjectName("comebackDialog")
        self.order = order
        self.candidates = comebacks.candidates(context.actor, order.id)
        self.resize(700, 340)
        self.model = RowsModel([self.tr("Order"), self.tr("Opened"), self.tr("Invoice"),
                                self.tr("Odometer"), self.tr("Concerns")], self)
        self.table = leave_on_tab(QTableView())
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        invoices = sales_invoices.by_ids(self.context.actor,
                                         [o.invoice_id for o in self.candidates])
        self.model.set_rows([
            (o.number, formatting.date(o.created_at.date()),
             invoices[o.invoice_id].number + " "
             + formatting.date(invoices[o.invoice_id].issue_date),
             formatting.number(o.odometer) if o.odometer is not None else "", o.concerns)
            for o in self.candidates])
        for column, width in ((0, 100), (1, 90), (2, 190), (3, 80)):
            self.table.setColumnWidth(column, width)
        self.body.insertWidget(1, self.table, 1)  # (under the intro, above the form)
        link = comebacks.of_order(self.context.actor, order.id)
        self.reason = QLineEdit(link.reason if link else "")
        self.reason.setPlaceholderText(self.tr("What came back, e.g. noise again, leaking"))
        self.form.addRow(self.tr("&Why"), self.reason)
        if self.candidates:
            current = [o.id for o in self.candidates].index(link.original_id) \
                if link and link.original_id in [o.id for o in self.candidates] else 0
            self.table.selectRow(current)
        else:
            self.error.setText(self.tr("This vehicle has no earlier invoiced repair order: a "
                                       "comeback links to work already done on it."))
            self.ok_button.setEnabled(False)
        self.reason.setFocus()

    def do_save(self) -> object:
        index = self.table.currentIndex()
        if not index.isValid():
            raise ShopDeskError(self.tr("Choose the earlier order"))
        return comebacks.mark(self.context.actor, self.order.id,
                              self.candidates[index.row()].id, self.reason.text())


class ComebackPanel(QWidget):
    """Shown under the estimate; ``editor`` is the OrderEditor (its ``_run`` refreshes)."""

    def __init__(self, context: AppContext, editor: QWidget) -> None:
        super().__init__(editor)
        self.setObjectName("comebackPanel")
        self.context = context
        self.editor = editor
        self.order: RepairOrder | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setObjectName("comebackLabel")
        outer.addWidget(self.label)
        holder, row = flow_row()  # wraps in a narrow repair-order editor
        outer.addWidget(holder)
        self.mark_button = QPushButton(self.tr("Comeback of…"))  # (the editor has no letter left)
        self.mark_button.setToolTip(self.tr("The car came back for earlier work: link this "
                                            "order to it (warranty work)"))
        self.warranty_button = QPushButton(self.tr("No charge (warranty)"))
        self.warranty_button.setToolTip(self.tr("Do the selected line at no charge: its cost "
                                                "is booked as warranty cost (again: charge it)"))
        self.failed_button = QPushButton(self.tr("Failed part back…"))
        self.failed_button.setToolTip(self.tr("Send the selected failed part back to its "
                                              "supplier under warranty; tracked until credited"))
        for button in (self.mark_button, self.warranty_button, self.failed_button):
            row.addWidget(button)
        self.mark_button.clicked.connect(self.mark)
        self.warranty_button.clicked.connect(self.toggle_warranty)
        self.failed_button.clicked.connect(self.failed_part)

    def refresh(self, order: RepairOrder | None) -> None:
        """Show the order's comeback link, cover and no-charge lines."""
        self.order = order
        link = comebacks.of_order(self.context.actor, order.id) if order else None
        editable = (order is not None and order.status in order_basics.EDITABLE
                    and self.context.can(Permission.MANAGE_REPAIR_ORDERS))
        self.mark_button.setEnabled(editable)
        self.warranty_button.setEnabled(editable and link is not None)
        self.failed_button.setEnabled(link is not None
                                      and self.context.can(Permission.MANAGE_STOCK))
        if link is None or order is None:
            self.label.setText("")
            self.label.hide()
            return
        self.label.show()
        cover = comebacks.cover(self.context.actor, order.id)
        assert cover is not None
        since = self.tr("{months} months").format(months=cover.months_since)
        if cover.km_since is not None:
            since += self.tr(" / {km} km").format(km=formatting.number(cover.km_since))
        lines = "; ".join(
            f"{c.description} {c.terms.describe()} "
            + (self.tr("covered") if c.covered else self.tr("expired")) for c in cover.lines)
        state = (self.tr("<b>under warranty</b>") if cover.covered
                 else self.tr("<b>out of warranty</b>"))
        free = [li.description for li in repair_orders.lines_of(self.context.actor, order)
                if li.id in comebacks.warranty_line_ids(self.context.actor, order.id)]
        self.label.setText(self.tr(
            "Comeback of {original} (invoiced {date}, {since} ago): {state}. {lines}").format(
                original=cover.original.number, date=formatting.date(cover.invoiced_on),
                since=since, state=state, lines=lines)
            + ("<br>" + self.tr("No charge (warranty): {lines}").format(lines=", ".join(free))
               if free else ""))

    def mark(self) -> None:
        if self.order is None:
            return
        self.dialog = ComebackDialog(self.context, self.order, self)
        if self.dialog.exec() == QDialog.DialogCode.Accepted:
            self.editor._run(lambda: None, self.tr("Marked as a comeback"))

    def _selected(self) -> RepairOrderLine | None:
        line_id = self.editor.selected_line()
        if not line_id:
            return None
        try:
            return repair_orders.get_line(self.context.actor, line_id)
        except NotFoundError:  # gone since the editor showed it
            return None

    def toggle_warranty(self) -> None:
        line = self._selected()
        if line is None or self.order is None:
            return
        on = line.id not in comebacks.warranty_line_ids(self.context.actor, self.order.id)
        self.editor._run(lambda: comebacks.set_warranty(self.context.actor, line.id, on),
                         self.tr("No charge (warranty)") if on else self.tr("Charged again"))

    def failed_part(self) -> None:
        line = self._selected()
        if line is None or self.order is None or line.kind != LineKind.PART or not line.part_id:
            self.editor.message.setText(self.tr("Select the part line of the failed part"))
            return
        order_id, part_id = self.order.id, line.part_id
        dialog = FieldsDialog(
            self.tr("Failed part back to the supplier"),
            self.tr("{description}: the supplier's credit is tracked until it arrives.").format(
                description=line.description),
            [(self.tr("&Quantity"), formatting.quantity(line.quantity)),
             (self.tr("&Expected credit (blank: its cost)"), ""), (self.tr("&Note"), "")],
            lambda t: comebacks.return_failed_part(self.context.actor, order_id, part_id, t[0],
                                                   None, t[1] or None, t[2]), self,
            context=self.context)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.editor._run(lambda: None, self.tr("Failed part sent back; credit tracked"))
