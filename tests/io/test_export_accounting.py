"""The accountant's files read back to the cent: sales journal, payments, Xero, QuickBooks."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest

from shopdesk.errors import ValidationError
from shopdesk.io.accounting import Period, export_payments, export_sales
from shopdesk.io.accounting_formats import QUICKBOOKS_COLUMNS, XERO_COLUMNS, export_package
from shopdesk.models.invoices import Invoice, InvoiceStatus, Payment
from shopdesk.money import ZERO
from tests.io.export_shop import NOVEMBER, make_shop, money

PERIOD = Period(*NOVEMBER)
#: The payments are taken at the till today (its clock, not the invoices' November dates).
PAYMENTS_PERIOD = Period(NOVEMBER[0], dt.date.today())


def _issued_in_november() -> list[Invoice]:
    return list(Invoice.select().where((Invoice.status == InvoiceStatus.ISSUED.value)
                                       & Invoice.issue_date.between(*NOVEMBER)))


def _sheet_rows(path, name):
    sheet = openpyxl.load_workbook(path)[name]
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True)]


def _csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _check_journal(rows, shop) -> None:
    by_number = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for row in rows:
        net, tax, gross = money(row["Net"]), money(row["Tax"]), money(row["Gross"])
        assert net + tax == gross, row
        sums = by_number[row["Number"]]
        sums[0] += net
        sums[1] += tax
        sums[2] += gross
    documents = _issued_in_november()
    assert set(by_number) == {d.number for d in documents}
    assert shop.outside.number not in by_number and shop.draft.number is None
    for doc in documents:  # the rows of a document add up to its printed totals
        assert by_number[doc.number] == [doc.net, doc.tax, doc.gross], doc.number
    assert by_number[shop.credit.number][2] < 0  # credit notes are negative


def test_sales_journal_xlsx_adds_up_per_rate_and_in_total(db, owner, tmp_path) -> None:
    shop = make_shop(owner)
    path = tmp_path / "sales.xlsx"
    summary = export_sales(owner, path, PERIOD)
    rows = _sheet_rows(path, "Sales journal")
    _check_journal(rows, shop)
    a_rows = {r["Tax code"]: r for r in rows if r["Number"] == shop.a.number}
    assert set(a_rows) == {"STD", "RED", "ZERO"}
    # A: 2 x 9.99 + 1.5 h x 80.00 = 139.98 at 20 %; the seat 49.99 at 5 %; the fee at 0 %
    assert (money(a_rows["STD"]["Net"]), money(a_rows["STD"]["Tax"])) == (
        Decimal("139.98"), Decimal("28.00"))
    assert (money(a_rows["RED"]["Net"]), money(a_rows["RED"]["Tax"])) == (
        Decimal("49.99"), Decimal("2.50"))
    assert money(a_rows["ZERO"]["Gross"]) == Decimal("54.85")
    assert a_rows["STD"]["Date"] == dt.datetime(2026, 11, 2)
    credit = next(r for r in rows if r["Number"] == shop.credit.number)
    assert credit["Type"] == "Credit note" and credit["Credits invoice"] == shop.a.number
    documents = _issued_in_november()
    total = [sum((getattr(d, f) for d in documents), ZERO) for f in ("net", "tax", "gross")]
    assert [summary.net, summary.tax, summary.gross] == total
    totals = _sheet_rows(path, "Totals by tax rate")
    everything = totals[-1]
    assert everything["Tax code"] == "All rates" and everything["Documents"] == len(documents)
    assert [money(everything[k]) for k in ("Net", "Tax", "Gross")] == total
    assert sum(money(r["Gross"]) for r in totals[:-1]) == total[2]
    lines = _sheet_rows(path, "Invoice lines")
    assert sum(money(r["Amount"]) for r in lines if r["Number"] == shop.credit.number) == \
        Decimal("-9.99")
    assert {r["SKU"] for r in lines} >= {"OF-100", "CS-200"}
    assert {r["Kind"] for r in lines} >= {"Part", "Labour"}  # as a person reads them
    # a description a spreadsheet could run stays text
    assert any(r["Description"] == "-Wiper blades, fitted" for r in lines)


def test_sales_journal_csv_has_the_same_figures(db, owner, tmp_path) -> None:
    shop = make_shop(owner)
    path = tmp_path / "sales.csv"
    export_sales(owner, path, PERIOD)
    rows = _csv_rows(path)
    _check_journal(rows, shop)
    assert rows[0]["Date"] == "2026-11-02"


def test_payments_journal_lists_the_period_with_totals(db, owner, tmp_path) -> None:
    shop = make_shop(owner)
    path = tmp_path / "payments.xlsx"
    summary = export_payments(owner, path, PAYMENTS_PERIOD)
    rows = _sheet_rows(path, "Payments")
    taken = list(Payment.select())
    assert len(rows) == len(taken) == summary.rows
    assert sum(money(r["Amount"]) for r in rows) == sum((p.amount for p in taken), ZERO)
    card = next(r for r in rows if r["Method"] == "Card")  # as the payment dialog names it
    assert card["Invoice"] == shop.a.number and money(card["Amount"]) == shop.a.gross
    assert isinstance(card["Date"], dt.datetime)
    totals = _sheet_rows(path, "Totals by method")
    assert totals[-1]["Method"] == "All methods"
    assert money(totals[-1]["Amount"]) == summary.gross
    # a period before any payment is empty, not an error
    assert export_payments(owner, tmp_path / "none.csv", Period(dt.date(2020, 1, 1),
                                                         dt.date(2020, 1, 31))).rows == 0


def _line_amount(quantity: str, unit: str, discount: str) -> Decimal:
    gross = Decimal(quantity) * Decimal(unit) * (100 - Decimal(discount or 0)) / 100
    return gross.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_xero_file_has_xeros_columns_dates_and_exact_amounts(db, owner, tmp_path) -> None:
    shop = make_shop(owner)
    path = tmp_path / "xero.csv"
    export_package(owner, "xero", path, PERIOD, locale="en_GB")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == XERO_COLUMNS
    rows = _csv_rows(path)
    by_doc_rate = defaultdict(lambda: ZERO)
    for row in rows:
        key = (row["*InvoiceNumber"], row["*TaxType"])
        by_doc_rate[key] += _line_amount(row["*Quantity"], row["*UnitAmount"], row["Discount"])
    a = [r for r in rows if r["*InvoiceNumber"] == shop.a.number]
    assert a[0]["*InvoiceDate"] == "02/11/2026"  # DD/MM/YYYY
    assert a[0]["*ContactName"] == "Ann Smith" and a[0]["*AccountCode"] == "200"
    assert {r["*TaxType"] for r in a} == {"Standard 20%", "Reduced 5%", "Zero rated"}
    assert by_doc_rate[(shop.a.number, "Standard 20%")] == Decimal("139.98")
    # B had 10 % off the whole invoice: each line is one unit at its discounted amount
    b = [r for r in rows if r["*InvoiceNumber"] == shop.b.number]
    assert sum(by_doc_rate[(shop.b.number, t)] for t in {r["*TaxType"] for r in b}) == \
        shop.b.subtotal - shop.b.discount
    credit = [r for r in rows if r["*InvoiceNumber"] == shop.credit.number]
    assert credit[0]["*Quantity"] == "-1" and credit[0]["Reference"] == \
        f"Credit for {shop.a.number}"
    assert sum(v for (n, _t), v in by_doc_rate.items() if n == shop.credit.number) == \
        shop.credit.net
    assert {r["*InvoiceNumber"] for r in rows} == {d.number for d in _issued_in_november()}
    # CSV: text a spreadsheet could run as a formula gets a leading quote
    assert any(r["*Description"].startswith("'-Wiper blades, fitted") for r in b)


def test_xero_dates_are_month_first_for_a_us_shop(db, owner, tmp_path) -> None:
    shop = make_shop(owner)
    export_package(owner, "xero", tmp_path / "xero.csv", PERIOD, locale="en_US")
    row = next(r for r in _csv_rows(tmp_path / "xero.csv")
               if r["*InvoiceNumber"] == shop.b.number)
    assert row["*InvoiceDate"] == "11/05/2026"


def test_quickbooks_file_lines_add_up_to_each_invoice(db, owner, tmp_path) -> None:
    shop = make_shop(owner)
    path = tmp_path / "qb.csv"
    summary = export_package(owner, "quickbooks", path, PERIOD, locale="en_US")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == QUICKBOOKS_COLUMNS
    rows = _csv_rows(path)
    documents = {d.number: d for d in _issued_in_november()}
    assert summary.documents == len(documents)
    for number, doc in documents.items():
        lines = [r for r in rows if r["InvoiceNo"] == number]
        amount = sum(Decimal(r["ItemAmount"]) for r in lines)
        tax = sum(Decimal(r["ItemTaxAmount"]) for r in lines)
        assert tax == doc.tax, number
        assert amount + (ZERO if doc.prices_include_tax else tax) == doc.gross, number
    first = next(r for r in rows if r["InvoiceNo"] == shop.a.number)
    assert first["InvoiceDate"] == "11/02/2026" and first["Customer"] == "Ann Smith"
    assert first["Item(Product/Service)"] == "OF-100"
    labour = next(r for r in rows if r["ItemDescription"] == "Labour: oil service")
    assert labour["Item(Product/Service)"] == "Labour" and labour["ItemQuantity"] == "1.5"
    assert next(r for r in rows if r["InvoiceNo"] == shop.credit.number)["ItemAmount"] == \
        "-9.99"


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError, match="starts"):
        Period(dt.date(2026, 12, 1), dt.date(2026, 11, 1))


def test_only_the_owner_exports_the_shops_figures(db, clerk, tmp_path) -> None:
    from shopdesk.errors import AccessDenied
    from shopdesk.io.exports.all_data import export_all

    for export in (lambda p: export_sales(clerk, p, PERIOD),
                   lambda p: export_payments(clerk, p, PERIOD),
                   lambda p: export_package(clerk, "xero", p, PERIOD),
                   lambda p: export_all(clerk, p)):
        with pytest.raises(AccessDenied, match="clerk cannot see the owner's reports"):
            export(tmp_path / "x.xlsx")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("x.")]
