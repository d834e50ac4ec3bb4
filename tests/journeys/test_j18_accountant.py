"""J18: the accountant's files for last month, exported from the window with the keyboard only
(File → Accountant export…: the sales journal and the payments journal as workbooks, the Xero
and QuickBooks Online invoice imports as CSV), then opened in a spreadsheet: every document's
net, tax and total and every invoice's payments agree with the printed documents to the cent.
In a US shop in English and a Chinese shop in Chinese (the files follow the shop's language of
documents).

There is no purchases journal yet: supplier invoices and payables are a later issue.

Control keys: Alt+F, C; Enter, Enter (sales journal); Alt+E, Down, Enter, Enter (payments);
Alt+E, Up, Alt+F, Down, Down, Enter, Enter (Xero); Alt+F, Down, Enter, Enter (QuickBooks);
Esc = 20. File names are typed.

"Opened in a spreadsheet": the workbooks are read back with openpyxl and python-calamine, the
CSV files as CSV; and, where LibreOffice is installed, Calc itself opens every file, computes
per-document sums with formulas beside the data and shows the money cells as it formats them
(a test of its own, skipped without LibreOffice).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from shopdesk import formatting, i18n
from shopdesk.gui.dialogs.accountant_export import AccountantExportDialog
from shopdesk.i18n import translate
from shopdesk.models.invoices import Invoice
from shopdesk.models.settings import TaxRate
from shopdesk.printing.invoice import render_invoice
from shopdesk.services.access import COMMAND_LINE
from tests.journeys import spreadsheet
from tests.journeys.keyboard import ALT, OFFSCREEN_POPUPS, Keys, modal
from tests.journeys.owner_shops import MonthOfWork, month_of_work

KEYS = 20
ZERO = Decimal(0)


@dataclass
class Exports:
    work: MonthOfWork
    sales: Path
    payments: Path
    xero: Path
    quickbooks: Path


def export_to(keys: Keys, dialog: AccountantExportDialog, target: Path):
    """Enter (Export…, the default button), the file's name typed in the save dialog, Enter;
    until the dialog says where it was written."""
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(QFileDialog), "the save dialog")
    yield keys.type(str(target))
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(AccountantExportDialog) is dialog
                     and str(target) in dialog.message.text(), f"{target.name} written")


def script(keys: Keys, main, situation: Exports):
    work = situation.work
    # File (Alt+F) → Accountant export… (C): last month, the sales journal, a workbook
    yield keys.press(Qt.Key.Key_F, ALT)
    yield keys.press(Qt.Key.Key_C)
    yield keys.until(lambda: modal(AccountantExportDialog), "the Accountant export dialog")
    dialog = modal(AccountantExportDialog)
    assert dialog.period() == (work.month, work.last_day)
    assert (dialog.what.currentData(), dialog.format.currentData()) == ("invoices", "xlsx")
    yield from export_to(keys, dialog, situation.sales)
    assert formatting.money(work.gross) in dialog.message.text()
    # the payments journal (Alt+E, Down)
    yield keys.press(Qt.Key.Key_E, ALT)
    yield keys.press(Qt.Key.Key_Down)
    assert dialog.what.currentData() == "payments"
    yield from export_to(keys, dialog, situation.payments)
    # the sales again (Alt+E, Up) as Xero's invoice import (Alt+F, Down twice)
    yield keys.press(Qt.Key.Key_E, ALT)
    yield keys.press(Qt.Key.Key_Up)
    yield keys.press(Qt.Key.Key_F, ALT)
    yield keys.press(Qt.Key.Key_Down)
    yield keys.press(Qt.Key.Key_Down)
    assert (dialog.what.currentData(), dialog.format.currentData()) == ("invoices", "xero")
    yield from export_to(keys, dialog, situation.xero)
    # and as QuickBooks Online's (Alt+F, Down)
    yield keys.press(Qt.Key.Key_F, ALT)
    yield keys.press(Qt.Key.Key_Down)
    assert dialog.format.currentData() == "quickbooks"
    yield from export_to(keys, dialog, situation.quickbooks)
    yield keys.press(Qt.Key.Key_Escape)
    yield keys.until(lambda: modal(AccountantExportDialog) is None, "the dialog closed")


def run_the_journey(qtbot, shop, window, folder: Path) -> Exports:
    """Last month's work, then the accountant's four files exported from the window."""
    situation = Exports(month_of_work(shop), folder / "sales.xlsx", folder / "payments.xlsx",
                        folder / "xero.csv", folder / "quickbooks.csv")
    main = window(shop.owner)
    keys = Keys(qtbot, main)
    keys.run(script(keys, main, situation))
    assert keys.control == KEYS, keys.log
    return situation


# --- the printed documents -----------------------------------------------------------------
@dataclass
class Printed:
    """What one printed invoice or credit note says (a credit note's figures negative, as
    the journals book them)."""

    number: str
    word: str  # INVOICE / CREDIT NOTE as printed
    customer: str
    net: Decimal
    tax: Decimal
    gross: Decimal
    paid: Decimal | None  # invoices only
    received: str  # the "Received with thanks: ..." line ("" for none)
    shown_gross: str  # the total as printed ("$231.00")


def amount(text: str) -> Decimal:
    """A printed amount ("$1,039.60", "-¥39.55") as a number."""
    return Decimal(re.sub(r"[^\d.\-]", "", text))


def printed_documents(work: MonthOfWork) -> dict[str, Printed]:
    """Each of the month's documents printed (as the shop prints them) and read back."""
    found = {}
    with i18n.documents():  # the labels in the documents' language
        label = {key: translate("Printing", text) for key, text in (
            ("subtotal", "Subtotal (excl. tax)"), ("total", "Total"),
            ("credit_total", "Credit total"), ("paid", "Paid"), ("bill_to", "Bill to"),
            ("number", "Number"), ("invoice", "INVOICE"), ("credit", "CREDIT NOTE"))}
        tax_prefix = translate("Printing", "Tax {rate} on {net}").split("{")[0]
        received = translate("Printing", "Received with thanks: {payments}.").split("{")[0]
        for doc in Invoice.select().where(Invoice.id.in_(work.document_ids)):
            pdf = render_invoice(COMMAND_LINE, doc.id)
            text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
            lines = [line.strip() for line in text.splitlines()]

            def after(name: str, lines=lines) -> str:
                return lines[lines.index(label[name]) + 1]

            credit = label["credit"] in lines
            sign = -1 if credit else 1
            taxes = [lines[i + 1] for i, line in enumerate(lines)
                     if line.startswith(tax_prefix) and "%" in line]
            gross = after("credit_total" if credit else "total")
            thanks = next((line for line in lines if line.startswith(received)), "")
            found[after("number")] = Printed(
                after("number"), label["credit" if credit else "invoice"], after("bill_to"),
                sign * amount(after("subtotal")), sign * sum(map(amount, taxes), ZERO),
                sign * amount(gross), None if credit else amount(after("paid")), thanks,
                gross)
    assert len(found) == 4
    return found


def by_number(rows: list[list], number: int, columns: list[int]) -> dict[str, list[Decimal]]:
    """Column sums of the rows of each document (``number``: the column of its number)."""
    sums: dict[str, list[Decimal]] = {}
    for row in rows:
        if row[number]:
            totals = sums.setdefault(row[number], [ZERO] * len(columns))
            for i, col in enumerate(columns):
                totals[i] += spreadsheet.money(row[col]) if row[col] not in (None, "") \
                    else ZERO
    return sums


# --- the journey ---------------------------------------------------------------------------
@OFFSCREEN_POPUPS  # the File menu; the file dialog's completer
def test_the_accountants_files_agree_with_the_printed_documents(qtbot, shop, window,
                                                                tmp_path):
    exports = run_the_journey(qtbot, shop, window, tmp_path)
    work = exports.work
    paper = printed_documents(work)
    invoices = {n: p for n, p in paper.items() if p.paid is not None}
    with i18n.documents():
        cash_customer = translate("Labels", "Cash customer")
    customers = {p.customer for p in paper.values()}
    assert cash_customer in customers  # (in the shop's language)
    assert customers >= ({"张伟", "李娜"} if shop.chinese else {"Ann Smith", "Bob Jones"})
    # the printed documents add up to the month worked out by hand
    assert sum((p.net for p in paper.values()), ZERO) == work.revenue
    assert sum((p.tax for p in paper.values()), ZERO) == work.tax
    assert sum((p.gross for p in paper.values()), ZERO) == work.gross

    for read in (spreadsheet.cells_openpyxl, spreadsheet.cells_calamine):
        # the sales journal: date, number, type, customer, ..., net, tax, gross
        sales = read(exports.sales)
        journal_name, totals_name = list(sales)[:2]
        journal = sales[journal_name][1:]
        sums = by_number(journal, 1, [8, 9, 10])
        assert set(sums) == set(paper)
        for number, (net, tax, gross) in sums.items():
            assert (net, tax, gross) == (paper[number].net, paper[number].tax,
                                         paper[number].gross), (read.__name__, number)
        for row in journal:  # each document's type and customer as printed on it
            assert row[2] == (work.documents_word if row[1] in invoices else work.credit_word)
            assert row[3] == paper[row[1]].customer
        all_rates = sales[totals_name][-1]
        assert [spreadsheet.money(v) for v in all_rates[3:6]] == [work.revenue, work.tax,
                                                                  work.gross]
        # the payments journal: date, method, amount, applied, refund, invoice, customer
        taken = read(exports.payments)
        payments = next(iter(taken.values()))[1:]
        paid = by_number(payments, 5, [2])
        assert {n: v[0] for n, v in paid.items()} == {n: p.paid for n, p in invoices.items()
                                                      if p.paid}
        for row in payments:
            if spreadsheet.money(row[2]) > 0:  # each payment on its printed invoice
                assert f"{row[1]} {formatting_money(row[2])}" in invoices[row[5]].received
        assert [(spreadsheet.money(r[2])) for r in payments] == [a for _m, a in work.payments]

    # Xero: a row per line; quantity x unit amount per invoice is its net; tax by tax type
    xero = spreadsheet.rows_csv(exports.xero)
    head, rows = xero[0], xero[1:]
    col = {name: head.index(name) for name in head}
    tax_names = {t.name: t.rate for t in TaxRate.select()}
    lines: dict[str, Decimal] = {}
    for row in rows:
        number = row[col["*InvoiceNumber"]]
        lines[number] = lines.get(number, ZERO) + (
            Decimal(row[col["*Quantity"]]) * Decimal(row[col["*UnitAmount"]]))
        assert row[col["*TaxType"]] in tax_names and row[col["Currency"]] == (
            "CNY" if shop.chinese else "USD")
        assert row[col["*ContactName"]] == paper[number].customer
    assert lines == {n: p.net for n, p in paper.items()}
    for number, net in lines.items():  # the rate Xero applies gives the printed tax
        rate = tax_names[next(r[col["*TaxType"]] for r in rows
                              if r[col["*InvoiceNumber"]] == number)]
        assert (net * rate / 100).quantize(Decimal("0.01"), "ROUND_HALF_UP") == \
            paper[number].tax
    # QuickBooks Online: item amounts are the net, item tax amounts the tax, per invoice
    quickbooks = spreadsheet.rows_csv(exports.quickbooks)
    head, rows = quickbooks[0], quickbooks[1:]
    sums = by_number(rows, head.index("InvoiceNo"),
                     [head.index("ItemAmount"), head.index("ItemTaxAmount")])
    assert {n: (net, tax) for n, (net, tax) in sums.items()} == {
        n: (p.net, p.tax) for n, p in paper.items()}


def formatting_money(value: object) -> str:
    """An exported amount as the printed documents write money."""
    with i18n.documents():
        return formatting.money(spreadsheet.money(value))


@pytest.mark.skipif(spreadsheet.LIBREOFFICE is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("shop", ["US", "CN"], indirect=True)
@OFFSCREEN_POPUPS
def test_libreoffice_calc_computes_the_same_figures_as_the_printed_documents(
        qtbot, shop, window, tmp_path):
    exports = run_the_journey(qtbot, shop, window, tmp_path / "exported")
    paper = printed_documents(exports.work)
    invoices = {n: p for n, p in paper.items() if p.paid is not None}
    profile = tmp_path / "calc-profile"
    opened = spreadsheet.csv_to_xlsx([exports.xero, exports.quickbooks], tmp_path / "calc",
                                     profile)
    sales_sheet, payments_sheet = (next(iter(spreadsheet.cells_openpyxl(p)))
                                   for p in (exports.sales, exports.payments))
    n = 20  # rows each formula covers (more than any file has)

    def sumif(sheet: str, key: str, over: str, number: str) -> str:
        return (f'=SUMIF({spreadsheet.column(sheet, key, n)},"{number}",'
                f'{spreadsheet.column(sheet, over, n)})')

    def sumproduct(sheet: str, key: str, number: str, *columns: str) -> str:
        product = "*".join(spreadsheet.column(sheet, c, n) for c in columns)
        return f'=SUMPRODUCT(({spreadsheet.column(sheet, key, n)}="{number}")*{product}'

    formulas = {
        "sales": (exports.sales, {
            **{f"{num} {what}": sumif(sales_sheet, "B", letter, num)
               for num in paper for what, letter in (("net", "I"), ("tax", "J"),
                                                     ("gross", "K"))}}),
        "payments": (exports.payments, {f"{num} paid": sumif(payments_sheet, "F", "C", num)
                                        for num in invoices}),
        "xero": (opened[exports.xero], {f"{num} net": sumproduct("xero", "K", num, "Q", "R")
                                        for num in paper}),
        "quickbooks": (opened[exports.quickbooks], {
            **{f"{num} {what}": sumif("quickbooks", "A", letter, num)
               for num in paper for what, letter in (("net", "K"), ("tax", "M"))}}),
    }
    shown = spreadsheet.computed_by_calc(formulas, tmp_path / "calc", profile)
    computed = {name: {label: Decimal(value) for label, value in sheets[spreadsheet.CHECK]}
                for name, sheets in shown.items()}
    for num, p in paper.items():
        assert [computed["sales"][f"{num} {w}"] for w in ("net", "tax", "gross")] == [
            p.net, p.tax, p.gross], num
        assert computed["xero"][f"{num} net"] == p.net, num
        assert [computed["quickbooks"][f"{num} {w}"] for w in ("net", "tax")] == [
            p.net, p.tax], num
    for num, p in invoices.items():
        assert computed["payments"][f"{num} paid"] == p.paid, num
    # the journal's gross as Calc shows it is the total as printed (a credit note's less)
    journal = shown["sales"][sales_sheet][1:]
    for row in journal:
        printed = paper[row[1]]
        if row[1] in invoices:
            assert row[10] == printed.shown_gross, (row, printed)
        else:
            assert row[10] == "-" + printed.shown_gross, (row, printed)
