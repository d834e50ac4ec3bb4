"""Translations: the catalogues follow the code, Chinese is complete, and printed documents,
dates, numbers and money follow the chosen language."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from shopdesk import formatting, i18n
from shopdesk.errors import ValidationError
from shopdesk.printing.invoice import render_invoice
from shopdesk.services.sales import invoices, payments
from shopdesk.services.shop import settings
from tests.helpers.cli import run_shopdesk
from tests.helpers.invoices import customer_with_car, stocked_part, workshop_invoice

ROOT = Path(__file__).resolve().parents[1]
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _build_module():
    spec = importlib.util.spec_from_file_location("shopdesk_build", ROOT / "resources" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages(ts_text: str) -> dict[tuple[str, str], ET.Element]:
    root = ET.fromstring(ts_text)
    return {(c.findtext("name") or "", m.findtext("source") or ""): m
            for c in root.iter("context") for m in c.iter("message")}


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.set_language("zh_CN")
    formatting.configure(locale=i18n.format_locale("zh_CN"))
    yield
    i18n.set_language("en")
    formatting.configure(locale="en_US")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_ts_catalogue_holds_exactly_the_texts_in_the_code(language):
    """Run lupdate over the code into a copy: a text added, changed or removed in the code
    without `python resources/build.py` fails here."""
    fresh = _build_module().translation_outputs()
    committed = i18n.ts_path(language)
    expected = set(_messages(fresh[committed]))
    actual = set(_messages(committed.read_text(encoding="utf-8")))
    assert not expected - actual, f"not in {committed.name}: {sorted(expected - actual)[:20]}"
    assert not actual - expected, f"stale in {committed.name}: {sorted(actual - expected)[:20]}"


def test_every_chinese_translation_is_finished_and_keeps_its_placeholders():
    messages = _messages(i18n.ts_path("zh_CN").read_text(encoding="utf-8"))
    unfinished = [key for key, m in messages.items()
                  if m.find("translation").get("type") == "unfinished"
                  or not (m.findtext("translation") or "").strip()]
    assert unfinished == []
    broken = [(key, m.findtext("translation")) for key, m in messages.items()
              if sorted(_PLACEHOLDER.findall(key[1]))
              != sorted(_PLACEHOLDER.findall(m.findtext("translation") or ""))]
    assert broken == []


def test_english_catalogue_translates_to_itself():
    messages = _messages(i18n.ts_path("en").read_text(encoding="utf-8"))
    assert messages
    assert all(m.findtext("translation") == key[1] for key, m in messages.items())


def test_compiled_catalogues_are_shipped():
    for language in i18n.LANGUAGES:
        assert i18n.qm_path(language).stat().st_size > 1000


def test_lookup_outside_qt_and_fallback_to_english():
    assert i18n.translate("Printing", "Amount due", "zh_CN") == "应付金额"
    assert i18n.translate("Printing", "Amount due", "en") == "Amount due"
    assert i18n.translate("Printing", "A text nobody wrote", "zh_CN") == "A text nobody wrote"
    assert i18n.resolve("system", "zh_CN") == "zh_CN"
    assert i18n.resolve("", "en_GB") == "en"
    assert i18n.resolve("zh_CN", "de_DE") == "zh_CN"


def test_dates_numbers_and_money_in_chinese(chinese):
    assert formatting.date(dt.date(2026, 10, 23)) == "2026年10月23日"
    assert formatting.number(1234567) == "1,234,567"
    assert formatting.quantity(Decimal("2.500")) == "2.5"
    formatting.configure(currency="CNY")
    try:
        assert formatting.money(Decimal("1234.5")) == "¥1,234.50"
        assert formatting.money(Decimal("-3")) == "-¥3.00"
    finally:
        formatting.configure(currency="USD")
    assert formatting.money(Decimal("9.99")) == "US$9.99"


def test_invoice_printed_in_chinese_has_chinese_labels(owner, chinese):
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    invoice = workshop_invoice(owner, customer.id, vehicle.id, part.id)
    payments.take_payment(owner, invoice.id, "card", "100.00")
    pdf = render_invoice(owner, invoice.id)
    (text,) = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    for expected in ("发票", "日期", "收到即付", "开票对象", "车辆", "说明", "数量", "单价",
                     "金额", "合计", "已付", "应付金额", "银行卡",
                     invoice.number, "Oil filter"):  # the shop's own words stay as typed
        assert expected in text, expected
    assert "第1页，共1页" in re.sub(r"\s+", "", text)  # the footer, Chinese and digits
    for english in ("Amount due", "Bill to", "Unit price", "Page 1 of 1"):
        assert english not in text


def test_english_stays_the_default_for_printing(owner):
    invoice = invoices.issue(owner, invoices.create_draft(
        owner, lines=[invoices.LineDraft("Wiper blade", 1, "12.00")]).id)
    pdf = render_invoice(owner, invoice)
    (text,) = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert "INVOICE" in text and "Amount due" in text


def test_command_line_prints_in_the_language_asked_for(owner, db_url, tmp_path):
    invoice = invoices.issue(owner, invoices.create_draft(
        owner, lines=[invoices.LineDraft("Wiper blade", 1, "12.00")]).id)
    target = tmp_path / "invoice.pdf"
    done = run_shopdesk("invoice", "print", invoice.number, "--pdf", str(target), "--db", db_url,
                        "--language", "zh_CN")
    assert done.returncode == 0, done.stderr
    (text,) = [p.extract_text() for p in PdfReader(str(target)).pages]
    assert "发票" in text and "应付金额" in text and "Wiper blade" in text


@pytest.fixture
def screen_in_chinese() -> Iterator[None]:
    """This PC's screen in Chinese (dates and money formatted the Chinese way)."""
    i18n.set_language("zh_CN")
    formatting.configure(locale=i18n.format_locale("zh_CN"))
    yield
    i18n.set_language("en")
    i18n.set_document_language("")
    formatting.configure(locale="en_US")


def _invoice_text(owner) -> tuple[str, str]:
    invoice = invoices.issue(owner, invoices.create_draft(
        owner, lines=[invoices.LineDraft("Wiper blade", 1, "12.00")]).id)
    pdf = render_invoice(owner, invoice)
    (text,) = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    return text, invoice.number


def test_a_chinese_screen_prints_english_invoices_when_the_shop_prints_english(
        owner, screen_in_chinese):
    settings.update_settings(owner, language="en")
    i18n.set_document_language(settings.get_settings().language)  # as the window does
    text, _number = _invoice_text(owner)
    assert "INVOICE" in text and "Amount due" in text and "Wiper blade" in text
    assert "发票" not in text and "应付金额" not in text
    assert "年" not in text  # the date is written the English way too
    # the screen is still Chinese
    assert i18n.language() == "zh_CN" and formatting.date(dt.date(2026, 3, 5)) == "2026年3月5日"


def test_an_english_screen_prints_chinese_when_the_shop_prints_chinese(owner):
    settings.update_settings(owner, language="zh_CN")
    i18n.set_document_language("zh_CN")
    try:
        text, _number = _invoice_text(owner)
    finally:
        i18n.set_document_language("")
    assert "发票" in text and "应付金额" in text and "Amount due" not in text
    assert i18n.language() == "en" and formatting.date(dt.date(2026, 3, 5)) == "Mar 5, 2026"


def test_same_as_the_screen_follows_each_screen(owner, screen_in_chinese):
    settings.update_settings(owner, language="")
    i18n.set_document_language("")
    text, _number = _invoice_text(owner)
    assert "发票" in text and "应付金额" in text


def test_the_document_language_is_per_thread_while_printing():
    i18n.set_document_language("zh_CN")
    seen: list[str] = []
    try:
        with i18n.documents():
            worker = threading.Thread(target=lambda: seen.append(i18n.language()))
            worker.start()
            worker.join()
            assert i18n.translate("Printing", "Amount due") == "应付金额"
        assert i18n.translate("Printing", "Amount due") == "Amount due"
    finally:
        i18n.set_document_language("")
    assert seen == ["en"]  # another thread (the window's) kept the screen's language


def test_a_document_language_the_shop_cannot_print_is_refused(owner):
    with pytest.raises(ValidationError) as caught:
        settings.update_settings(owner, language="fr")
    assert set(caught.value.fields) == {"language"}


def test_command_line_prints_in_the_shops_language(owner, db_url, tmp_path):
    invoice = invoices.issue(owner, invoices.create_draft(
        owner, lines=[invoices.LineDraft("Wiper blade", 1, "12.00")]).id)
    settings.update_settings(owner, language="zh_CN")
    shop_choice, asked = tmp_path / "shop.pdf", tmp_path / "asked.pdf"
    done = run_shopdesk("invoice", "print", invoice.number, "--pdf", str(shop_choice),
                        "--db", db_url)
    assert done.returncode == 0, done.stderr
    (text,) = [p.extract_text() for p in PdfReader(str(shop_choice)).pages]
    assert "发票" in text and "应付金额" in text
    done = run_shopdesk("invoice", "print", invoice.number, "--pdf", str(asked), "--db", db_url,
                        "--language", "en")  # asked for on the command line: wins
    assert done.returncode == 0, done.stderr
    (text,) = [p.extract_text() for p in PdfReader(str(asked)).pages]
    assert "Amount due" in text and "应付金额" not in text
