"""From the customer file: survey statistics (averages per dimension and NPS, by month and
over the period) and the knowledge base of answered inquiries."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from shopdesk.gui.customers.crm_insights import KnowledgeBaseDialog, SurveyStatsDialog
from shopdesk.services.crm import inquiries, surveys
from shopdesk.services.crm.surveys import Answers
from tests.services.customer_helpers import person


def _next_modal(seen: list) -> None:
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        dialog.accept()
    QTimer.singleShot(0, poll)


def test_survey_statistics_by_month_with_nps(qtbot, clerk):
    ann = person(clerk)
    march, april = dt.date(2026, 3, 10), dt.date(2026, 4, 2)
    surveys.record(clerk, ann.id, Answers(5, 4, 3, 5, 10), on=march)  # promoter
    surveys.record(clerk, ann.id, Answers(3, 2, 3, 4, 5), on=march)  # detractor
    surveys.record(clerk, ann.id, Answers(4, 4, 4, 4, 9), on=april)  # promoter
    dialog = SurveyStatsDialog(clerk, today=dt.date(2026, 11, 23))
    qtbot.addWidget(dialog)
    rows = [dialog.model.row(r) for r in range(dialog.model.rowCount())]
    assert rows == [("2026-03", "2", "4.00", "3.00", "3.00", "4.50", "+0"),
                    ("2026-04", "1", "4.00", "4.00", "4.00", "4.00", "+100"),
                    ("All", "3", "4.00", "3.33", "3.33", "4.33", "+33")]
    assert "3 surveys · NPS +33" in dialog.summary.text()
    dialog.start.setDate(dialog.start.date().addYears(2))  # after the end: nothing
    assert dialog.model.rowCount() == 0 and "No surveys" in dialog.summary.text()


def test_knowledge_base_finds_answers_by_every_word(qtbot, clerk):
    inquiries.ask(clerk, None, "Do you fit winter tyres?", "Yes, from October; book early.")
    inquiries.ask(clerk, None, "Can I wait while the oil is changed?", "Yes, about 40 minutes.")
    inquiries.ask(clerk, None, "Do you sell used cars?")  # not answered: not in the base
    dialog = KnowledgeBaseDialog(clerk)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2 and dialog.count.text() == "2 answer(s)"
    qtbot.keyClicks(dialog.find, "winter book")
    assert [dialog.model.row(r)[1] for r in range(dialog.model.rowCount())] == [
        "Do you fit winter tyres?"]
    dialog.find.setText("cars")
    assert dialog.model.rowCount() == 0


def test_both_open_from_the_customer_file(qtbot, make_window, clerk):
    ann = person(clerk)
    window = make_window(clerk)
    view = window.show_screen("customers").file_view
    view.show_customer(ann.id)
    seen: list = []
    _next_modal(seen)
    view.survey_statistics()
    _next_modal(seen)
    view.knowledge_base()
    assert [type(d) for d in seen] == [SurveyStatsDialog, KnowledgeBaseDialog]
    texts = [b.text() for b in view.surveys.findChildren(type(view.back_button))]
    assert "Statistics…" in texts
