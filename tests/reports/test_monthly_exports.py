"""The monthly report as a PDF (with charts) and an xlsx (a sheet per section, native charts),
read back with the figures worked out by hand in test_monthly."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal as D

import openpyxl
import pypdf

from shopdesk.io.monthly_report_xlsx import write_monthly
from shopdesk.printing.monthly_report import render_monthly
from shopdesk.reports import monthly
from tests.reports.test_monthly import MARCH, TODAY, shop  # noqa: F401  (fixture)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_reads_back_with_the_figures_and_charts(owner, shop, tmp_path):  # noqa: F811
    report = monthly.build(owner, MARCH, today=TODAY)
    target = tmp_path / "march.pdf"
    pdf = render_monthly(report, target)
    assert target.read_bytes() == pdf
    text = _text(pdf)
    assert "MONTHLY REPORT" in text and "March 2026" in text
    assert "Previous month February 2026" in " ".join(text.split())
    assert "Last year March 2025" in " ".join(text.split())
    assert "$194.96" in text  # revenue this month
    assert "$139.98" in text  # last year, and Ann's top-customer line
    assert "$174.96" in text  # gross profit
    assert "+39.3%" in text  # revenue against last year
    assert "89.7%" in text  # margin
    assert "Tina Tech" in text and "85.7%" in text  # sold/clocked
    assert "$153.98" in text  # owed at month end
    # the charts are drawn (their titles and legends are text in the PDF)
    assert "Revenue by kind" in text and "Revenue by day, March 2026" in text
    assert "Hours clocked" in text
    assert "Page 1 of" in text


def test_xlsx_has_a_sheet_per_section_real_numbers_and_native_charts(owner, shop,  # noqa: F811
                                                                     tmp_path):
    report = monthly.build(owner, MARCH, today=TODAY)
    path = write_monthly(report, tmp_path / "march.xlsx")
    assert not (tmp_path / "march.xlsx.partial").exists()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Revenue", "Technicians", "Top customers",
                               "Top parts", "By make", "By city", "Receivables",
                               "Slow movers", "Satisfaction", "Comebacks by technician",
                               "Comebacks by part", "Revenue by day"]
    summary = {row[0].value: [c.value for c in row[1:]]
               for row in book["Summary"].iter_rows(min_row=4) if row[0].value}
    assert summary["Revenue"][:5] == [194.96, 9.99, 1851.6, 139.98, 39.3]
    assert summary["Parts at cost"][:2] == [20, 4]
    assert summary["Invoices"][0] == 3 and summary["New customers"][0] == 1
    assert summary["Owed by customers"][0] == 153.98
    assert book["Summary"]["B4"].number_format.startswith('"$"#,##0.00')
    customers = [[c.value for c in row] for row in book["Top customers"].iter_rows(min_row=3)]
    assert customers[0] == ["Ann Smith", 1, 139.98, 0, 139.98]
    days = [(r[0].value.date().isoformat(), r[1].value)
            for r in book["Revenue by day"].iter_rows(min_row=2)]
    assert days[0] == ("2026-03-05", 139.98) and days[-1] == ("2026-03-25", -9.99)
    # native Excel charts (openpyxl does not load charts back: read the package itself)
    with zipfile.ZipFile(path) as package:
        charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 6
        xml = "".join(package.read(n).decode() for n in charts)
    assert "barChart" in xml and "lineChart" in xml
    assert "'Revenue by day'!$B$2:$B$5" in xml
    assert D(str(summary["Revenue"][0])) == report.kpi("revenue").current


def test_xlsx_never_writes_a_formula_from_shop_data(owner, shop, tmp_path):  # noqa: F811
    report = monthly.build(owner, MARCH, today=TODAY)
    rows = report.breakdown("cities").rows
    rows.append(monthly.Row('=HYPERLINK("http://x","click")', (D("1.00"), D(0), D(0))))
    path = write_monthly(report, tmp_path / "march.xlsx")
    sheet = openpyxl.load_workbook(path)["By city"]
    cell = next(c for c in sheet["A"] if c.value and str(c.value).startswith("="))
    assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(path) as package:
        assert "<f>" not in package.read("xl/worksheets/sheet7.xml").decode()


def test_xlsx_in_chinese_has_chinese_sheets_and_headings_and_the_same_numbers(
        owner, shop, tmp_path):  # noqa: F811
    from shopdesk import formatting, i18n

    english = openpyxl.load_workbook(write_monthly(monthly.build(owner, MARCH, today=TODAY),
                                                   tmp_path / "en.xlsx"))
    i18n.set_language("zh_CN")
    formatting.configure(locale="zh_CN")
    try:
        report = monthly.build(owner, MARCH, today=TODAY)
        path = write_monthly(report, tmp_path / "zh.xlsx")
    finally:
        i18n.set_language("en")
        formatting.configure(locale="en_US")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["概要", "营业额", "技师", "消费最多的客户", "销量最多的配件",
                               "按品牌", "按城市", "应收账款", "滞销配件", "满意度",
                               "返修（按技师）", "返修（按配件）", "每日营业额"]
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in book.sheetnames)
    summary = book["概要"]
    assert summary["A1"].value == "月度报表 2026年3月"
    assert [c.value for c in summary[3]] == ["指标", "2026年3月", "2026年2月", "变化 %",
                                             "2025年3月", "变化 %"]
    figures = {row[0].value: [c.value for c in row[1:]]
               for row in summary.iter_rows(min_row=4) if row[0].value}
    assert figures["营业额"][:5] == [194.96, 9.99, 1851.6, 139.98, 39.3]
    assert "今日客户等级" in figures
    assert [c.value for c in book["每日营业额"][1]] == ["日期", "营业额"]
    # every number cell is the same as in the English workbook, sheet by sheet
    for en_sheet, zh_sheet in zip(english.worksheets, book.worksheets, strict=True):
        en_numbers = [c.value for row in en_sheet.iter_rows() for c in row
                      if isinstance(c.value, int | float)]
        zh_numbers = [c.value for row in zh_sheet.iter_rows() for c in row
                      if isinstance(c.value, int | float)]
        assert en_numbers == zh_numbers, en_sheet.title
    with zipfile.ZipFile(path) as package:
        xml = "".join(package.read(n).decode() for n in package.namelist()
                      if n.startswith("xl/charts/chart"))
    assert "本月消费最多的客户" in xml and "每日营业额，2026年3月" in xml
    assert "'每日营业额'!$B$2:$B$5" in xml  # the chart still points at its sheet
