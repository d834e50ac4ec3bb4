"""``shopdesk report monthly``: the figures on screen, the PDF and the xlsx files."""

from __future__ import annotations

import openpyxl

from tests.helpers.cli import run_shopdesk
from tests.reports.test_monthly import shop  # noqa: F401  (fixture)


def test_monthly_report_prints_and_writes_pdf_and_xlsx(db_url, shop, tmp_path):  # noqa: F811
    pdf, xlsx = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    result = run_shopdesk("report", "monthly", "2026-03", "--db", db_url, "--pdf", str(pdf),
                          "--xlsx", str(xlsx))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Monthly report March 2026" in out
    revenue = next(line for line in out.splitlines() if line.startswith("Revenue "))
    assert revenue.split()[1:] == ["$194.96", "$9.99", "+1,851.6%", "$139.98", "+39.3%"]
    assert "Tina Tech" in out and "Ann Smith" in out
    assert pdf.read_bytes().startswith(b"%PDF")
    assert openpyxl.load_workbook(xlsx)["Summary"]["B4"].value == 194.96


def test_a_bad_month_is_one_clear_line(db_url, shop):  # noqa: F811
    result = run_shopdesk("report", "monthly", "13/2026", "--db", db_url)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "shopdesk: '13/2026' is not a month: write it as YYYY-MM, e.g. 2026-10"]
