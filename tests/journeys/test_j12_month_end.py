"""J12: month end. The owner opens last month's report on screen (Reports, Ctrl+8), then saves
it as a PDF and as an Excel workbook, with the keyboard only. The figures on screen, in the PDF
and in the workbook agree with each other and with the month's documents to the cent:
revenue, labour vs parts, tax. In a US shop in English and a Chinese shop in Chinese (the
PDF and the workbook follow the shop's language of documents).

Control keys: Ctrl+8; Alt+P, Enter (in the save dialog); Alt+E, Enter = 5. The file names are
typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from shopdesk import formatting, i18n
from shopdesk.models.invoices import Invoice, InvoiceLine
from shopdesk.reports import monthly_format as fmt
from tests.journeys.keyboard import ALT, CTRL, OFFSCREEN_POPUPS, Keys, modal
from tests.journeys.owner_shops import MonthOfWork, month_of_work

BUDGET = 5
#: The report's figures checked everywhere, by their key in the report.
CHECKED = ("revenue", "labour", "parts", "tax", "parts_cost", "gross_profit", "invoices",
           "credit_notes", "receivables")


@dataclass
class MonthEnd:
    work: MonthOfWork
    pdf: Path
    xlsx: Path


def expected(work: MonthOfWork) -> dict[str, Decimal | int]:
    """The figures worked out by hand in the builder."""
    return {"revenue": work.revenue, "labour": work.labour, "parts": work.parts,
            "tax": work.tax, "parts_cost": work.parts_cost, "gross_profit": work.gross_profit,
            "invoices": len(work.invoice_ids), "credit_notes": 1,
            "receivables": work.owed_at_month_end}


def shown(key: str, value: Decimal | int) -> str:
    """A figure as the screen and the PDF write it."""
    return formatting.money(value) if isinstance(value, Decimal) else formatting.number(value)


def save_as(keys: Keys, main, mnemonic: Qt.Key, target: Path):
    """Alt+<mnemonic> on the report, the file's name typed in the save dialog, Enter; until
    the window says the file is saved."""
    yield keys.press(mnemonic, ALT)
    yield keys.until(lambda: modal(QFileDialog), "the save dialog")
    dialog = modal(QFileDialog)  # the file name is where the typing goes
    assert dialog.focusWidget() is dialog.findChild(QLineEdit, "fileNameEdit")
    yield keys.type(str(target))
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: target.name in main.statusBar().currentMessage()
                     and QApplication.activeModalWidget() is None, f"{target.name} saved")
    assert target.exists()


def script(keys: Keys, main, situation: MonthEnd):
    work, figures = situation.work, expected(situation.work)
    # Reports (Ctrl+8): last month, added up in the background
    yield keys.press(Qt.Key.Key_8, CTRL)
    dashboard = main.screens["reports"]
    yield keys.until(lambda: dashboard.report is not None and not dashboard.busy,
                     "the month's report on screen")
    report = dashboard.report
    assert report.month.start == work.month
    assert formatting.month(work.month) in dashboard.status.text()
    tiles = {t.key: t.value.text() for t in dashboard.tiles}
    assert tiles["revenue"] == shown("revenue", work.revenue)
    assert tiles["gross_profit"] == shown("gross_profit", work.gross_profit)
    assert tiles["receivables"] == shown("receivables", work.owed_at_month_end)
    table = dashboard.tables["all"].model()
    rows = {report.kpis[r].key: (table.index(r, 0).data(), table.index(r, 1).data())
            for r in range(table.rowCount())}
    for key in CHECKED:
        assert rows[key][1] == shown(key, figures[key]), (key, rows[key])
    for grade, _count in report.grades:  # named as the customer file names them
        assert fmt.grade_name(grade) in dashboard.notes.text()
    # Save as PDF (Alt+P), then as Excel (Alt+E)
    yield from save_as(keys, main, Qt.Key.Key_P, situation.pdf)
    yield from save_as(keys, main, Qt.Key.Key_E, situation.xlsx)


def month_documents(work: MonthOfWork) -> dict[str, Decimal]:
    """What the month's issued documents hold, added up from the database."""
    docs = list(Invoice.select().where(Invoice.id.in_(work.document_ids)))
    assert {d.issue_date.month for d in docs} == {work.month.month}
    lines = list(InvoiceLine.select().where(InvoiceLine.invoice.in_(work.document_ids)))

    def net(kind: str) -> Decimal:  # (a credit note's lines carry negative amounts)
        return sum((line.discounted for line in lines if line.kind == kind), Decimal(0))

    return {"revenue": sum((d.net for d in docs), Decimal(0)), "labour": net("labour"),
            "parts": net("part"), "tax": sum((d.tax for d in docs), Decimal(0))}


def pdf_rows(path: Path, labels: dict[str, str]) -> dict[str, str]:
    """This month's figure in each label's row of the PDF's figure tables (the text reads
    one cell a line: the label, this month, the previous month, ...)."""
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    found = {}
    for key, label in labels.items():
        match = re.search(rf"^{re.escape(label)}\n (\S+)$", text, re.MULTILINE)
        assert match, (label, text[:1500])
        found[key] = match.group(1)
    return found


@OFFSCREEN_POPUPS  # typing a path in Qt's own file dialog pops its completer up
def test_month_end_report_on_screen_then_pdf_and_excel(qtbot, shop, window, tmp_path):
    work = month_of_work(shop)
    situation = MonthEnd(work, tmp_path / "month-end.pdf", tmp_path / "month-end.xlsx")
    main = window(shop.owner)
    keys = Keys(qtbot, main)
    keys.run(script(keys, main, situation))
    assert keys.control <= BUDGET, keys.log

    figures = expected(work)
    # the documents themselves add up to the figures worked out by hand
    documents = month_documents(work)
    for key in ("revenue", "labour", "parts", "tax"):
        assert documents[key] == figures[key], key
    # the PDF, in the shop's language of documents, says the same to the cent
    with i18n.documents():
        labels = {k.key: k.label for k in main.screens["reports"].report.kpis
                  if k.key in CHECKED}
        in_pdf = pdf_rows(situation.pdf, labels)
        for key in CHECKED:
            assert in_pdf[key] == shown(key, figures[key]), (key, in_pdf[key])
        pdf_text = "".join(page.extract_text() for page in PdfReader(situation.pdf).pages)
        assert formatting.month(work.month) in pdf_text
    # the workbook: real numbers, the same figures, labelled in the same language
    summary = openpyxl.load_workbook(situation.xlsx).worksheets[0]
    cells = {row[0].value: row[1].value for row in summary.iter_rows(min_row=4)
             if row[0].value}
    for key in CHECKED:
        value = cells[labels[key]]
        assert isinstance(value, int | float), (key, value)
        assert Decimal(str(value)) == figures[key], (key, value)
    assert formatting.month(work.month) in str(summary["B3"].value)
