"""A warranty repair order from a complaint: the car came back for work already invoiced.

Says which order and invoice it comes back to and whether that work is still under warranty,
asks the odometer and the concern (the complaint's subject), and which of the original's
lines to redo at no charge (all ticked; Space unticks). Enter opens the order
(``comebacks.open_warranty_order``): marked as a comeback, the lines chosen at no charge,
their cost booked as warranty cost."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from shopdesk import formatting
from shopdesk.errors import ValidationError
from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.form_dialog import FormDialog
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.services.counter import comebacks, warranty
from shopdesk.services.crm import vehicles
from shopdesk.services.sales import invoices
from shopdesk.services.workshop import repair_orders
from shopdesk.services.workshop.repair_orders import LineKind

if TYPE_CHECKING:
    from shopdesk.services.access import Actor
    from shopdesk.services.crm.complaints import Complaint
    from shopdesk.services.workshop.repair_orders import RepairOrder


class WarrantyOrderDialog(FormDialog):
    """Open the warranty repair order for ``original`` (from ``complaint``, if any)."""

    def __init__(self, context: AppContext, original: RepairOrder,
                 complaint: Complaint | None = None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Warranty repair order"), parent=parent, context=context,
                         ok_text=self.tr("&Open repair order"))
        self.setMinimumWidth(560)
        self.context, self.original, self.complaint = context, original, complaint
        self.invoice = (invoices.get(context.actor, original.invoice_id)
                        if original.invoice_id else None)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.RichText)
        self.form.addRow(self.about)
        self.odometer = QLineEdit()
        self.odometer.setPlaceholderText(self.tr("km on the dashboard"))
        self.rows.add("odometer", self.tr("O&dometer"), self.odometer)
        self.concerns = QLineEdit(complaint.subject if complaint is not None else "")
        self.rows.add("concerns", self.tr("Co&ncerns"), self.concerns)
        self.redo = QListWidget()
        self.redo.setTabKeyNavigation(False)
        self.lines = comebacks.redo_candidates(context.actor, original.id)
        for line in self.lines:
            amount = (self.tr("{hours} h").format(hours=formatting.quantity(line.hours))
                      if line.kind == LineKind.LABOUR and line.hours
                      else "× " + formatting.quantity(line.quantity))
            item = QListWidgetItem(f"{line.description}  {amount}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.redo.addItem(item)
        if self.lines:
            self.redo.setCurrentRow(0)
        self.redo.setFixedHeight(min(6, max(len(self.lines), 2)) * 22 + 8)
        self.rows.add("redo", self.tr("Redo at no c&harge"), self.redo)
        self.odometer.textChanged.connect(self._show_cover)
        self._show_cover()
        self.odometer.setFocus()

    def _show_cover(self) -> None:
        """Which order and invoice it comes back to, and whether that work is still covered
        (time, and distance once the odometer is typed)."""
        try:
            reading = vehicles.parse_odometer(self.odometer.text())
        except ValidationError:
            reading = None
        head = self.tr("Comeback of {order}").format(order=self.original.number)
        if self.invoice is None:
            self.about.setText(head)
            return
        head = self.tr("Comeback of {order}, invoice {invoice} of {date}").format(
            order=self.original.number, invoice=self.invoice.number,
            date=formatting.date(self.invoice.issue_date))
        covers = warranty.covers_of_invoice(self.context.actor, self.invoice.id,
                                            dt.date.today(), reading)
        if not covers:
            state = self.tr("no warranty was given on it")
        elif any(c.covered for c in covers):
            state = self.tr("<b>under warranty</b>")
        else:
            state = self.tr("<b>out of warranty</b> (no charge is goodwill)")
        last = vehicles.last_reading(self.context.actor, self.original.vehicle_id)
        since = (self.tr("last reading {km} km").format(km=formatting.number(last.reading))
                 if last is not None else "")
        self.about.setText(f"{head}: {state}" + (f"<br>{since}" if since else ""))

    def chosen(self) -> list[int]:
        """The original's lines ticked to redo at no charge."""
        return [line.id for row, line in enumerate(self.lines)
                if self.redo.item(row).checkState() == Qt.CheckState.Checked]

    def do_save(self) -> object:
        order = comebacks.open_warranty_order(
            self.context.actor, self.original.id,
            odometer=vehicles.parse_odometer(self.odometer.text()),
            concerns=self.concerns.text(), redo=self.chosen(),
            complaint_id=self.complaint.id if self.complaint is not None else None)
        return order


def original_of(actor: Actor, complaint: Complaint) -> RepairOrder:
    """The invoiced repair order a complaint is about, or a refusal saying how to link it."""
    if complaint.repair_order_id is None:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "This complaint names no repair order: open a repair order for the car "
                      "and use Comeback of… in it"))
    return repair_orders.get(actor, complaint.repair_order_id)
