"""The customer file: header with grade, tags and warnings; one tab per part of the history."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.context import AppContext
from shopdesk.gui.customers import crm_dialogs as dialogs
from shopdesk.gui.dialogs.shortcuts import describe
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.empty_state import EmptyState
from shopdesk.gui.widgets.form_dialog import refusal_text
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.services.access import Permission
from shopdesk.services.changes import Changes
from shopdesk.services.crm import complaints, customer_file, customers, fuel, vehicles
from shopdesk.services.crm.contact_details import CHANNEL_LABELS, format_phone, shop_region
from shopdesk.services.crm.customers import Channel
from shopdesk.services.crm.grading import GRADE_LABELS, Grade
from shopdesk.services.crm.interactions import KIND_LABELS
from shopdesk.services.crm.surveys import DIMENSIONS
from shopdesk.services.pricing import pricing
from shopdesk.services.sales.invoices import document_label

# list columns of the file's tabs (shown through self.tr)
VEHICLES_COLUMNS = [
    QT_TRANSLATE_NOOP("CustomerFileView", "Plate"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Make"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Model"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Year"),
    QT_TRANSLATE_NOOP("CustomerFileView", "VIN"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Odometer"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Fuel"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Colour"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Flags")]

VISITS_COLUMNS = [
    QT_TRANSLATE_NOOP("CustomerFileView", "Date"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Order"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Vehicle"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Status"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Total"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Concern / note")]

INVOICES_COLUMNS = [
    QT_TRANSLATE_NOOP("CustomerFileView", "Number"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Date"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Type"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Vehicle"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Total"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Paid"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Due"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Note")]

TALKS_COLUMNS = [
    QT_TRANSLATE_NOOP("CustomerFileView", "When"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Type"),
    QT_TRANSLATE_NOOP("CustomerFileView", "What was said"),
    QT_TRANSLATE_NOOP("CustomerFileView", "By"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Follow-up"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Done")]

QUESTIONS_COLUMNS = [
    QT_TRANSLATE_NOOP("CustomerFileView", "Asked"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Question"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Answer"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Status")]

COMPLAINTS_COLUMNS = [
    QT_TRANSLATE_NOOP("CustomerFileView", "Opened"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Subject"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Handled by"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Status"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Resolution"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Satisfaction")]

SURVEYS_COLUMNS = [
    QT_TRANSLATE_NOOP("CustomerFileView", "Date"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Quality"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Price"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Speed"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Staff"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Recommend"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Comment")]

REMINDERS_COLUMNS = [
    QT_TRANSLATE_NOOP("CustomerFileView", "Due"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Service"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Vehicle"),
    QT_TRANSLATE_NOOP("CustomerFileView", "At km"),
    QT_TRANSLATE_NOOP("CustomerFileView", "Last done"),
    QT_TRANSLATE_NOOP("CustomerFileView", "When")]
GRADE_COLOURS = {Grade.VIP: "#7c3aed", Grade.REGULAR: "#1f4e79", Grade.OCCASIONAL: "#627d98",
                 Grade.LAPSED: "#b45309", Grade.NEW: "#2e7d32"}


class Section(QWidget):
    """A tab: a few buttons over a read-only table (or an empty state when nothing is there)."""

    def __init__(self, headers: list[str], empty_title: str, empty_text: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.bar = QHBoxLayout()
        self.bar.addStretch(1)
        layout.addLayout(self.bar)
        self.model = RowsModel(headers, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(12)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the next control
        self.empty = EmptyState(empty_title, empty_text)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        self.ids: list[int] = []

    def button(self, text: str, slot: Callable[[], None], enabled: bool = True) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.setEnabled(enabled)
        self.bar.insertWidget(self.bar.count() - 1, button)
        return button

    def on_open(self, slot: Callable[[], None]) -> None:
        """Enter (or a double click) on a row calls ``slot`` for the current row."""
        self.table.activated.connect(lambda _index: slot())

    def set_rows(self, rows: list[tuple], ids: list[int]) -> None:
        self.ids = ids
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if rows:
            self.table.resizeColumnsToContents()  # looks at the first rows only (precision)
            self.table.selectRow(0)

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.ids[index.row()] if index.isValid() and index.row() < len(self.ids) else None


@functools.lru_cache(maxsize=4096)
def _d(value) -> str:
    return formatting.date(value) if value else ""


def _when(at: dt.datetime | None) -> str:
    """A stored UTC time as local date and time (dates formatted once each: 200 rows)."""
    if at is None:
        return ""
    local = at.replace(tzinfo=dt.UTC).astimezone()
    return f"{_d(local.date())} {local:%H:%M}"


#: what a customer's file shows: a change to any of it reloads the file (when it next shows)
SHOWS = (Changes.CUSTOMERS | Changes.VEHICLES | Changes.CONTACTS | Changes.APPOINTMENTS
         | Changes.REMINDERS | Changes.REPAIR_ORDERS | Changes.INVOICES | Changes.PAYMENTS
         | Changes.COUNTER)


class CustomerFileView(QWidget):
    """One customer's whole file. ``back`` returns to the list (Esc)."""

    back = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.customer_id: int | None = None
        self.file: customer_file.CustomerFile | None = None
        can_edit = context.can(Permission.EDIT_CUSTOMERS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Customers"))
        self.back_button.setToolTip(self.tr("Back to the list (Esc)"))
        self.back_button.clicked.connect(self.back)
        top.addWidget(self.back_button)
        self.name_label = QLabel()
        self.name_label.setObjectName("customerName")
        self.name_label.setProperty("shopData", True)
        top.addWidget(self.name_label)
        self.grade_label = QLabel()
        self.grade_label.setObjectName("gradeBadge")
        top.addWidget(self.grade_label)
        self.tags_box = QHBoxLayout()
        top.addLayout(self.tags_box)
        top.addStretch(1)
        self.log_button = QPushButton(self.tr("&Log contact"))
        self.log_button.setToolTip(self.tr("Log a call, visit, message or e-mail (Ctrl+L)"))
        self.log_button.clicked.connect(self.log_contact)
        self.edit_button = QPushButton(self.tr("&Edit"))
        self.edit_button.setToolTip(self.tr("Edit the customer's details (Ctrl+E)"))
        self.edit_button.clicked.connect(self.edit)
        self.more_button = QPushButton(self.tr("&More"))
        self.more = QMenu(self)
        self.more.addAction(self.tr("Set &grade…"), self.set_grade)
        self.more.addAction(self.tr("&Tags…"), self.edit_tags)
        self.more.addAction(self.tr("&Blacklist / clear…"), self.blacklist)
        self.more.addAction(self.tr("&Merge into another customer…"), self.merge)
        self.more.addAction(self.tr("&Archive / restore"), self.archive)
        self.more.addAction(self.tr("&Core return…"), self.core_return)
        self.more_button.setMenu(self.more)
        can_book = context.can(Permission.MANAGE_REPAIR_ORDERS)
        self.book_button = QPushButton(self.tr("&Book appointment"))
        self.book_button.clicked.connect(self.book_appointment)
        self.book_button.setEnabled(can_book)
        self.order_button = QPushButton(self.tr("Ne&w repair order"))
        self.order_button.clicked.connect(self.new_repair_order)
        self.order_button.setEnabled(can_book)
        top.addWidget(self.book_button)
        top.addWidget(self.order_button)
        for button in (self.log_button, self.edit_button, self.more_button):
            button.setEnabled(can_edit)
            top.addWidget(button)
        layout.addLayout(top)
        self.contact_label = QLabel()
        self.contact_label.setObjectName("contactLine")
        self.contact_label.setProperty("shopData", True)
        self.contact_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.contact_label)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("blacklistBanner")
        self.warning_label.setWordWrap(True)
        layout.addWidget(self.warning_label)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self._build_tabs(can_edit)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.log_contact)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.edit)
        QShortcut(QKeySequence("Ctrl+B"), self, activated=self.book_appointment)
        QShortcut(QKeySequence("Ctrl+R"), self, activated=self.new_repair_order)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_statement)
        describe(self, {"Ctrl+L": self.tr("Log a call, visit or message"),
                        "Ctrl+E": self.tr("Edit the customer's details"),
                        "Ctrl+B": self.tr("Book an appointment for the selected car"),
                        "Ctrl+R": self.tr("New repair order for the selected car"),
                        "Ctrl+P": self.tr("Print the customer's statement (this month and "
                                          "the three before)")},
                 {"Ctrl+B": self.book_button, "Ctrl+R": self.order_button})
        context.on_change(self, SHOWS, self.reload)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc anywhere in the file goes back to the list."""
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
            return
        super().keyPressEvent(event)

    # --- tabs --------------------------------------------------------------------------------
    def _build_tabs(self, can_edit: bool) -> None:
        self.details = QWidget()
        self.details_form = QFormLayout(self.details)
        self.detail_labels: dict[str, QLabel] = {}
        for key, title in (("last_visit", self.tr("Last visit:")),
                           ("visits", self.tr("Visits, last 12 months:")),
                           ("balance", self.tr("Balance owed:")),
                           ("open", self.tr("Open items:")), ("address", self.tr("Address:")),
                           ("tax_id", self.tr("Company tax ID:")),
                           ("terms", self.tr("Payment terms:")),
                           ("price_level", self.tr("Price level:")),
                           ("channel", self.tr("Contact by:")),
                           ("consent", self.tr("Marketing:")), ("grade", self.tr("Grade:")),
                           ("notes", self.tr("Notes:")), ("since", self.tr("Customer since:"))):
            label = QLabel()
            label.setProperty("shopData", True)  # the customer's details, as typed
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details_form.addRow(title, label)
            self.detail_labels[key] = label
        self.tabs.addTab(self.details, self.tr("Det&ails"))  # (Alt+D is the Desk menu)
        self.vehicles = Section([self.tr(h) for h in VEHICLES_COLUMNS], self.tr("No vehicles"),
                                self.tr("Add the customer's car with Add vehicle."))
        self.vehicles.button(self.tr("Add vehicle"), self.add_vehicle, can_edit)
        self.vehicles.button(self.tr("Edi&t"), self.edit_vehicle, can_edit)  # (Alt+E: the file)
        self.vehicles.button(self.tr("Odometer…"), self.odometer, can_edit)
        self.vehicles.button(self.tr("Transfer…"), self.transfer, can_edit)
        self.vehicles.button(self.tr("History…"), self.owners)
        can_book = self.context.can(Permission.MANAGE_REPAIR_ORDERS)
        self.vehicles.button(self.tr("Book…"), self.book_appointment, can_book).setToolTip(
            self.tr("Book an appointment for the selected car") + "  (Ctrl+B)")
        self.vehicles.button(self.tr("Repair order…"), self.new_repair_order,
                             can_book).setToolTip(
            self.tr("New repair order for the selected car") + "  (Ctrl+R)")
        self.tabs.addTab(self.vehicles, self.tr("&Vehicles"))
        self.visits = Section([self.tr(h) for h in VISITS_COLUMNS], self.tr("No visits yet"),
                              self.tr("Repair orders and logged visits appear here: New "
                                      "repair order (Ctrl+R) checks the car in."))
        self.visits.button(self.tr("Open order (Enter)"), self.open_order)
        self.visits.on_open(self.open_order)
        self.tabs.addTab(self.visits, self.tr("Visits && repair &orders"))
        self.invoices = Section([self.tr(h) for h in INVOICES_COLUMNS], self.tr("No invoices"),
                                self.tr("Invoices and credit notes for this customer appear here."))
        self.balance_label = QLabel()
        self.balance_label.setObjectName("balanceLabel")
        self.invoices.bar.insertWidget(0, self.balance_label)
        self.invoices.button(self.tr("Open invoice (Enter)"), self.open_invoice)
        self.pay_button = self.invoices.button(self.tr("Take payment (F12)"), self.take_payment,
                                               self.context.can(Permission.SELL))
        self.pay_button.setToolTip(self.tr("The selected invoice, or the oldest unpaid one; "
                                           "other open invoices can be ticked too"))
        self.statement_button = self.invoices.button(self.tr("S&tatement…"), self.statement)
        self.statement_button.setToolTip(self.tr("The statement for a period you choose, to "
                                                 "preview, print or save; Ctrl+P anywhere in "
                                                 "the file prints it at once"))
        self.refund_button = self.invoices.button(self.tr("Refund store credit…"),
                                                  self.refund_credit, False)
        self.invoices.on_open(self.open_invoice)
        self.tabs.addTab(self.invoices, self.tr("&Invoices"))
        self.talks = Section([self.tr(h) for h in TALKS_COLUMNS], self.tr("No contacts logged"),
                             self.tr("Log calls, visits and messages with Log contact (Ctrl+L)."))
        self.talks.button(self.tr("Log contact"), self.log_contact, can_edit).setToolTip(
            self.tr("Log a call, visit, message or e-mail (Ctrl+L)"))
        self.talks.button(self.tr("Follow-up done"), self.follow_up_done, can_edit)
        self.tabs.addTab(self.talks, self.tr("I&nteractions"))
        self.questions = Section([self.tr(h) for h in QUESTIONS_COLUMNS],
                                 self.tr("No inquiries"),
                                 self.tr("Questions the customer asked, with the answers given."))
        self.questions.button(self.tr("New inquiry"), self.new_inquiry, can_edit)
        self.questions.button(self.tr("Answer"), self.answer_inquiry, can_edit)
        self.questions.button(self.tr("Knowledge base…"), self.knowledge_base)
        self.tabs.addTab(self.questions, self.tr("In&quiries"))
        self.complaints = Section([self.tr(h) for h in COMPLAINTS_COLUMNS],
                                  self.tr("No complaints"),
                                  self.tr("Nothing to put right."))
        self.complaints.button(self.tr("Open &complaint…"), self.open_complaint, can_edit)
        self.complaints.button(self.tr("Start wor&k"), self.start_complaint, can_edit)
        self.warranty_button = self.complaints.button(
            self.tr("Warrant&y repair order…"), self.warranty_order,
            can_edit and self.context.can(Permission.MANAGE_REPAIR_ORDERS))
        self.warranty_button.setToolTip(self.tr(
            "The car came back for the work the complaint is about: a repair order that redoes "
            "it at no charge (its cost booked as warranty cost)"))
        self.complaints.button(self.tr("Re&solve…"), self.resolve_complaint, can_edit)
        self.tabs.addTab(self.complaints, self.tr("Com&plaints"))
        self.surveys = Section([self.tr(h) for h in SURVEYS_COLUMNS], self.tr("No surveys"),
                               self.tr("Record a survey during the follow-up call after a job."))
        self.surveys.button(self.tr("Record survey"), self.record_survey, can_edit)
        self.surveys.button(self.tr("Statistics…"), self.survey_statistics)
        self.tabs.addTab(self.surveys, self.tr("S&urveys"))
        self.reminders = Section([self.tr(h) for h in REMINDERS_COLUMNS],
                                 self.tr("No services due"),
                                 self.tr("No maintenance package fits the customer's vehicles "
                                         "yet (packages are set up under Repair orders)."))
        self.tabs.addTab(self.reminders, self.tr("&Reminders"))

    # --- showing -----------------------------------------------------------------------------
    def show_customer(self, customer_id: int) -> None:
        """Load and show one customer's file."""
        self.customer_id = customer_id
        self.reload()

    def reload(self) -> None:
        if self.customer_id is None:
            return
        _d.cache_clear()  # the shop's date format may have changed since last time
        f = self.file = customer_file.load(self.context.actor, self.customer_id)
        c = f.customer
        self.name_label.setText(c.display_name + ("  " + self.tr("(archived)") if c.archived
                                                  else ""))
        grade = Grade(c.grade)
        self.grade_label.setText(shown(GRADE_LABELS[grade]) + (" ✎" if c.grade_override else ""))
        self.grade_label.setStyleSheet(
            f"background: {GRADE_COLOURS[grade]}; color: white; border-radius: 9px; "
            "padding: 2px 10px; font-weight: 600;")
        while self.tags_box.count():
            item = self.tags_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for tag in f.tags:
            chip = QLabel(tag.name)
            chip.setProperty("shopData", True)  # the shop's own words
            chip.setStyleSheet(f"background: {tag.colour}; color: white; border-radius: 9px; "
                               "padding: 2px 8px;")
            self.tags_box.addWidget(chip)
        region = shop_region(self.context.actor)
        kinds = {"mobile": self.tr("mobile"), "home": self.tr("home"), "work": self.tr("work")}
        phones = [f"{format_phone(p.e164, p.number, region)} ({kinds.get(p.label, p.label)})"
                  + (" ⚠" if p.problem else "") for p in f.phones]
        place = ", ".join(x for x in (c.city, c.postcode) if x)
        bits = [*phones, c.email + (" ⚠" if c.email_problem else ""), place]
        self.contact_label.setText("   ·   ".join(b for b in bits if b.strip()))
        self.warning_label.setText("  ".join(f.warnings))
        self.warning_label.setVisible(bool(f.warnings))
        self._fill_details(f)
        self._fill_sections(f)
        self.tabs.setTabText(1, self.tr("&Vehicles ({count})").format(
                count=len(f.vehicles)))
        self.tabs.setTabText(2, self.tr("Visits && repair &orders ({count})").format(
                count=len(f.visits)))
        self.tabs.setTabText(3, self.tr("&Invoices ({amount} due)").format(
            amount=formatting.money(f.balance)) if f.balance else
            self.tr("&Invoices ({count})").format(count=len(f.invoices)))
        overdue = sum(1 for d in f.services_due if d.status == "overdue")
        self.tabs.setTabText(8, self.tr("&Reminders ({count} overdue)").format(count=overdue)
                             if overdue else self.tr("&Reminders ({count})").format(
                                 count=len(f.services_due)) if f.services_due
                             else self.tr("&Reminders"))
        self.tabs.setTabText(4, self.tr("I&nteractions ({count})").format(
                count=len(f.interactions)))
        open_complaints = sum(1 for x in f.complaints if x.status != "resolved")
        self.tabs.setTabText(6, self.tr("Com&plaints ({count} open)").format(
            count=open_complaints) if open_complaints else self.tr("Com&plaints"))

    def _fill_details(self, f: customer_file.CustomerFile) -> None:
        c = f.customer
        labels = self.detail_labels
        labels["address"].setText(", ".join(x for x in (c.address, c.city, c.postcode,
                                                        c.country) if x) or "—")
        labels["last_visit"].setText(_d(c.last_visit_on) or self.tr("never"))
        year_ago = dt.date.today() - dt.timedelta(days=365)
        labels["visits"].setText(str(sum(1 for v in f.visits if v.on >= year_ago)))
        labels["balance"].setText(formatting.money(f.balance) + (
            "   " + self.tr("(store credit {amount})").format(
                amount=formatting.money(f.store_credit)) if f.store_credit else ""))
        due = [i for i in f.interactions if i.follow_up_on and not i.follow_up_done_at]
        open_complaints = [x for x in f.complaints if x.status != "resolved"]
        items = ([self.tr("{count} follow-up(s), next {date}").format(
                     count=len(due), date=_d(min(i.follow_up_on for i in due)))]
                 if due else []) + ([self.tr("{count} open complaint(s)").format(
                     count=len(open_complaints))] if open_complaints else [])
        labels["open"].setText("; ".join(items) or self.tr("nothing open"))
        labels["tax_id"].setText(c.tax_id or "—")
        labels["price_level"].setText(pricing.level_name(self.context.actor, c.price_level))
        labels["terms"].setText(self.tr("Shop default") if c.payment_terms_days is None
                                else self.tr("{payment_terms_days} days").format(
                                        payment_terms_days=c.payment_terms_days))
        labels["channel"].setText(shown(CHANNEL_LABELS.get(Channel(c.preferred_channel),
                                                           c.preferred_channel)))
        labels["consent"].setText(self.tr("Agrees to offers and reminders") if c.marketing_consent
                                  else self.tr("No offers"))
        grade = shown(GRADE_LABELS[Grade(c.grade)])
        labels["grade"].setText(self.tr("{grade} — set by hand: {grade_override_reason}").format(
                grade=grade, grade_override_reason=c.grade_override_reason)
                                if c.grade_override else self.tr("{grade} (automatic, from "
                                                             "spend and visits in the "
                                                             "last 12 months)").format(grade=grade))
        labels["notes"].setText(c.notes or "—")
        labels["since"].setText(_d(c.created_at))

    def _fill_sections(self, f: customer_file.CustomerFile) -> None:
        staff = dialogs.staff_names(self.context)
        due_words = {"overdue": self.tr("overdue"), "this month": self.tr("this month"),
                     "next month": self.tr("next month"), "later": self.tr("later")}
        self.vehicles.set_rows(
            [(v.plate, v.make, v.model, v.year or "", v.vin,
              f"{v.odometer:,}" if v.odometer is not None else "",
              shown(fuel.LABELS[v.fuel]) if v.fuel in fuel.LABELS and v.fuel else "", v.colour,
              ("⚠ VIN " if v.vin_problem else "") + (self.tr("archived") if v.archived
                                                       else ""))
             for v in f.vehicles], [v.id for v in f.vehicles])
        money = formatting.money
        self.visits.set_rows(
            [(_d(v.on), v.number or self.tr("visit"), v.vehicle, shown(v.status),
              money(v.total) if v.total is not None else "", v.what) for v in f.visits],
            [v.repair_order_id or 0 for v in f.visits])
        self.invoices.set_rows(
            [(i.number, _d(i.on), shown(document_label(i.kind, i.status)), i.vehicle,
              money(i.total), money(i.paid) if i.kind == "invoice" else "",
              money(i.owed) if i.status == "issued" and i.kind == "invoice" else "",
              self.tr("corrects {number}").format(number=i.corrects) if i.corrects else
              (self.tr("{amount} credited").format(amount=money(i.credited))
               if i.credited else ""))
             for i in f.invoices], [i.invoice_id for i in f.invoices])
        self.refund_button.setEnabled(f.store_credit > 0 and self.context.can(Permission.SELL))
        self.balance_label.setText(self.tr("Balance owed: {amount}").format(
            amount=money(f.balance)) + ("   ·   " + self.tr("Store credit: {amount}").format(
                amount=money(f.store_credit)) if f.store_credit else ""))
        self.reminders.set_rows(
            [(_d(d.due_on), d.package, d.vehicle, f"{d.due_km:,}" if d.due_km else "",
              _d(d.last_done_on) or self.tr("never"), due_words.get(d.status, d.status))
             for d in f.services_due],
            [d.vehicle_id for d in f.services_due])
        self.talks.set_rows(
            [(_when(i.at), shown(KIND_LABELS.get(i.kind, i.kind)), i.summary,
              staff.get(i.user_id, ""),
              (f"{_d(i.follow_up_on)}: {i.follow_up_note}" if i.follow_up_on else ""),
              "✓" if i.follow_up_done_at else "") for i in f.interactions],
            [i.id for i in f.interactions])
        self.questions.set_rows(
            [(_when(q.asked_at), q.question, q.answer,
              self.tr("answered") if q.status == "answered" else self.tr("open"))
             for q in f.inquiries], [q.id for q in f.inquiries])
        self.complaints.set_rows(
            [(_d(x.opened_on), x.subject, staff.get(x.owner_id, ""),
              shown(complaints.STATUS_LABELS[complaints.ComplaintStatus(x.status)]), x.resolution,
              f"{x.satisfaction}/5" if x.satisfaction else "") for x in f.complaints],
            [x.id for x in f.complaints])
        self.surveys.set_rows(
            [(_d(s.taken_on), *(getattr(s, d) for d in DIMENSIONS), f"{s.recommend}/10",
              s.comment) for s in f.surveys], [s.id for s in f.surveys])

    # --- actions -----------------------------------------------------------------------------
    def _run(self, dialog) -> bool:
        """A form dialog about this customer (saving tells the screens: the file reloads)."""
        return bool(dialog.exec())

    def _customer(self):
        return customers.get(self.context.actor, self.customer_id)

    def log_contact(self) -> None:
        if self.customer_id and self.context.can(Permission.EDIT_CUSTOMERS):
            self._run(dialogs.InteractionDialog(self.context, self._customer(), self))

    def edit(self) -> None:
        if self.customer_id and self.context.can(Permission.EDIT_CUSTOMERS):
            self._run(dialogs.EditCustomerDialog(self.context, self._customer(), self))

    def follow_up_done(self) -> None:
        from shopdesk.errors import ShopDeskError
        from shopdesk.services.crm import interactions

        row = self.talks.current_id()
        if row is None:
            return
        try:
            with self.context.changing():
                interactions.complete_follow_up(self.context.actor, row)
        except ShopDeskError as exc:
            self.context.status.emit(refusal_text(exc))

    def open_order(self) -> None:
        """Show the selected repair order on the repair orders screen."""
        order_id = self.visits.current_id()
        window = self.window()
        show = getattr(window, "show_screen", None)
        if not order_id or show is None:
            return
        screen = show("repair_orders")
        if screen is not None and hasattr(screen, "open_order"):
            screen.open_order(order_id)

    def open_invoice(self) -> None:
        """Show the selected invoice or credit note (with its PDF, payments, credit)."""
        invoice_id = self.invoices.current_id()
        if not invoice_id:
            return
        from shopdesk.gui.invoices.invoice_view import InvoiceView

        self.last_invoice_view = InvoiceView(self.context, invoice_id, self)
        self.last_invoice_view.exec()  # (what it changes is told: the file reloads)

    def take_payment(self) -> str:
        """F12: take payment for the selected invoice, or the oldest unpaid one, with the
        customer's other open invoices offered to tick. Returns what to tell the clerk when
        nothing is payable."""
        from shopdesk.gui.invoices.take_payment import take_payment
        from shopdesk.services.sales import invoices, payments

        if not self.customer_id:
            return self.tr("Open a customer's file first")
        open_ids = [i.id for i in payments.open_invoices(self.context.actor, self.customer_id)]
        if not open_ids:
            return self.tr("{name} owes nothing: no invoice is waiting for payment").format(
                name=self._customer().display_name)
        selected = self.invoices.current_id() if self.tabs.currentWidget() is self.invoices \
            else None
        invoice_id = selected if selected in open_ids else open_ids[0]
        if selected is not None and selected not in open_ids:
            chosen = invoices.get(self.context.actor, selected)
            if chosen.status == "draft":
                return self.tr("The selected invoice is a draft: open it (Enter) to issue it "
                               "and take payment")
        _result, text = take_payment(self.context, self, invoice_id, offer_open=True)
        if text:
            self.context.status.emit(text)
        return ""

    def statement(self) -> None:
        """The customer's account statement for a period (preview, print, save)."""
        from shopdesk.gui.invoices.statement_dialog import StatementDialog

        if self.customer_id:
            self.last_statement = StatementDialog(self.context.actor, self.customer_id, self)
            self.last_statement.exec()

    def print_statement(self) -> None:
        """Ctrl+P: the customer's statement for the usual period (the Statement dialog's: from
        the first of the month three months back to today) straight to the print dialog."""
        from shopdesk.gui.invoices.pdf_output import print_with_dialog
        from shopdesk.gui.invoices.statement_dialog import default_period
        from shopdesk.printing.statement import render_statement

        if not self.customer_id:
            return
        start, end = default_period()
        pdf = render_statement(self.context.actor, self.customer_id, start, end)
        if print_with_dialog(self, None, pdf):
            self.context.status.emit(self.tr("Statement printed: {start} – {end}").format(
                start=formatting.date(start), end=formatting.date(end)))

    def core_return(self) -> None:
        """The customer brought old units back: refund the deposits of their core sales."""
        from shopdesk.gui.counter.core_return_dialog import CoreReturnDialog

        if self.customer_id:
            self.last_core_return = CoreReturnDialog(self.context, customer_id=self.customer_id,
                                                     parent=self)
            self.last_core_return.exec()  # (saving tells the screens: the file reloads)

    def refund_credit(self) -> None:
        """Pay the customer's store credit back (cash, card, transfer or cheque)."""
        from shopdesk.gui.invoices.credit_refund_dialog import CreditRefundDialog

        if self.customer_id and self.refund_button.isEnabled():
            self.last_refund = CreditRefundDialog(self.context.actor, self.customer_id, self)
            with self.context.changing():
                self.last_refund.exec()

    def add_vehicle(self) -> None:
        self._run(dialogs.VehicleDialog(self.context, self._customer(), parent=self))

    def _vehicle(self):
        vid = self.vehicles.current_id()
        return vehicles.get(self.context.actor, vid) if vid else None

    def edit_vehicle(self) -> None:
        if (vehicle := self._vehicle()) is not None:
            self._run(dialogs.VehicleDialog(self.context, self._customer(), vehicle, self))

    def odometer(self) -> None:
        if (vehicle := self._vehicle()) is not None:
            self._run(dialogs.OdometerDialog(self.context, vehicle, self))

    def transfer(self) -> None:
        if (vehicle := self._vehicle()) is not None:
            self._run(dialogs.TransferDialog(self.context, vehicle, self))

    def _plate(self) -> str:
        vehicle = self._vehicle()
        return vehicle.plate if vehicle is not None and not vehicle.archived else ""

    def book_appointment(self) -> None:
        """Book this customer in (for the selected car) with the front desk's booking dialog."""
        if not self.customer_id or not self.context.can(Permission.MANAGE_REPAIR_ORDERS):
            return
        from shopdesk.gui.workshop.dialogs import BookDialog, open_dialog

        dialog = BookDialog(self.context, self, customer_id=self.customer_id)
        dialog.plate.setText(self._plate())
        dialog.starts.setFocus()
        self.dialog = open_dialog(dialog, self._booked)

    def _booked(self, appointment) -> None:
        self.context.status.emit(self.tr("Booked for {when}: it shows at the front desk").format(
            when=formatting.datetime(appointment.starts_at)))

    def new_repair_order(self) -> None:
        """Check the selected car in: a new repair order, opened on the repair orders screen."""
        if not self.customer_id or not self.context.can(Permission.MANAGE_REPAIR_ORDERS):
            return
        from shopdesk.gui.workshop.dialogs import CheckInDialog, open_dialog

        dialog = CheckInDialog(self.context, self)
        dialog.plate.setText(self._plate())
        dialog._show_last()
        (dialog.odometer if dialog.plate.text() else dialog.plate).setFocus()
        self.dialog = open_dialog(dialog, lambda order: self._open_order_id(order.id))

    def _open_order_id(self, order_id: int) -> None:
        show = getattr(self.window(), "show_screen", None)
        screen = show("repair_orders") if callable(show) else None
        if screen is not None and hasattr(screen, "open_order"):
            screen.open_order(order_id)

    def owners(self) -> None:
        vehicle = self._vehicle()
        if vehicle is None:
            return
        from shopdesk.gui.customers.vehicle_history import VehicleHistoryDialog

        # odometer readings, owners
        self.last_history = VehicleHistoryDialog(self.context.actor, vehicle, self)
        self.last_history.exec()

    def new_inquiry(self) -> None:
        self._run(dialogs.InquiryDialog(self.context, self._customer(), self))

    def answer_inquiry(self) -> None:
        qid = self.questions.current_id()
        if qid is None:
            return
        question = next(q for q in self.file.inquiries if q.id == qid)
        self._run(dialogs.InquiryDialog(self.context, self._customer(), self, qid,
                                        question.question))

    def open_complaint(self) -> None:
        self._run(dialogs.ComplaintDialog(self.context, self._customer(), self))

    def start_complaint(self) -> None:
        from shopdesk.errors import ShopDeskError

        cid = self.complaints.current_id()
        if cid is None:
            return
        try:
            with self.context.changing():
                complaints.start_work(self.context.actor, complaints.get(self.context.actor, cid))
        except ShopDeskError as exc:
            self.context.status.emit(refusal_text(exc))

    def warranty_order(self) -> None:
        """A warranty repair order for the selected complaint's repair order (the car came
        back): opened in the repair-order editor."""
        from shopdesk.errors import ShopDeskError
        from shopdesk.gui.counter.warranty_order_dialog import WarrantyOrderDialog, original_of

        cid = self.complaints.current_id()
        if cid is None or not self.warranty_button.isEnabled():
            return
        complaint = complaints.get(self.context.actor, cid)
        try:
            original = original_of(self.context.actor, complaint)
        except ShopDeskError as exc:
            self.context.status.emit(refusal_text(exc))
            return
        dialog = WarrantyOrderDialog(self.context, original, complaint, self)
        self.last_warranty_dialog = dialog
        if dialog.exec():
            self._open_order_id(dialog.saved.id)

    def resolve_complaint(self) -> None:
        cid = self.complaints.current_id()
        if cid is not None:
            complaint = complaints.get(self.context.actor, cid)
            self._run(dialogs.ResolveDialog(self.context, complaint, self))

    def survey_statistics(self) -> None:
        """The shop's survey averages and NPS by month."""
        from shopdesk.gui.customers.crm_insights import SurveyStatsDialog

        self.last_insight = SurveyStatsDialog(self.context.actor, self)
        self.last_insight.exec()

    def knowledge_base(self) -> None:
        """Search the answers given to earlier inquiries."""
        from shopdesk.gui.customers.crm_insights import KnowledgeBaseDialog

        self.last_insight = KnowledgeBaseDialog(self.context.actor, self)
        self.last_insight.exec()

    def record_survey(self) -> None:
        self._run(dialogs.SurveyDialog(self.context, self._customer(), self))

    def set_grade(self) -> None:
        self._run(dialogs.GradeDialog(self.context, self._customer(), self))

    def blacklist(self) -> None:
        self._run(dialogs.BlacklistDialog(self.context, self._customer(), self))

    def merge(self) -> None:
        dialog = dialogs.MergeDialog(self.context, self._customer(), self)
        if dialog.exec() and dialog.saved is not None:
            self.show_customer(dialog.saved.id)

    def archive(self) -> None:
        from shopdesk.errors import ShopDeskError

        customer = self._customer()
        try:
            with self.context.changing():
                customers.set_archived(self.context.actor, customer.id, not customer.archived)
        except ShopDeskError as exc:
            self.context.status.emit(refusal_text(exc))

    def edit_tags(self) -> None:
        from shopdesk.gui.customers.tags_dialog import TagsDialog

        self._run(TagsDialog(self.context, self._customer(), self))
