"""``shopdesk import``: run as a user would; summary, rejected rows, error workbook, exit code."""

from __future__ import annotations

from decimal import Decimal

import openpyxl

from shopdesk.models.parts import Part
from tests.helpers.cli import run_shopdesk


def test_import_parts_dry_run_then_for_real_with_an_error_workbook(owner, db_url, tmp_path):
    path = tmp_path / "parts.csv"
    path.write_text("SKU,Name,Price\nA-1,Oil filter,\"1,234.50\"\nA 2,Bad,1\nA-3,Pads,4\n",
                    encoding="utf-8")
    dry = run_shopdesk("import", "parts", str(path), "--dry-run", "--db", db_url)
    assert dry.returncode == 1, dry.stderr
    assert dry.stdout.splitlines() == [
        "Row 3, SKU: 1–40 letters, digits, . _ / - (no spaces)",
        "Would import from parts.csv: 2 created, 0 updated, 0 unchanged, 1 rejected"]
    assert Part.select().count() == 0
    nothing = run_shopdesk("import", "parts", str(path), "--all-or-nothing", "--db", db_url)
    assert nothing.returncode == 1
    assert "Nothing imported from parts.csv" in nothing.stdout and Part.select().count() == 0
    errors = tmp_path / "rejected.xlsx"
    done = run_shopdesk("import", "parts", str(path), "--errors", str(errors), "--db", db_url)
    assert done.returncode == 1
    assert "Imported from parts.csv: 2 created, 0 updated, 0 unchanged, 1 rejected" in \
        done.stdout
    assert f"1 rejected rows written to {errors}" in done.stdout
    assert Part.select().count() == 2
    sheet = openpyxl.load_workbook(errors).active
    sheet["A2"] = "A-2"
    sheet.parent.save(errors)
    fixed = run_shopdesk("import", "parts", str(errors), "--db", db_url)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert fixed.stdout.strip().endswith("1 created, 0 updated, 0 unchanged, 0 rejected")


def test_import_of_something_that_is_not_a_workbook_says_so(owner, db_url, tmp_path):
    path = tmp_path / "customers.xlsx"
    path.write_bytes(b"%PDF-1.7 not a sheet")
    result = run_shopdesk("import", "customers", str(path), "--db", db_url)
    assert result.returncode == 1
    assert result.stderr.strip() == ("shopdesk: customers.xlsx is a PDF document, not a "
                                     "spreadsheet: choose the .xlsx or .csv file")
    assert "Traceback" not in result.stderr


def test_import_reads_the_sheet_named_on_the_command_line(owner, db_url, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    wb.active.append(["Price list, spring"])
    sheet = wb.create_sheet("Prices")
    sheet.append(["Part number", "Description", "List price"])
    sheet.append(["BP-200", "Brake pads", "49,90"])
    wb.save(tmp_path / "book.xlsx")
    wrong = run_shopdesk("import", "parts", str(tmp_path / "book.xlsx"), "--sheet", "Tarifs",
                         "--db", db_url)
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == ("shopdesk: book.xlsx has no sheet called 'Tarifs' (it has "
                                    "Cover, Prices)")
    done = run_shopdesk("import", "parts", str(tmp_path / "book.xlsx"), "--sheet", "Prices",
                        "--db", db_url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert Part.get(Part.sku == "BP-200").retail_price == Decimal("49.90")
