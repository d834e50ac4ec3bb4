"""Exports follow the language of the shop's documents: headings, sheet names and labels in
Chinese when the shop prints in Chinese, with the very same figures; the accounting packages'
files keep the column names those products require."""

from __future__ import annotations

import csv
from collections.abc import Iterator

import openpyxl
import pytest

from shopdesk import i18n
from shopdesk.io.accounting import export_payments, export_sales
from shopdesk.io.accounting_formats import XERO_COLUMNS, export_package
from shopdesk.io.exports.receivables import export_aging
from shopdesk.services.sales import receivables
from tests.io.export_shop import make_shop
from tests.io.test_export_accounting import PAYMENTS_PERIOD, PERIOD


@pytest.fixture
def chinese_documents() -> Iterator[None]:
    """The screen stays English; the shop prints and exports in Chinese."""
    i18n.set_document_language("zh_CN")
    yield
    i18n.set_document_language("")


def _values(path) -> dict[str, list[list]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def _numbers(sheets: dict[str, list[list]]) -> list[list]:
    return [[v for row in rows for v in row if isinstance(v, int | float)]
            for rows in sheets.values()]


def test_sales_and_payments_journals_in_chinese_have_the_same_figures(db, owner, tmp_path,
                                                                      chinese_documents):
    make_shop(owner)
    with i18n.documents("en"):
        export_sales(owner, tmp_path / "en.xlsx", PERIOD)
        export_payments(owner, tmp_path / "pay-en.xlsx", PAYMENTS_PERIOD)
    assert i18n.language() == "en"  # the screen's language is back after the block
    export_sales(owner, tmp_path / "zh.xlsx", PERIOD)
    english, chinese = _values(tmp_path / "en.xlsx"), _values(tmp_path / "zh.xlsx")
    assert list(chinese) == ["销售日记账", "按税率合计", "发票明细"]
    assert chinese["销售日记账"][0] == ["日期", "编号", "类型", "客户", "客户税号", "冲红发票",
                                       "税码", "税率 %", "净额", "税额", "含税总额"]
    assert {row[2] for row in chinese["销售日记账"][1:]} == {"发票", "红字发票"}
    assert chinese["按税率合计"][-1][1] == "全部税率"
    assert _numbers(chinese) == _numbers(english)
    assert i18n.language() == "en"
    export_payments(owner, tmp_path / "pay-zh.xlsx", PAYMENTS_PERIOD)
    payments = _values(tmp_path / "pay-zh.xlsx")
    assert list(payments) == ["收付款", "按方式合计"]
    assert payments["按方式合计"][0] == ["方式", "收付款", "金额"]
    assert payments["按方式合计"][-1][0] == "全部方式"
    assert "银行卡" in {row[1] for row in payments["收付款"][1:]}  # methods by their names
    assert _numbers(payments) == _numbers(_values(tmp_path / "pay-en.xlsx"))


def test_receivables_in_chinese(db, owner, tmp_path, chinese_documents):
    make_shop(owner)
    rows = receivables.aging(owner)
    export_aging(rows, tmp_path / "aging.xlsx")
    (sheet,) = _values(tmp_path / "aging.xlsx").values()
    assert sheet[0] == ["客户", "未到期", "1–30 天", "31–60 天", "61–90 天", "90 天以上", "合计"]
    assert sheet[-1][0] == "合计"
    assert openpyxl.load_workbook(tmp_path / "aging.xlsx").sheetnames == ["应收账款"]


def test_xero_file_keeps_its_english_columns_whatever_the_language(db, owner, tmp_path,
                                                                   chinese_documents):
    make_shop(owner)
    path = tmp_path / "xero.csv"
    export_package(owner, "xero", path, PERIOD)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == list(XERO_COLUMNS)
