"""The Customers screen: find anyone as you type, lists, and the customer file.

Tabs: Customers (search, grade and tag filters), My follow-ups, Complaints, Lapsed customers.
Enter or double-click opens the customer file; Esc goes back. Ctrl+N checks in a new customer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shopdesk.errors import NotFoundError
from shopdesk.gui.context import AppContext
from shopdesk.gui.customers.check_in_dialog import CheckInDialog
from shopdesk.gui.customers.customer_file_view import CustomerFileView
from shopdesk.gui.customers.lazy_list import LazyList
from shopdesk.gui.dialogs.shortcuts import describe
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.screens.follow_ups import FollowUpsWidget
from shopdesk.gui.tasks import run_task
from shopdesk.gui.widgets.empty_state import show_when_empty
from shopdesk.gui.widgets.export_list import ListExport
from shopdesk.services.access import Permission
from shopdesk.services.changes import Changes
from shopdesk.services.crm import complaints, customer_lists, customers, grading

#: what the lists show (customers, their cars and last visits, complaints, the lapsed): a change
#: to any of it refreshes them (when they next show)
SHOWS = Changes.CUSTOMERS | Changes.VEHICLES | Changes.CONTACTS | Changes.INVOICES

class CustomersScreen(QWidget):
    """List page and file page in a stack."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.tabs = QTabWidget()
        self.stack.addWidget(self.tabs)
        self.file_view = CustomerFileView(context)
        self.file_view.back.connect(self.show_list)
        self.stack.addWidget(self.file_view)
        self._build_customers_tab()
        self.follow_ups = FollowUpsWidget(context)
        self.follow_ups.open_customer.connect(self.open_customer)
        self.tabs.addTab(self.follow_ups, self.tr("My follow-&ups"))
        self._build_complaints_tab()
        self._build_lapsed_tab()
        context.on_change(self, SHOWS, self._on_changed)  # (the file listens for itself)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.check_in)
        describe(self, {"Ctrl+N": self.tr("New check-in: a new customer and their car")},
                 {"Ctrl+N": self.check_in_button})

    # --- customers tab ---------------------------------------------------------------------
    def _build_customers_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.find_edit = QLineEdit()
        self.find_edit.setObjectName("customerFind")
        self.find_edit.setPlaceholderText(self.tr(
                "Find: name, company, phone digits, e-mail, plate, "
                                          "VIN (last 6)…"))
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.textChanged.connect(self.refresh)
        self.find_edit.returnPressed.connect(self._open_first)
        bar.addWidget(self.find_edit, 3)
        self.grade_filter = QComboBox()
        self.grade_filter.addItem(self.tr("All grades"), None)
        for grade, label in grading.GRADE_LABELS.items():
            self.grade_filter.addItem(shown(label), grade.value)
        self.grade_filter.currentIndexChanged.connect(self.refresh)
        bar.addWidget(self.grade_filter)
        self.tag_filter = QComboBox()
        self.tag_filter.setProperty("shopData", True)  # the shop's own tags
        self.tag_filter.currentIndexChanged.connect(self.refresh)
        bar.addWidget(self.tag_filter)
        self.archived = QCheckBox(self.tr("Archived"))
        self.archived.toggled.connect(self.refresh)
        bar.addWidget(self.archived)
        self.check_in_button = QPushButton(self.tr("&New check-in"))
        self.check_in_button.setObjectName("primaryButton")
        self.check_in_button.setToolTip(self.tr(
                "A new customer and their car in one form (Ctrl+N)"))
        self.check_in_button.setEnabled(self.context.can(Permission.EDIT_CUSTOMERS))
        self.check_in_button.clicked.connect(self.check_in)
        bar.addWidget(self.check_in_button)
        self.import_button = QPushButton(self.tr("&Import…"))
        self.import_button.setToolTip(self.tr(
            "Bring in customers or vehicles from a spreadsheet (.xlsx or .csv)"))
        self.import_button.setEnabled(self.context.can(Permission.EDIT_CUSTOMERS))
        self.import_button.clicked.connect(self.import_spreadsheet)
        bar.addWidget(self.import_button)
        if self.context.can(Permission.CHANGE_SETTINGS):
            rules = QPushButton(self.tr("&Grades…"))
            rules.setToolTip(self.tr("Set the spend and visit thresholds of each grade (owner)"))
            rules.clicked.connect(self.edit_grading_rules)
            bar.addWidget(rules)
        layout.addLayout(bar)
        self.count_label = QLabel()
        self.count_label.setObjectName("hintLabel")
        layout.addWidget(self.count_label)
        self.list = LazyList(customer_lists.customers(self.context.actor))
        self.list.opened.connect(self.open_customer)
        show_when_empty(self.list, self._empty_message)
        layout.addWidget(self.list, 1)
        self.exporter = ListExport(self.list, self.tr("Customers"), page, self.context)
        bar.addWidget(self.exporter.button)
        self.tabs.addTab(page, self.tr("&Customers"))
        self._fill_tags()
        self.refresh()

    def import_spreadsheet(self) -> QWidget:
        """Toolbar → Import…: the import wizard, set to customers."""
        from shopdesk.gui.imports import open_import_wizard

        return open_import_wizard(self.context, self, "customers")

    def _fill_tags(self) -> None:
        current = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(self.tr("All tags"), None)
        for tag in customers.all_tags(self.context.actor):
            self.tag_filter.addItem(tag.name, tag.id)
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(current)))
        self.tag_filter.blockSignals(False)

    def refresh(self) -> None:
        """Re-run the list with the current search text and filters (SQL, one page)."""
        source = customer_lists.customers(self.context.actor, self.find_edit.text(),
                                          self.grade_filter.currentData(),
                                          self.tag_filter.currentData(),
                                          self.archived.isChecked())
        self.list.set_source(source)
        count = self.list.lazy.rowCount()
        text = self.find_edit.text().strip()
        if text:
            limit = customer_lists.SEARCH_LIST_LIMIT
            more = f" (the first {limit}: type more)" if count >= limit else ""
            self.count_label.setText(self.tr("{count:,} found for “{text}”{more}").format(
                    count=count, text=text, more=more) if count else
                                     self.tr("Nobody matches “{text}”. Press Ctrl+N to check "
                                         "in a new customer.").format(text=text))
        elif count == 0 and self.grade_filter.currentData() is None \
                and self.tag_filter.currentData() is None and not self.archived.isChecked():
            self.count_label.setText(self.tr(
                "No customers yet: press Ctrl+N (New check-in) to add a customer and their "
                "car, or bring a list in with File \u2192 Import spreadsheet\u2026"))
        else:
            self.count_label.setText(self.tr("{count:,} customers").format(count=count))
        self.count_label.setVisible(count > 0)  # empty: the list itself says what to do
        self.list.empty_overlay.update_state()

    def _empty_message(self) -> tuple[str, str]:
        text = self.find_edit.text().strip()
        if text:
            return (self.tr("Nobody matches “{text}”").format(text=text), self.tr(
                "Try a phone number, a plate or the last 6 of the VIN, or press Ctrl+N to "
                "check in a new customer."))
        if self.grade_filter.currentData() is not None or self.archived.isChecked() \
                or self.tag_filter.currentData() is not None:
            return (self.tr("No customer in this selection"),
                    self.tr("Choose All grades and All tags above to see everyone."))
        return (self.tr("No customers yet"), self.tr(
            "Press Ctrl+N (New check-in) to add a customer and their car, or bring a list in "
            "with File → Import spreadsheet…"))

    def _open_first(self) -> None:
        key = self.list.current_key() or self.list.lazy.row_key(0)
        if key is not None:
            self.open_customer(key)

    # --- complaints and lapsed tabs ----------------------------------------------------------
    def _build_complaints_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.all_complaints = QCheckBox(self.tr("Show resolved too"))
        self.all_complaints.toggled.connect(self._refresh_complaints)
        bar.addWidget(self.all_complaints)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.complaint_list = LazyList(customer_lists.complaints(self.context.actor))
        self.complaint_list.opened.connect(self._open_complaint)
        show_when_empty(self.complaint_list, (self.tr("No complaints to follow up"), self.tr(
            "Complaints are logged on the customer's file (Complaints tab → Open complaint) "
            "and followed here until resolved.")))
        layout.addWidget(self.complaint_list, 1)
        bar.addWidget(ListExport(self.complaint_list, self.tr("Complaints"), page,
                                 self.context).button)
        self.tabs.addTab(page, self.tr("Com&plaints"))

    def _refresh_complaints(self) -> None:
        self.complaint_list.set_source(
            customer_lists.complaints(self.context.actor,
                                      open_only=not self.all_complaints.isChecked()))

    def _open_complaint(self, complaint_id: object) -> None:
        try:
            row = complaints.get(self.context.actor, int(complaint_id))
        except NotFoundError:
            return
        self.open_customer(row.customer_id)
        self.file_view.tabs.setCurrentWidget(self.file_view.complaints)

    def _build_lapsed_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("No visit for")))
        self.lapsed_months = QSpinBox()
        self.lapsed_months.setRange(1, 120)
        self.lapsed_months.setSuffix(self.tr(" months"))
        self.lapsed_months.setValue(grading.rules(self.context.actor).lapsed_months)
        self.lapsed_months.valueChanged.connect(self._refresh_lapsed)
        bar.addWidget(self.lapsed_months)
        self.lapsed_count = QLabel()
        bar.addWidget(self.lapsed_count)
        bar.addStretch(1)
        export = QPushButton(self.tr("E&xport for outreach…"))
        export.clicked.connect(self.export_lapsed)
        QShortcut(QKeySequence("Ctrl+E"), page, activated=self.export_lapsed).setWhatsThis(
            self.tr("Export the lapsed customers for outreach"))
        bar.addWidget(export)
        layout.addLayout(bar)
        self.lapsed_list = LazyList(customer_lists.lapsed(self.context.actor,
                                                          self.lapsed_months.value()))
        self.lapsed_list.opened.connect(self.open_customer)
        show_when_empty(self.lapsed_list, (self.tr("No lapsed customers"), self.tr(
            "Customers who have not been back for the months chosen above show here, to call "
            "or send an offer.")))
        layout.addWidget(self.lapsed_list, 1)
        self.tabs.addTab(page, self.tr("&Lapsed customers"))
        self._refresh_lapsed()

    def _refresh_lapsed(self) -> None:
        self.lapsed_list.set_source(customer_lists.lapsed(self.context.actor,
                                                          self.lapsed_months.value()))
        self.lapsed_count.setText(_customers(self.lapsed_list.lazy.rowCount()))

    def export_lapsed(self, path: str | None = None) -> None:
        """Write the lapsed list to CSV in the background."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export lapsed customers"),
                                                  "lapsed-customers.csv", self.tr("CSV (*.csv)"))
        if not path:
            return
        months = self.lapsed_months.value()
        title = self.tr("Lapsed customers")

        def work(progress) -> int:  # the shared writer: typed cells, no formula ever runs
            from shopdesk.io.exports.lists import export_list

            return export_list(customer_lists.lapsed(self.context.actor, months), path, title=title,
                               progress=progress)

        run_task(self, self.tr("Exporting lapsed customers"), work,
                 on_done=lambda n: self.context.status.emit(self.tr("{customers} written to "
                                                                "{path}").format(
                                                                        customers=_customers(n),
                                                                                path=path)),
                 on_failed=lambda message: self.context.status.emit(message))

    # --- navigation ----------------------------------------------------------------------------
    def open_customer(self, customer_id: object) -> None:
        """Show a customer's file."""
        self.file_view.show_customer(int(customer_id))
        self.stack.setCurrentWidget(self.file_view)
        self.file_view.tabs.setCurrentIndex(0)
        self.file_view.tabs.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        self.list.setFocus()

    def edit_grading_rules(self) -> None:
        from shopdesk.gui.customers.crm_dialogs import GradingRulesDialog

        GradingRulesDialog(self.context, self).exec()  # (saving tells the screens)

    def check_in(self) -> None:
        if not self.context.can(Permission.EDIT_CUSTOMERS):
            return
        dialog = CheckInDialog(self.context, self)
        if not dialog.exec() or dialog.saved is None:
            return
        order = dialog.saved.order
        show = getattr(self.window(), "show_screen", None)
        screen = show("repair_orders") if order is not None and callable(show) else None
        if screen is None or not hasattr(screen, "open_order"):
            self.open_customer(dialog.saved.customer.id)
            return
        # the car is here: its repair order in the editor, the job card to the printer
        screen.open_order(order.id)
        if dialog.prints_job_card():
            screen.editor.print_pdf("job card")

    def show_found(self, customer_id: int, text: str) -> None:
        """A customer chosen in the window's search box: their file, with the list behind it
        filtered by the same search (Esc goes back to the others found)."""
        self.tabs.setCurrentIndex(0)
        self.find_edit.setText(text)
        self.open_customer(customer_id)

    def take_payment(self) -> str:
        """F12: in a customer's file, take payment for their invoices."""
        if self.stack.currentWidget() is self.file_view:
            return self.file_view.take_payment()
        return self.tr("Open the customer's file first (Enter on the list), then F12")

    def activate(self) -> None:
        if self.stack.currentWidget() is not self.file_view:
            self.find_edit.setFocus()

    def _on_changed(self) -> None:
        self._fill_tags()
        self.list.lazy.refresh()
        self._refresh_complaints()
        self._refresh_lapsed()


def _customers(count: int) -> str:
    return f"{count:,} customer" + ("" if count == 1 else "s")


def build(context: AppContext) -> QWidget:
    """Factory for the screens registry."""
    return CustomersScreen(context)
