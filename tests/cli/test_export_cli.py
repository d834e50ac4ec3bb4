"""``shopdesk export …`` run as the accountant's helper would run it."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl

from shopdesk.io.accounting_formats import QUICKBOOKS_COLUMNS, XERO_COLUMNS
from tests.helpers.cli import run_shopdesk
from tests.io.export_shop import make_shop, money


def test_invoices_in_every_format_for_a_month(owner, db_url, tmp_path) -> None:
    shop = make_shop(owner)
    november = ("--from", "2026-11-01", "--to", "2026-11-30", "--db", db_url)
    done = run_shopdesk("export", "invoices", str(tmp_path / "sales.xlsx"), *november)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote 4 invoices and credit notes to ")
    sheet = openpyxl.load_workbook(tmp_path / "sales.xlsx")["Sales journal"]
    numbers = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert shop.outside.number not in numbers and shop.a.number in numbers
    for fmt, columns in (("xero", XERO_COLUMNS), ("quickbooks", QUICKBOOKS_COLUMNS)):
        path = tmp_path / f"{fmt}.csv"
        done = run_shopdesk("export", "invoices", str(path), "--format", fmt, *november)
        assert done.returncode == 0, done.stderr
        with open(path, encoding="utf-8-sig", newline="") as handle:
            assert next(csv.reader(handle)) == columns
    # the payments are taken at the till today; only the invoices carry November dates
    done = run_shopdesk("export", "payments", str(tmp_path / "pay.csv"), "--from",
                        "2026-11-01", "--to", dt.date.today().isoformat(), "--db", db_url)
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "pay.csv", encoding="utf-8-sig", newline="") as handle:
        amounts = [money(r["Amount"]) for r in csv.DictReader(handle)]
    assert sum(amounts) == shop.a.gross + money("20.00")


def test_records_and_everything(owner, db_url, tmp_path) -> None:
    make_shop(owner)
    for what in ("customers", "vehicles", "parts"):
        done = run_shopdesk("export", what, str(tmp_path / f"{what}.csv"), "--db", db_url)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Wrote 1 " if what != "parts" else "Wrote 2 ")
    done = run_shopdesk("export", "all", str(tmp_path / "all.xlsx"), "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert "invoice_line" in openpyxl.load_workbook(tmp_path / "all.xlsx",
                                                    read_only=True).sheetnames


def test_bad_requests_are_one_clear_line(owner, db_url, tmp_path) -> None:
    done = run_shopdesk("export", "parts", str(tmp_path / "x.csv"), "--format", "xero",
                        "--db", db_url)
    assert (done.returncode, done.stderr.strip()) == (
        1, "shopdesk: --format xero is for invoices; parts export as xlsx or csv")
    done = run_shopdesk("export", "invoices", str(tmp_path / "x.xlsx"), "--from",
                        "30/11/2026", "--db", db_url)
    assert done.returncode == 2 and "'30/11/2026' is not a date like 2026-11-30" in done.stderr
    done = run_shopdesk("export", "payments", str(tmp_path / "x.xlsx"), "--from",
                        "2026-12-01", "--to", "2026-11-01", "--db", db_url)
    assert done.returncode == 1 and "starts (2026-12-01) after it ends" in done.stderr
    done = run_shopdesk("export", "all", str(tmp_path / "x.csv"), "--db", db_url)
    assert done.returncode == 1 and ".xlsx" in done.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("x.")]  # nothing written
