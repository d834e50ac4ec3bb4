"""Dialogs of the customer file: log an interaction, complaints, surveys, inquiries, vehicles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from shopdesk.gui.context import AppContext
from shopdesk.gui.customers.customer_form import CustomerForm
from shopdesk.gui.customers.vehicle_form import VehicleForm
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.form_dialog import SAVE, FormDialog
from shopdesk.services.access import Actor
from shopdesk.services.crm import (
    complaints,
    customers,
    grading,
    inquiries,
    interactions,
    search,
    surveys,
    vehicles,
)
from shopdesk.services.crm.grading import Grade
from shopdesk.services.crm.interactions import KIND_LABELS, FollowUp, InteractionKind
from shopdesk.services.crm.surveys import DIMENSION_LABELS, DIMENSIONS, Answers
from shopdesk.services.shop import users

if TYPE_CHECKING:
    from shopdesk.services.crm.complaints import Complaint
    from shopdesk.services.crm.customers import Customer
    from shopdesk.services.crm.vehicles import Vehicle


def _date_edit(value: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _py_date(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


def _staff_combo(context: AppContext, current_id: int | None) -> QComboBox:
    combo = QComboBox()
    for member in users.active_staff(context.actor):
        combo.addItem(member.name, member.id)
    combo.setCurrentIndex(max(0, combo.findData(current_id)))
    return combo


class InteractionDialog(FormDialog):
    """Log a call, visit, message or e-mail; optionally a follow-up task with a due date."""

    def __init__(self, context: AppContext, customer: Customer, parent: QWidget | None = None,
                 kind: str = InteractionKind.CALL.value) -> None:
        super().__init__(f"Log contact with {customer.display_name}", parent=parent,
                         context=context, ok=SAVE)
        self.context, self.customer = context, customer
        self.kind = QComboBox()
        for k, label in KIND_LABELS.items():
            self.kind.addItem(shown(label), k.value)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.rows.add("kind", self.tr("&Type"), self.kind)
        self.summary = QPlainTextEdit()
        self.summary.setFixedHeight(80)
        self.summary.setTabChangesFocus(True)
        self.rows.add("summary", self.tr("&What was said"), self.summary)
        self.follow = QCheckBox(self.tr("Follow up"))
        self.rows.add("follow", "", self.follow)
        self.due = _date_edit(dt.date.today() + dt.timedelta(days=1))
        self.rows.add("follow_up_on", self.tr("&Due"), self.due)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("e.g. call back with the price"))
        self.rows.add("follow_up_note", self.tr("To d&o"), self.note)  # (Alt+D: Due)
        self.assignee = _staff_combo(context, context.actor.user_id)
        self.rows.add("assignee", self.tr("&For"), self.assignee)
        self.follow.toggled.connect(self._toggle)
        self._toggle(False)
        self.summary.setFocus()

    def _toggle(self, on: bool) -> None:
        for widget in (self.due, self.note, self.assignee):
            widget.setEnabled(on)

    def do_save(self) -> object:
        follow = (FollowUp(_py_date(self.due), self.note.text(), self.assignee.currentData())
                  if self.follow.isChecked() else None)
        return interactions.log(self.context.actor, self.customer.id, self.kind.currentData(),
                                self.summary.toPlainText(), follow_up=follow)


class ComplaintDialog(FormDialog):
    """Open a complaint: subject, details, owner, and the repair order / invoice it is about,
    typed by their printed numbers (RO-000123, RA-2026-00184)."""

    def __init__(self, context: AppContext, customer: Customer,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Complaint from {name}").format(name=customer.display_name),
                         parent=parent, context=context, ok_text=self.tr("&Open complaint"))
        self.context, self.customer = context, customer
        self.subject = self.rows.add("subject", self.tr("&Subject"), QLineEdit())
        self.details = QPlainTextEdit()
        self.details.setFixedHeight(80)
        self.details.setTabChangesFocus(True)
        self.rows.add("details", self.tr("&Details"), self.details)
        self.owner = _staff_combo(context, context.actor.user_id)
        self.rows.add("owner", self.tr("&Handled by"), self.owner)  # (Alt+O: Open complaint)
        self.repair_order = QLineEdit()
        self.repair_order.setPlaceholderText(self.tr("e.g. RO-000123 (blank: none)"))
        self.rows.add("repair_order", self.tr("&Repair order no."), self.repair_order)
        self.invoice = QLineEdit()
        self.invoice.setPlaceholderText(self.tr("e.g. RA-2026-00184 (blank: none)"))
        self.rows.add("invoice", self.tr("&Invoice no."), self.invoice)
        self.subject.setFocus()

    def do_save(self) -> object:
        return complaints.open_complaint(
            self.context.actor, self.customer.id, self.subject.text(),
            self.details.toPlainText(), owner_id=self.owner.currentData(),
            repair_order_number=self.repair_order.text(), invoice_number=self.invoice.text())


class ResolveDialog(FormDialog):
    """Resolve a complaint: what was done and how satisfied the customer is (1-5)."""

    def __init__(self, context: AppContext, complaint: Complaint,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Resolve: {subject}").format(subject=complaint.subject),
                         parent=parent, context=context, ok_text=self.tr("&Resolve"))
        self.context, self.complaint = context, complaint
        self.resolution = QPlainTextEdit()
        self.resolution.setFixedHeight(80)
        self.resolution.setTabChangesFocus(True)
        self.rows.add("resolution", self.tr("&What was done"), self.resolution)
        self.satisfaction = QComboBox()
        self.satisfaction.addItem(self.tr("not asked"), None)
        for n, label in ((5, self.tr("5 delighted")), (4, self.tr("4 satisfied")),
                         (3, self.tr("3 neutral")), (2, self.tr("2 unhappy")),
                         (1, self.tr("1 very unhappy"))):  # (typing the digit picks it)
            self.satisfaction.addItem(label, n)
        self.rows.add("satisfaction", self.tr("&Customer satisfaction"), self.satisfaction)
        self.resolution.setFocus()

    def do_save(self) -> object:
        return complaints.resolve(self.context.actor, self.complaint,
                                  self.resolution.toPlainText(), self.satisfaction.currentData())


class SurveyDialog(FormDialog):
    """Record a satisfaction survey during the follow-up call."""

    def __init__(self, context: AppContext, customer: Customer,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Survey: {customer.display_name}", parent=parent, context=context,
                         ok=SAVE)
        self.context, self.customer = context, customer
        self.scores: dict[str, QSpinBox] = {}
        for dim in DIMENSIONS:
            spin = QSpinBox()
            spin.setRange(1, 5)
            spin.setValue(5)
            spin.setSuffix(" / 5")
            self.scores[dim] = spin
            self.rows.add(dim, shown(DIMENSION_LABELS[dim]), spin)
        self.recommend = QSpinBox()
        self.recommend.setRange(0, 10)
        self.recommend.setValue(10)
        self.recommend.setSuffix(" / 10")
        self.rows.add("recommend", self.tr("Would &recommend us"), self.recommend)
        self.comment = self.rows.add("comment", self.tr("&Comment"), QLineEdit())

    def do_save(self) -> object:
        answers = Answers(*(self.scores[d].value() for d in DIMENSIONS),
                          recommend=self.recommend.value(), comment=self.comment.text())
        return surveys.record(self.context.actor, self.customer.id, answers)


class InquiryDialog(FormDialog):
    """Record a question and, if known, its answer; shows similar answered questions."""

    def __init__(self, context: AppContext, customer: Customer | None,
                 parent: QWidget | None = None, inquiry_id: int | None = None,
                 question: str = "") -> None:
        super().__init__("Answer the inquiry" if inquiry_id else "New inquiry", parent=parent,
                         context=context, ok=SAVE)
        self.context, self.customer, self.inquiry_id = context, customer, inquiry_id
        self.question = QPlainTextEdit(question)
        self.question.setFixedHeight(60)
        self.question.setTabChangesFocus(True)
        self.question.setReadOnly(inquiry_id is not None)
        self.rows.add("question", self.tr("&Question"), self.question)
        self.answer = QPlainTextEdit()
        self.answer.setFixedHeight(80)
        self.answer.setTabChangesFocus(True)
        self.rows.add("answer", self.tr("&Answer"), self.answer)
        self.question.textChanged.connect(self._suggest)
        self._suggest()

    def _suggest(self) -> None:
        text = self.question.toPlainText()
        known = inquiries.knowledge_base(self.context.actor, text, 1) if len(text) >= 4 else []
        self.rows.show("answer", f"Answered before: {known[0].answer}" if known else "")
        if known:
            self.rows.hints["answer"].setStyleSheet("color: #2e7d32;")

    def do_save(self) -> object:
        if self.inquiry_id:
            return inquiries.answer_inquiry(self.context.actor, self.inquiry_id,
                                            self.answer.toPlainText())
        return inquiries.ask(self.context.actor, self.customer.id if self.customer else None,
                             self.question.toPlainText(), self.answer.toPlainText())


class EditCustomerDialog(FormDialog):
    """Change a customer's details (a concurrent change elsewhere is refused, not lost)."""

    def __init__(self, context: AppContext, customer: Customer,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Edit {customer.display_name}", parent=parent, context=context,
                         ok=SAVE)
        self.context, self.customer = context, customer
        self.customer_form = CustomerForm(context.actor, full=True)
        self.customer_form.set_value(customers.input_of(context.actor, customer))
        self.form.addRow(self.customer_form)
        self.rows = self.customer_form.rows

    def do_save(self) -> object:
        saved = customers.update_customer(self.context.actor, self.customer,
                                          self.customer_form.value())
        if saved.warnings:
            self.context.status.emit("Saved; please check: " + "; ".join(
                dict.fromkeys(saved.warnings.values())))
        return saved


class VehicleDialog(FormDialog):
    """Add a vehicle to a customer, or edit one."""

    def __init__(self, context: AppContext, customer: Customer, vehicle: Vehicle | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit vehicle" if vehicle else f"Add a vehicle to "
                         f"{customer.display_name}", parent=parent, context=context, ok=SAVE)
        self.context, self.customer, self.vehicle = context, customer, vehicle
        self.vehicle_form = VehicleForm(with_odometer=vehicle is None)
        if vehicle is not None:
            self.vehicle_form.set_value(vehicles.input_of(context.actor, vehicle))
        self.form.addRow(self.vehicle_form)
        self.rows = self.vehicle_form.rows

    def do_save(self) -> object:
        if self.vehicle is not None:
            saved = vehicles.update_vehicle(self.context.actor, self.vehicle,
                                            self.vehicle_form.value())
        else:
            saved = vehicles.add_vehicle(self.context.actor, self.customer.id,
                                         self.vehicle_form.value(),
                                         odometer=self.vehicle_form.odometer_value())
        if saved.warnings:
            self.context.status.emit("Saved; please check: " + "; ".join(
                dict.fromkeys(saved.warnings.values())))
        return saved


class OdometerDialog(FormDialog):
    """Record a reading; a lower one asks for the reason (and is audited)."""

    def __init__(self, context: AppContext, vehicle: Vehicle,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Odometer of {vehicle.plate or vehicle.vin}", parent=parent,
                         context=context, ok=SAVE)
        self.context, self.vehicle = context, vehicle
        self.reading = QSpinBox()
        self.reading.setRange(0, vehicles.MAX_ODOMETER)
        self.reading.setGroupSeparatorShown(True)
        self.reading.setValue(vehicle.odometer or 0)
        self.rows.add("odometer", self.tr("&Reading"), self.reading)
        self.on = _date_edit(dt.date.today())
        self.rows.add("on", self.tr("Read &on"), self.on)
        self.reason = self.rows.add("reason", self.tr("Reason if &lower"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("only when lower than the last reading"))

    def do_save(self) -> object:
        return vehicles.record_odometer(self.context.actor, self.vehicle.id,
                                        self.reading.value(), _py_date(self.on),
                                        self.reason.text())


class CustomerPicker(QComboBox):
    """Pick a customer by typing (uses the one search)."""

    def __init__(self, actor: Actor, exclude: int | None = None) -> None:
        super().__init__()
        self.actor = actor
        self.setEditable(True)
        self.exclude = exclude
        self.lineEdit().setPlaceholderText(self.tr("type a name, phone or plate, then Enter"))
        self.lineEdit().returnPressed.connect(self.lookup)

    def lookup(self) -> None:
        text = self.currentText()
        self.clear()
        for match in search.find(self.actor, text, 20):
            if match.customer_id != self.exclude:
                self.addItem(f"{match.name} · {match.phone} · {match.city}", match.customer_id)
        self.setEditText(text)
        if self.count():
            self.setCurrentIndex(0)


class TransferDialog(FormDialog):
    """Hand a vehicle to another customer (the history keeps the previous owner)."""

    def __init__(self, context: AppContext, vehicle: Vehicle,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Transfer {vehicle.plate or vehicle.vin}", parent=parent,
                         context=context, ok_text="&Transfer")
        self.context, self.vehicle = context, vehicle
        self.picker = CustomerPicker(context.actor, exclude=vehicle.customer_id)
        self.rows.add("customer", self.tr("New &owner"), self.picker)
        self.on = _date_edit(dt.date.today())
        self.rows.add("on", self.tr("&Date"), self.on)
        self.note = self.rows.add("note", self.tr("&Note"), QLineEdit())

    def do_save(self) -> object:
        target = self.picker.currentData()
        if target is None:
            from shopdesk.errors import ValidationError

            raise ValidationError("Find the new owner first (type, then Enter)",
                                  {"customer": "Pick the new owner"})
        return vehicles.transfer(self.context.actor, self.vehicle.id, target,
                                 _py_date(self.on), self.note.text())


class MergeDialog(FormDialog):
    """Merge this customer (the duplicate) into another one kept."""

    def __init__(self, context: AppContext, duplicate: Customer,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Merge {duplicate.display_name} into…", parent=parent,
                         context=context, ok_text="&Merge")
        self.context, self.duplicate = context, duplicate
        self.picker = CustomerPicker(context.actor, exclude=duplicate.id)
        self.rows.add("customer", self.tr("&Keep"), self.picker)
        self.rows.show("customer", "Vehicles, history, phones, tags and notes move to the "
                                   "customer kept; this one is archived.")

    def do_save(self) -> object:
        keep = self.picker.currentData()
        if keep is None:
            from shopdesk.errors import ValidationError

            raise ValidationError("Find the customer to keep first (type, then Enter)",
                                  {"customer": "Pick the customer to keep"})
        return customers.merge(self.context.actor, self.duplicate.id, keep)


class GradeDialog(FormDialog):
    """Set the grade by hand (with a reason) or go back to the automatic grade."""

    def __init__(self, context: AppContext, customer: Customer,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Grade of {customer.display_name}", parent=parent, context=context,
                         ok=SAVE)
        self.context, self.customer = context, customer
        self.grade = QComboBox()
        self.grade.addItem(self.tr("Automatic ({value})").format(
                value=shown(grading.GRADE_LABELS[Grade(customer.auto_grade)])),
                           None)
        for grade, label in grading.GRADE_LABELS.items():
            self.grade.addItem(shown(label), grade.value)
        self.grade.setCurrentIndex(max(0, self.grade.findData(customer.grade_override)))
        self.rows.add("grade", self.tr("&Grade"), self.grade)
        self.reason = self.rows.add("reason", self.tr("&Reason"), QLineEdit(
            customer.grade_override_reason))

    def do_save(self) -> object:
        grading.override(self.context.actor, self.customer.id, self.grade.currentData(),
                         self.reason.text(), version=self.customer.version)
        return True


class BlacklistDialog(FormDialog):
    """Mark (or clear) a bad payer."""

    def __init__(self, context: AppContext, customer: Customer,
                 parent: QWidget | None = None) -> None:
        on = not customer.blacklisted
        super().__init__(("Blacklist " if on else "Clear blacklist of ")
                         + customer.display_name, parent=parent, context=context,
                         ok_text="&Blacklist" if on else "&Clear")
        self.context, self.customer, self.on = context, customer, on
        self.reason = self.rows.add("reason", self.tr("&Reason"), QLineEdit())
        self.reason.setPlaceholderText(self.tr("e.g. invoice RA-1042 unpaid since March"))
        self.reason.setVisible(on)

    def do_save(self) -> object:
        customers.set_blacklisted(self.context.actor, self.customer.id, self.on,
                                  self.reason.text(), version=self.customer.version)
        return True


class GradingRulesDialog(FormDialog):
    """The owner's grade thresholds (spend and visits over 12 months); saving regrades all."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Customer grades"), parent=parent, context=context,
                         ok_text=self.tr("&Save and regrade"))
        self.context = context
        rules = grading.rules(context.actor)
        self.version = grading.rules_version(context.actor)  # as shown: a stale save is refused
        self.vip_spend = self.rows.add("vip_spend", self.tr("VIP from s&pend"), QLineEdit(
            str(rules.vip_spend)))
        self.vip_visits = self._spin("vip_visits", self.tr("…or &visits"), rules.vip_visits)
        self.regular_spend = self.rows.add("regular_spend", self.tr("&Regular from spend"),
                QLineEdit(
            str(rules.regular_spend)))
        self.regular_visits = self._spin("regular_visits", self.tr("…or v&isits"),
                                         rules.regular_visits)
        self.lapsed = self._spin("lapsed_months", self.tr("&Lapsed list after"),
                                 rules.lapsed_months)
        self.lapsed.setSuffix(self.tr(" months"))
        self.rows.show("vip_spend", self.tr(
            "Over the last 12 months: spend is what the customer's invoices came to (less "
            "credit notes), visits are their invoiced and logged visits."), "info")

    def _spin(self, key: str, label: str, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 999)
        spin.setValue(value)
        self.rows.add(key, label, spin)
        return spin

    def do_save(self) -> object:
        from shopdesk.errors import ValidationError
        from shopdesk.i18n import QT_TRANSLATE_NOOP

        try:
            new = grading.Rules(Decimal(self.vip_spend.text().strip() or "0"),
                                self.vip_visits.value(),
                                Decimal(self.regular_spend.text().strip() or "0"),
                                self.regular_visits.value(), self.lapsed.value())
        except InvalidOperation:
            raise ValidationError(QT_TRANSLATE_NOOP(
                "Errors", "Spend thresholds are amounts like 2000.00"),
                {"vip_spend": QT_TRANSLATE_NOOP("Errors", "An amount")}) from None
        grading.set_rules(self.context.actor, new, version=self.version)
        return True


def staff_names(context: AppContext) -> dict[int, str]:
    """Every user's display name by id (for tables; a shop has a handful of staff)."""
    return users.names_by_id(context.actor)


