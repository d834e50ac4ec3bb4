"""Shop-wide views reached from the customer file: survey statistics (averages per
dimension and NPS, by month) and the knowledge base of answered inquiries."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.widgets.list_keys import first_row_current
from shopdesk.gui.widgets.rows_model import RowsModel, read_only_table
from shopdesk.services.access import Actor
from shopdesk.services.crm import inquiries, surveys
from shopdesk.services.crm.surveys import DIMENSIONS


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


class SurveyStatsDialog(QDialog):
    """Averages (1–5) per dimension and the NPS (-100..100) per month, and over the period."""

    def __init__(self, actor: Actor, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("surveyStats")
        self.setWindowTitle(self.tr("Survey statistics"))
        self.resize(760, 480)
        today = today or dt.date.today()
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.start = QDateEdit(_qdate(dt.date(today.year - 1, today.month, 1)))
        self.end = QDateEdit(_qdate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.refresh)
        bar.addWidget(QLabel(self.tr("From")))
        bar.addWidget(self.start)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.end)
        bar.addStretch(1)
        layout.addLayout(bar)
        titles = {"quality": self.tr("Quality"), "price": self.tr("Price"),
                  "speed": self.tr("Speed"), "staff": self.tr("Staff")}
        self.model = RowsModel([self.tr("Month"), self.tr("Surveys"),
                                *(titles.get(d, d) for d in DIMENSIONS), self.tr("NPS")], self)
        layout.addWidget(read_only_table(self.model), 1)
        self.summary = QLabel()
        self.summary.setObjectName("surveySummary")
        layout.addWidget(self.summary)
        self.refresh()

    def refresh(self) -> None:
        """Recompute for the chosen period."""
        start, end = self.start.date().toPython(), self.end.date().toPython()
        rows = surveys.monthly_stats(self.actor, start, end) if start <= end else []
        total = surveys.overall(self.actor, start, end) if start <= end else None
        lines = [(r.month, str(r.count), *(f"{r.averages[d]:.2f}" for d in DIMENSIONS),
                  f"{r.nps:+d}") for r in rows]
        if total is not None:
            count, averages, nps = total.count, total.averages, total.nps
            lines.append((self.tr("All"), str(count),
                          *(f"{averages[d]:.2f}" for d in DIMENSIONS), f"{nps:+d}"))
            self.summary.setText(self.tr("{count} surveys · NPS {nps:+d} (promoters 9–10 less "
                                         "detractors 0–6, in % of answers)").format(
                count=count, nps=nps))
        else:
            self.summary.setText(self.tr("No surveys in this period."))
        self.model.set_rows(lines)


class KnowledgeBaseDialog(QDialog):
    """Answered inquiries, searched by every word typed (question or answer)."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("knowledgeBase")
        self.setWindowTitle(self.tr("Knowledge base"))
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.find = QLineEdit()
        self.find.setPlaceholderText(self.tr("Words in the question or the answer"))
        self.find.setClearButtonEnabled(True)
        self.find.textChanged.connect(self.refresh)
        bar.addWidget(self.find, 1)
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        bar.addWidget(close)
        layout.addLayout(bar)
        self.model = RowsModel([self.tr("Answered"), self.tr("Question"), self.tr("Answer")],
                               self)
        self.view = read_only_table(self.model)
        self.view.setWordWrap(True)
        layout.addWidget(self.view, 1)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.refresh()

    def refresh(self) -> None:
        """Show the answered inquiries matching the words typed (newest first)."""
        found = inquiries.knowledge_base(self.actor, self.find.text())
        self.model.set_rows([(formatting.date(q.answered_at), q.question, q.answer)
                             for q in found])
        self.view.resizeRowsToContents()
        first_row_current(self.view)
        self.count.setText(self.tr("{count} answer(s)").format(count=len(found)))
