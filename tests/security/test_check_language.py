"""Issue 21: every message a person reads is in their language, ``shopdesk check``'s report
and the database's refusals too. A damaged copy of a shop (a trigger dropped, an audit entry
deleted, a second default tax rate, one setting row too many) checked in Chinese reports
every fault in Chinese, with no English sentence left."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import peewee
import pytest

from shopdesk import db as database
from shopdesk.errors import DatabaseOpenError
from shopdesk.i18n import set_language
from shopdesk.models.audit import AuditEntry
from tests.helpers.cli import run_shopdesk
from tests.helpers.invoices import stocked_part

#: Words of English sentences: none may be left in a Chinese report (names, SQL identifiers,
#: paths and numbers may).
ENGLISH = re.compile(r"\b(the|is|are|of|in|on|missing|passed|expected|there|must|fault|"
                     r"checks?|entry|deleted|trigger|table|rows?|FAULT|OK)\b")


def _damaged_copy(db: peewee.Database, folder: Path) -> Path:
    copy = folder / "damaged.sqlite3"
    source = sqlite3.connect(db.database)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    trigger = target.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                             "AND tbl_name = 'audit_entry' ORDER BY name").fetchone()[0]
    target.execute(f'DROP TRIGGER "{trigger}"')  # in the way of the delete below
    victim = AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id).offset(2).scalar()
    target.execute(f"DELETE FROM audit_entry WHERE id = {victim}")
    target.execute("UPDATE tax_rate SET is_default = 1")
    target.commit()
    target.close()
    return copy


def test_check_reports_a_damaged_copy_in_chinese(owner, db, tmp_path):
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("a damaged copy of the shop's file")
    stocked_part(owner)
    from shopdesk.services.shop import settings  # (a second tax rate to make default)

    settings.save_tax_rate(owner, "LOW", "Reduced", "5")
    copy = _damaged_copy(db, tmp_path)
    english = run_shopdesk("check", "--db", str(copy), "--language", "en")
    assert english.returncode == 1, english.stdout + english.stderr
    assert "FAULT schema: missing trigger" in english.stdout
    assert "FAULT audit chain: audit log entry" in english.stdout
    assert re.search(r"FAULT shop: \d default tax rates; there must be exactly one",
                     english.stdout)
    result = run_shopdesk("check", "--db", str(copy), "--language", "zh_CN")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(english.stdout.strip().splitlines()) == 4
    assert any(line.startswith("故障 数据库结构：") and "缺少触发器" in line for line in lines)
    assert any(line.startswith("故障 审计日志链：审计日志链中第") for line in lines)
    assert any(re.fullmatch(r"故障 店铺：有 \d 个默认税率；必须恰好一个", line) for line in lines)
    assert re.fullmatch(r"SQLite 文件 .* 中有 \d+ 处故障。", lines[-1]), lines[-1]
    for line in lines:
        assert re.search(r"[\u4e00-\u9fff]", line), line
        assert not ENGLISH.search(line.replace(str(copy), "")), line


def test_check_says_ok_in_chinese(owner, db, db_url):
    result = run_shopdesk("check", "--db", db_url, "--language", "zh_CN")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("正常：") and "项检查" in result.stdout


@pytest.mark.parametrize("where", ["folder", "missing", "not sqlite"])
def test_the_database_refusals_are_translated(tmp_path, where):
    path = {"folder": tmp_path, "missing": tmp_path / "none.sqlite3",
            "not sqlite": tmp_path / "notes.txt"}[where]
    if where == "not sqlite":
        path.write_text("shopping list\n", encoding="utf-8")
    set_language("zh_CN")
    try:
        with pytest.raises(DatabaseOpenError) as refused:
            database.open(path)
        message = refused.value.translated()
    finally:
        set_language("en")
    assert str(path) in message and re.search(r"[\u4e00-\u9fff]", message), message
    assert not ENGLISH.search(message.replace(str(path), "")), message


def test_stock_and_invoice_faults_are_reported_in_chinese(owner, db, tmp_path):
    """The stock and invoice checks speak Chinese too: a part whose cached stock differs from
    its ledger, an invoice whose cached totals differ from its lines."""
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("a damaged copy of the shop's file")
    from tests.helpers.invoices import customer_with_car, workshop_invoice

    part = stocked_part(owner)
    customer, car = customer_with_car(owner)
    invoice = workshop_invoice(owner, customer.id, car.id, part.id)
    copy = tmp_path / "damaged.sqlite3"
    source, target = sqlite3.connect(db.database), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    for (name,) in target.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                  "AND tbl_name IN ('part', 'invoice')").fetchall():
        target.execute(f'DROP TRIGGER "{name}"')
    target.execute(f"UPDATE part SET on_hand = on_hand + 5000 WHERE id = {part.id}")
    target.execute(f"UPDATE invoice SET paid = paid + 100 WHERE id = {invoice.id}")
    target.commit()
    target.close()
    english = run_shopdesk("check", "--db", str(copy), "--language", "en")
    assert f"part {part.sku} shows" in english.stdout, english.stdout
    assert f"{invoice.number}: paid figure differs from its payments" in english.stdout
    result = run_shopdesk("check", "--db", str(copy), "--language", "zh_CN")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(english.stdout.strip().splitlines())
    assert any(f"配件 {part.sku} 显示库存" in line for line in lines), lines
    assert any(f"{invoice.number}：已付金额与其收款记录不符" in line for line in lines), lines
    for line in lines:
        assert re.search(r"[\u4e00-\u9fff]", line), line
        assert not ENGLISH.search(line.replace(str(copy), "")), line
