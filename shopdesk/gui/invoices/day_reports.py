"""End-of-day cash-up and the receivables aging list, as small read-only dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from shopdesk import formatting
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.list_keys import open_on_enter
from shopdesk.gui.widgets.rows_model import RowsModel, read_only_table
from shopdesk.services.access import Actor
from shopdesk.services.sales import cash_up, receivables
from shopdesk.services.sales.payments import METHOD_LABELS


class CashUpDialog(QDialog):
    """Today's takings by method, the cash expected in the till, invoices and credit notes."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        report = cash_up.cash_up(actor)
        self.report = report
        self.setWindowTitle(self.tr("Cash-up – {date}").format(
                date=formatting.date(report.day)))
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        takings = RowsModel([self.tr("Method"), self.tr("Takings"), self.tr("Refunds")], self)
        takings.set_rows([(shown(label), formatting.money(report.takings[m]),
                           formatting.money(report.refunds[m]))
                          for m, label in METHOD_LABELS.items()])
        layout.addWidget(read_only_table(takings))
        self.expected = QLabel(self.tr("<b>Cash expected in the till: {money}</b> · all "
                                   "takings {money2}").format(money=formatting.money(
                                           report.expected_cash),
                                                   money2=formatting.money(report.total_takings)))
        layout.addWidget(self.expected)
        docs = RowsModel([self.tr("Number"), self.tr("Customer"), self.tr("Total"),
                self.tr("Still due")], self)
        docs.set_rows([(d.number, d.customer, formatting.money(d.gross), formatting.money(d.due))
                       for d in report.invoices + report.credit_notes])
        layout.addWidget(QLabel(self.tr("{count} invoices for {money}; {count2} credit notes "
                                    "for {money2}").format(count=len(report.invoices),
                                            money=formatting.money(report.invoiced),
                                                    count2=len(report.credit_notes),
                                                            money2=formatting.money(
                                                                    report.credited))))
        layout.addWidget(read_only_table(docs), 1)


class AgingDialog(QDialog):
    """Who owes what, by how late: current, 1–30, 31–60, 61–90, over 90 days."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor  # (who opens a customer's statement from here)
        self.setWindowTitle(self.tr("Receivables"))
        self.resize(820, 560)
        rows = receivables.aging(actor)
        totals = receivables.aging_totals(rows)
        model = RowsModel([self.tr("Customer"), self.tr("Current"), "1–30", "31–60", "61–90",
                "90+", self.tr("Total")],
                          self)
        money = formatting.money
        model.set_rows([(r.customer_name, *(money(r.buckets[b]) for b in receivables.BUCKETS),
                         money(r.total)) for r in rows]
                       + [("Total", *(money(totals[b]) for b in receivables.BUCKETS),
                           money(sum(totals.values())))])
        self.model = model
        self.customer_ids = [r.customer_id for r in rows] + [None]  # None: cash sales, total
        layout = QVBoxLayout(self)
        self.table = read_only_table(model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        open_on_enter(self.table, lambda _index: self.statement())
        layout.addWidget(self.table)
        self.statement_button = QPushButton(self.tr("&Statement…"))
        self.statement_button.setToolTip(self.tr("The selected customer's account statement "
                                                 "(or double-click the row)"))
        self.statement_button.clicked.connect(self.statement)
        layout.addWidget(self.statement_button)
        from shopdesk.gui.widgets.export_rows import RowsExport
        from shopdesk.io.exports.receivables import export_aging

        self.exporter = RowsExport(self, self.tr("Receivables"),
                                   lambda path: export_aging(rows, path))
        layout.addWidget(self.exporter.button)

    def selected_customer(self) -> int | None:
        """The customer on the selected row (None for the cash customer or the total)."""
        index = self.table.currentIndex()
        return self.customer_ids[index.row()] if index.isValid() else None

    def statement(self) -> None:
        """Open the selected customer's statement."""
        from shopdesk.gui.invoices.statement_dialog import StatementDialog

        customer_id = self.selected_customer()
        if customer_id is None:
            self.statement_button.setText(self.tr("&Statement… (pick a customer first)"))
            return
        self.last_statement = StatementDialog(self.actor, customer_id, self)
        self.last_statement.exec()
