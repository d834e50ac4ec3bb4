"""Counter reports: cores out with customers, cores on hand and supplier claims, lost sales
ranked over a period, and (for the owner) comebacks by technician and by part/supplier."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.context import AppContext
from shopdesk.gui.counter.core_return_dialog import CoreReturnDialog
from shopdesk.gui.counter.fields_dialog import FieldsDialog
from shopdesk.gui.widgets.dialog_size import size_within
from shopdesk.gui.widgets.rows_model import RowsModel, read_only_table
from shopdesk.gui.widgets.tab_order import focus_first_field
from shopdesk.services.access import Permission
from shopdesk.services.counter import comebacks, cores, lost_sales, warranty_claims
from shopdesk.services.counter.warranty_claims import ClaimKind


def _period(parent: QWidget, months: int) -> tuple[QDateEdit, QDateEdit]:
    since = QDateEdit(QDate.currentDate().addMonths(-months), parent)
    until = QDateEdit(QDate.currentDate(), parent)
    for edit in (since, until):
        edit.setCalendarPopup(True)
    return since, until


class CoresTab(QWidget):
    """Cores out with customers (who, which invoice, since when, deposit), cores on hand
    waiting to go back, and the claims on suppliers still open."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        self.out_title = QLabel()
        self.out_title.setObjectName("sectionTitle")
        layout.addWidget(self.out_title)
        self.out_model = RowsModel([self.tr("Customer"), self.tr("Invoice"), self.tr("Since"),
                                    self.tr("Part"), self.tr("Out"), self.tr("Deposit")], self)
        self.out_view = read_only_table(self.out_model, (180, 130, 90, 220, 50))
        layout.addWidget(self.out_view, 2)
        row = QHBoxLayout()
        self.return_button = QPushButton(self.tr("Take core &back…"))
        self.return_button.clicked.connect(self.take_back)
        self.return_button.setEnabled(context.can(Permission.SELL))
        row.addWidget(self.return_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.hand_title = QLabel()
        self.hand_title.setObjectName("sectionTitle")
        layout.addWidget(self.hand_title)
        self.hand_model = RowsModel([self.tr("SKU"), self.tr("Part"), self.tr("Supplier"),
                                     self.tr("On hand"), self.tr("Deposit value")], self)
        self.hand_view = read_only_table(self.hand_model, (110, 220, 160, 70))
        layout.addWidget(self.hand_view, 1)
        row = QHBoxLayout()
        self.send_button = QPushButton(self.tr("&Send to supplier…"))
        self.send_button.clicked.connect(self.send_back)
        self.send_button.setEnabled(context.can(Permission.MANAGE_STOCK))
        row.addWidget(self.send_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.claims_title = QLabel()
        self.claims_title.setObjectName("sectionTitle")
        layout.addWidget(self.claims_title)
        self.claims_model = RowsModel([self.tr("Sent"), self.tr("Kind"), self.tr("Supplier"),
                                       self.tr("Part"), self.tr("Qty"), self.tr("Expected"),
                                       self.tr("Reference")], self)
        self.claims_view = read_only_table(self.claims_model, (90, 80, 150, 200, 50, 90))
        layout.addWidget(self.claims_view, 1)
        row = QHBoxLayout()
        self.credit_button = QPushButton(self.tr("Cre&dit received…"))  # (Alt+C: Cores)
        self.credit_button.clicked.connect(self.credit_received)
        self.credit_button.setEnabled(context.can(Permission.MANAGE_STOCK))
        row.addWidget(self.credit_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self.out_rows = cores.outstanding(self.context.actor)
        count, deposits = cores.outstanding_total(self.context.actor)
        self.out_title.setText(self.tr("Cores out with customers: {count} · deposits "
                                       "{amount}").format(count=formatting.quantity(count),
                                                          amount=formatting.money(deposits)))
        self.out_model.set_rows([(r.customer_name, r.number, formatting.date(r.issue_date),
                                  f"{r.sku} {r.description}", formatting.quantity(r.outstanding),
                                  formatting.money(r.deposit_outstanding))
                                 for r in self.out_rows])
        self.hand_rows = cores.on_hand_rows(self.context.actor)
        self.hand_title.setText(self.tr("Cores on hand, waiting to go back to suppliers: "
                                        "{count}").format(count=formatting.quantity(
                                            sum((r.on_hand for r in self.hand_rows), 0))))
        self.hand_model.set_rows([(r.sku, r.name, r.supplier, formatting.quantity(r.on_hand),
                                   formatting.money(r.value)) for r in self.hand_rows])
        self.claim_rows = warranty_claims.claims(self.context.actor)
        self.claims_title.setText(self.tr("Sent back, credit not yet received: {amount}")
                                  .format(amount=formatting.money(warranty_claims.open_total(self.context.actor))))
        kinds = {ClaimKind.CORE.value: self.tr("Cores"),
                 ClaimKind.WARRANTY.value: self.tr("Warranty")}
        self.claims_model.set_rows([(formatting.date(c.created_at.date()), kinds[c.kind],
                                     c.supplier, f"{c.sku} {c.part}",
                                     formatting.quantity(c.quantity),
                                     formatting.money(c.expected), c.reference)
                                    for c in self.claim_rows])

    def _selected(self, view: QTableView, rows: list) -> object | None:
        index = view.currentIndex()
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def take_back(self) -> None:
        row = self._selected(self.out_view, self.out_rows)
        if row is None:
            return
        dialog = CoreReturnDialog(self.context, invoice_id=row.invoice_id, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def send_back(self) -> None:
        row = self._selected(self.hand_view, self.hand_rows)
        if row is None:
            return
        dialog = FieldsDialog(
            self.tr("Send cores to {supplier}").format(supplier=row.supplier or "?"),
            self.tr("{sku} {name}: {count} on hand. The supplier's credit is tracked until it "
                    "arrives.").format(sku=row.sku, name=row.name,
                                       count=formatting.quantity(row.on_hand)),
            [(self.tr("&Quantity"), formatting.quantity(row.on_hand)),
             (self.tr("&Expected credit (blank: deposit)"), ""),
             (self.tr("&Reference"), "")],
            lambda t: cores.return_to_supplier(self.context.actor, row.part_id, None, t[0],
                                               t[1] or None, t[2]), self, context=self.context)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def credit_received(self) -> None:
        row = self._selected(self.claims_view, self.claim_rows)
        if row is None:
            return
        dialog = FieldsDialog(
            self.tr("Credit from {supplier}").format(supplier=row.supplier),
            self.tr("{qty} x {sku} sent back, {amount} expected.").format(
                qty=formatting.quantity(row.quantity), sku=row.sku,
                amount=formatting.money(row.expected)),
            [(self.tr("&Credit received"), f"{row.expected}"),
             (self.tr("Credit note &number"), "")],
            lambda t: warranty_claims.record_credit(self.context.actor, row.claim_id, t[0],
                                                    t[1]), self, context=self.context)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()


class LostSalesTab(QWidget):
    """Lost sales ranked by part or words over a period: count, quantity, last asked, why."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.since, self.until = _period(self, 3)
        for widget in (QLabel(self.tr("From")), self.since, QLabel(self.tr("to")), self.until):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.model = RowsModel([self.tr("Asked for"), self.tr("SKU"), self.tr("Times"),
                                self.tr("Qty"), self.tr("Last asked"), self.tr("Not stocked"),
                                self.tr("Out of stock"), self.tr("Price")], self)
        self.view = read_only_table(self.model, (240, 100, 60, 60, 140, 95, 100))
        layout.addWidget(self.view, 1)
        self.since.dateChanged.connect(self.refresh)
        self.until.dateChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.rows = lost_sales.ranking(self.context.actor, self.since.date().toPython(),
                                       self.until.date().toPython())
        self.summary.setText(self.tr("{count} lost sales of {items} parts or requests").format(
            count=sum(r.count for r in self.rows), items=len(self.rows)))
        self.model.set_rows([(r.label, r.sku, str(r.count), formatting.quantity(r.quantity),
                              formatting.datetime(r.last_at), str(r.not_stocked),
                              str(r.out_of_stock), str(r.price)) for r in self.rows])


class ComebacksTab(QWidget):
    """The owner's comebacks: warranty cost by technician and by part/supplier."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.since, self.until = _period(self, 1)
        for widget in (QLabel(self.tr("Invoiced from")), self.since, QLabel(self.tr("to")),
                       self.until):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.terms_button = QPushButton(self.tr("&Warranty terms…"))
        self.terms_button.clicked.connect(self.edit_terms)
        self.terms_button.setEnabled(context.can(Permission.CHANGE_SETTINGS))
        bar.addWidget(self.terms_button)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        groups = QHBoxLayout()
        headers = [self.tr("Comebacks"), self.tr("Warranty cost"), self.tr("Price forgone")]
        self.tech_model = RowsModel([self.tr("Technician"), *headers], self)
        self.part_model = RowsModel([self.tr("Part"), self.tr("Supplier"), self.tr("Qty"),
                                     *headers], self)
        groups.addWidget(read_only_table(self.tech_model, (130, 80, 95)), 2)
        groups.addWidget(read_only_table(self.part_model, (170, 120, 40, 80, 95)), 3)
        layout.addLayout(groups, 1)
        self.rows_model = RowsModel([self.tr("Comeback"), self.tr("Of"), self.tr("Invoiced"),
                                     self.tr("Customer"), self.tr("Vehicle"),
                                     self.tr("Technician"), self.tr("Cost"), self.tr("Reason")],
                                    self)
        layout.addWidget(read_only_table(self.rows_model, (100, 100, 90, 150, 150, 120, 80)), 1)
        self.since.dateChanged.connect(self.refresh)
        self.until.dateChanged.connect(self.refresh)
        self.refresh()

    def edit_terms(self) -> None:
        from shopdesk.gui.counter.warranty_dialog import WarrantyDialog

        self.terms_dialog = WarrantyDialog(self.context, self)
        if self.terms_dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def refresh(self) -> None:
        since, until = self.since.date().toPython(), self.until.date().toPython()
        if until < since:
            self.summary.setText(self.tr("The period ends before it starts"))
            return
        self.report = report = comebacks.summary(self.context.actor, since, until)
        self.summary.setText(self.tr(
            "Comebacks: {count} · warranty cost {cost} (parts {parts}, labour {labour}) · "
            "price not charged {forgone} · {claims} failed parts with suppliers, {expected} "
            "credit expected").format(
                count=report.count, cost=formatting.money(report.warranty_cost),
                parts=formatting.money(report.parts_cost),
                labour=formatting.money(report.labour_cost),
                forgone=formatting.money(report.price_forgone), claims=report.open_claims,
                expected=formatting.money(report.open_claims_expected)))
        self.tech_model.set_rows([(g.label, str(g.comebacks), formatting.money(g.cost),
                                   formatting.money(g.price_forgone))
                                  for g in report.by_technician])
        self.part_model.set_rows([(g.label, g.supplier, formatting.quantity(g.quantity),
                                   str(g.comebacks), formatting.money(g.cost),
                                   formatting.money(g.price_forgone)) for g in report.by_part])
        self.rows_model.set_rows([(r.number, r.original, formatting.date(r.invoiced_on),
                                   r.customer, r.vehicle, r.technician, formatting.money(r.cost),
                                   r.reason) for r in report.rows])


class CounterReports(QDialog):
    """Tabs: Cores, Lost sales, and Comebacks (owner)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 tab: str = "cores") -> None:
        super().__init__(parent)
        self.setObjectName("counterReports")
        self.setWindowTitle(self.tr("Counter reports"))
        size_within(self, 1000, 700)  # no larger than the window it opens over
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.cores = CoresTab(context, self)
        self.lost = LostSalesTab(context, self)
        self.tabs.addTab(self.cores, self.tr("&Cores"))
        self.tabs.addTab(self.lost, self.tr("&Lost sales"))
        self.comebacks: ComebacksTab | None = None
        if context.can(Permission.VIEW_OWNER_REPORTS):
            self.comebacks = ComebacksTab(context, self)
            self.tabs.addTab(self.comebacks, self.tr("Co&mebacks"))  # (Alt+B: Take back)
        layout.addWidget(self.tabs)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        wanted = {"cores": self.cores, "lost": self.lost, "comebacks": self.comebacks}[tab]
        if wanted is not None:
            self.tabs.setCurrentWidget(wanted)
        focus_first_field(self, self.tabs.currentWidget())  # not the tabs: the first field

