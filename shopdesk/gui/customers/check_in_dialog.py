"""Check-in: a new customer and their car in one short form (Enter saves). With a car, its
repair order opens with the customer's concern, and the job card is printed (both ticked by
default: the car is at the desk)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from shopdesk.errors import ShopDeskError, ValidationError, translate_text
from shopdesk.gui.context import AppContext
from shopdesk.gui.customers.customer_form import CustomerForm
from shopdesk.gui.customers.vehicle_form import VehicleForm
from shopdesk.gui.widgets.form_dialog import SAVE, FormDialog, show_refusal
from shopdesk.gui.widgets.tab_order import chain
from shopdesk.services.access import Permission
from shopdesk.services.crm import search
from shopdesk.services.workshop import check_in


class CheckInDialog(FormDialog):
    """Customer on the left, vehicle on the right; possible duplicates shown as you type."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Check in a new customer"), parent, context=context,
                         ok=SAVE, ok_text=self.tr("&Check in"))
        self.saved: check_in.CheckedIn | None = None
        self.setMinimumWidth(860)
        layout = self.body
        columns = QHBoxLayout()
        left, right = QGroupBox(self.tr("Customer")), QGroupBox(self.tr("Vehicle (optional)"))
        self.customer = CustomerForm(context.actor, full=False)
        self.vehicle = VehicleForm()
        QVBoxLayout(left).addWidget(self.customer)
        QVBoxLayout(right).addWidget(self.vehicle)
        columns.addWidget(left, 1)
        columns.addWidget(right, 1)
        layout.insertLayout(1, columns)  # (above the form: the concern)
        self.duplicates = QLabel()
        self.duplicates.setObjectName("duplicateHint")
        self.duplicates.setWordWrap(True)
        self.duplicates.hide()
        layout.insertWidget(2, self.duplicates)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr(
                "What the customer wants today (e.g. oil change, noise "
                                     "from front left)"))
        self.form.addRow(self.tr("Customer's co&ncern"), self.note)
        # the car is at the desk: its repair order opens, and the job card goes to the printer
        self.open_order = QCheckBox(self.tr("Open the car's &repair order now"))
        self.open_order.setChecked(True)
        self.print_job_card = QCheckBox(self.tr("Print the &job card"))
        self.print_job_card.setChecked(True)
        ticks = QHBoxLayout()
        ticks.addWidget(self.open_order)
        ticks.addWidget(self.print_job_card)
        ticks.addStretch(1)
        layout.addLayout(ticks)
        self._may_open = context.can(Permission.MANAGE_REPAIR_ORDERS)
        for edit in (self.customer.last_name, self.customer.phone, self.customer.company_name,
                     self.vehicle.plate, self.vehicle.vin):
            edit.editingFinished.connect(lambda e=edit: self._look_for_duplicates(e.text()))
        c, v = self.customer, self.vehicle
        chain(c.kind, c.first_name, c.last_name, c.company_name, c.phone, c.phone2, c.email,
              c.address, c.city, c.postcode, v.plate, v.vin, v.make, v.model, v.year, v.engine,
              v.fuel, v.colour, v.odometer, self.note, self.open_order, self.print_job_card,
              self.ok_button, self.buttons.button(QDialogButtonBox.StandardButton.Cancel))
        for edit in (v.plate, v.vin, v.make):
            edit.textChanged.connect(self._order_possible)
        self.open_order.toggled.connect(self._order_possible)
        self._order_possible()
        self.customer.first_name.setFocus()

    def _order_possible(self) -> None:
        """A repair order needs the car (and the right to open one); the job card, the order."""
        possible = self._may_open and not self.vehicle.is_empty()
        self.open_order.setEnabled(possible)
        self.print_job_card.setEnabled(possible and self.open_order.isChecked())

    def opens_order(self) -> bool:
        """Saving opens the car's repair order."""
        return self.open_order.isEnabled() and self.open_order.isChecked()

    def prints_job_card(self) -> bool:
        """After saving, the job card is to be printed."""
        return self.opens_order() and self.print_job_card.isChecked()

    def _look_for_duplicates(self, text: str) -> None:
        if len(text.strip()) < 3:
            return
        found = search.find(text, 4)
        if not found:
            self.duplicates.hide()
            return
        lines = []
        for match in found[:3]:
            flag = "  ⚠ " + self.tr("BLACKLISTED") if match.blacklisted else ""
            lines.append(f"{match.name} · {match.phone} {match.vehicle}".strip() + flag)
        self.duplicates.setText(self.tr("Already on file? {matches}").format(
            matches="; ".join(lines)))
        self.duplicates.setStyleSheet(
            "color: #b42318; font-weight: 600;" if any(m.blacklisted for m in found)
            else "color: #9a5b00;")
        self.duplicates.show()

    def do_save(self) -> check_in.CheckedIn:
        """Save everything in one transaction; errors show on their fields."""
        vehicle = None if self.vehicle.is_empty() else self.vehicle.value()
        checked_in = check_in.check_in(
            self.context.actor, self.customer.value(), vehicle,
            odometer=self.vehicle.odometer_value(), note=self.note.text(),
            open_order=self.opens_order())
        flagged = checked_in.warnings
        if flagged:
            self.context.status.emit(self.tr("Checked in; please check: {problems}").format(
                problems="; ".join(dict.fromkeys(translate_text(v) for v in flagged.values()))))
        else:
            self.context.status.emit(self.tr("Checked in {display_name}").format(
                    display_name=checked_in.customer.display_name))
        return checked_in

    def save(self) -> None:
        self.customer.rows.clear()
        self.vehicle.rows.clear()
        super().save()

    def refused(self, exc: ShopDeskError) -> None:
        """On the customer's and the car's fields, and in the error line."""
        if isinstance(exc, ValidationError):
            problems = {name: exc.field_text(name) for name in exc.fields}
            self.customer.rows.show_all(problems, "error")
            self.vehicle.rows.show_all(problems, "error")
        show_refusal(self.error, exc)
