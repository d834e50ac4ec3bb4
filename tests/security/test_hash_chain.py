"""Tamper evidence (issue 21, item 5): the audit log and issued documents carry hash chains,
and ``shopdesk check`` names the first broken link of a copy changed behind ShopDesk's back
(triggers dropped or disabled, as an attacker holding the file or the tables would)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import peewee
import pytest

from shopdesk import db as database
from shopdesk import migrations
from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import database_proxy
from shopdesk.models.invoices import Invoice
from shopdesk.services import audit
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.integrity import check_names, run_checks
from shopdesk.services.sales import credit_notes, invoices, payments
from shopdesk.services.sales.invoices import LineDraft
from tests.helpers.cli import run_shopdesk
from tests.helpers.invoices import stocked_part


@pytest.fixture
def shop(owner, db) -> list[Invoice]:
    """A shop with three issued invoices, a credit note, payments and a few hundred audit
    entries (one bulk write among them)."""
    part = stocked_part(owner)
    issued = []
    for n in range(3):
        draft = invoices.create_draft(owner, lines=[
            LineDraft(part_id=part.id, quantity=1 + n),
            LineDraft("Labour: brakes", "1.5", "80.00", kind="labour")])
        issued.append(invoices.issue(owner, draft.id))
    payments.take_payment(owner, issued[0].id, "cash", issued[0].gross)
    first = invoices.lines_of(owner, issued[1])[0]
    credit_notes.issue_credit_note(owner, issued[1].id, "Wrong part", {first.id: 1})
    audit.record_many(owner, [audit.Entry("note", "part", i, f"Bulk note {i}")
                              for i in range(300)])
    return issued


def _first_breaks(db: peewee.Database) -> tuple[object, object]:
    """The first broken link of the audit chain and of the documents' chain (None: whole).
    (Imported here: the chains are new, and each test must fail on its own without them.)"""
    from shopdesk.services.sales import document_chain

    return audit.first_break(db), document_chain.first_break(db)


def _chain_faults(db: peewee.Database) -> list[str]:
    return [str(f) for f in run_checks(db) if "chain" in f.check]


@pytest.fixture
def tampered(db_url: str, db: peewee.Database, tmp_path: Path) -> Iterator:
    """``tamper(*sql)``: run statements on a copy of the shop (SQLite: a copy of the file;
    PostgreSQL: the database itself, its user triggers disabled for them) and return the
    address to check."""
    restore: list[str] = []

    def tamper(*statements: str) -> str:
        if db_url.startswith("postgresql"):
            raw = database._connect_postgres(database.parse_target(db_url))
            for table in ("audit_entry", "invoice", "invoice_line", "payment"):
                raw.execute_sql(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
                restore.append(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
            for sql in statements:
                raw.execute_sql(sql)
            for sql in restore:
                raw.execute_sql(sql)
            raw.close()
            return db_url
        copy = tmp_path / "copy.sqlite3"
        source = sqlite3.connect(db_url)
        target = sqlite3.connect(copy)
        source.backup(target)
        source.close()
        names = [r[0] for r in target.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")]
        for name in names:  # as an attacker would: drop what is in the way
            target.execute(f'DROP TRIGGER "{name}"')
        for sql in statements:
            target.execute(sql)
        target.commit()
        target.close()
        return str(copy)

    yield tamper


def _check(address: str, *extra: str):
    result = run_shopdesk("check", "--db", address, *extra)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_an_intact_shop_passes_with_both_chains_checked(shop, db, db_url):
    assert {"audit chain", "document chain"} <= set(check_names())
    assert _first_breaks(db) == (None, None)
    count = AuditEntry.select().count()
    seqs = [e.chain_seq for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert seqs == list(range(1, count + 1))
    issued = Invoice.select().where(Invoice.status == "issued").order_by(Invoice.id)
    assert [i.chain_seq for i in issued] == [1, 2, 3, 4]  # three invoices, one credit note
    result = _check(db_url)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK:")


def test_a_deleted_audit_entry_is_named(shop, db, tampered):
    victim = AuditEntry.select().order_by(AuditEntry.id).offset(4).get()
    after = AuditEntry.select().where(AuditEntry.id > victim.id).order_by(AuditEntry.id).get()
    address = tampered(f"DELETE FROM audit_entry WHERE id = {victim.id}")
    result = _check(address)
    assert result.returncode == 1, result.stdout
    assert (f"FAULT audit chain: audit log entry {victim.chain_seq} of the chain is missing "
            f"(deleted); the next one left is #{after.id} (") in result.stdout


def test_an_altered_audit_entry_is_named(shop, db, tampered):
    victim = AuditEntry.select().where(AuditEntry.action == "issue").order_by(
        AuditEntry.id).get()
    address = tampered(f"UPDATE audit_entry SET summary = 'nothing to see' "
                       f"WHERE id = {victim.id}")
    result = _check(address)
    assert result.returncode == 1
    assert (f"FAULT audit chain: audit log entry #{victim.id} (") in result.stdout
    assert f"number {victim.chain_seq} of the chain, was altered" in result.stdout


def test_an_inserted_audit_entry_is_named(shop, db, db_url, tampered):
    address = tampered(
        "INSERT INTO audit_entry (at, username, action, entity, entity_id, summary) "
        "VALUES ('2026-01-01 10:00:00', 'olivia', 'create', 'user', '9', 'Added owner eve')")
    result = _check(address)
    assert result.returncode == 1
    assert "olivia: Added owner eve) was inserted outside ShopDesk" in result.stdout


def test_an_altered_issued_invoice_total_is_named(shop, db, tampered):
    victim = shop[2]
    address = tampered(f"UPDATE invoice SET gross = gross - 5000 WHERE id = {victim.id}")
    result = _check(address)
    assert result.returncode == 1
    assert (f"FAULT document chain: issued document {victim.number}, number "
            f"{victim.chain_seq} of the chain, was altered") in result.stdout


def test_an_altered_invoice_line_is_named(shop, db, tampered):
    victim = shop[0]
    line = invoices.lines_of(COMMAND_LINE, victim)[1]
    address = tampered(f"UPDATE invoice_line SET description = 'Free labour' "
                       f"WHERE id = {line.id}")
    result = _check(address)
    assert result.returncode == 1
    assert f"issued document {victim.number}, number 1 of the chain, was altered" in \
        result.stdout


def test_a_deleted_issued_invoice_is_named(shop, db, tampered):
    victim, nxt = shop[0], shop[1]
    address = tampered(f"DELETE FROM payment WHERE invoice_id = {victim.id}",
                       f"DELETE FROM line_warranty WHERE line_id IN (SELECT id FROM "
                       f"invoice_line WHERE invoice_id = {victim.id})",
                       f"DELETE FROM invoice_line WHERE invoice_id = {victim.id}",
                       f"DELETE FROM invoice WHERE id = {victim.id}")
    result = _check(address)
    assert result.returncode == 1
    assert (f"issued document 1 of the chain is missing (deleted); the next one left is "
            f"{nxt.number}") in result.stdout


def test_the_broken_link_is_named_in_chinese(shop, db, tampered):
    victim = shop[2]
    address = tampered(f"UPDATE invoice SET gross = 1 WHERE id = {victim.id}")
    result = _check(address, "--language", "zh_CN")
    assert result.returncode == 1
    assert victim.number in result.stdout
    assert "was altered" not in result.stdout
    assert "篡改" in result.stdout


def test_bulk_audit_writes_stay_fast_and_chained(owner, db):
    """An import records thousands of entries: the chain is computed in one pass."""
    entries = [audit.Entry("import", "part", i, f"Imported part {i}", None,
                           {"sku": f"P-{i}", "price": Decimal("9.99")}) for i in range(20_000)]
    started = time.perf_counter()
    audit.record_many(owner, entries)
    elapsed = time.perf_counter() - started
    assert _first_breaks(db)[0] is None
    assert AuditEntry.select(peewee.fn.MAX(AuditEntry.chain_seq)).scalar() == \
        AuditEntry.select().count()
    rows = [(None, 1, "olivia", "import", "part", str(i), f"Imported part {i}", None, "{}")
            for i in range(20_000)]
    with db.atomic() as transaction:  # the chain alone (rolled back: only timed)
        started = time.perf_counter()
        audit.chained(rows)
        chain_only = time.perf_counter() - started
        transaction.rollback()
    # measured (2-core VM under load): chain 0.2-0.3 s of record_many's 1.3-2 s for 20,000
    assert chain_only < 0.5 * elapsed, (chain_only, elapsed)
    assert elapsed < 20, elapsed


def test_a_chain_place_cannot_be_taken_twice(owner, db):
    """Two writers that read the same tail cannot both append (a fork): the place is unique."""
    from shopdesk.services import hash_chain

    entry = AuditEntry.select().order_by(AuditEntry.chain_seq.desc()).get()
    with pytest.raises(peewee.IntegrityError), db.atomic():
        AuditEntry.create(username="x", action="x", entity="x", chain_seq=entry.chain_seq,
                          chain_hash=hash_chain.GENESIS)


def test_the_migration_chains_what_was_written_before(db_url):
    """A schema-13 shop with audit entries and issued invoices: opened, both chains hold
    every old row in id order and check passes."""
    raw = database._connect_postgres(database.parse_target(db_url)) \
        if db_url.startswith("postgresql") else peewee.SqliteDatabase(db_url)
    migrations.migrate(raw, target=13)
    with raw.atomic():
        raw.execute_sql("INSERT INTO \"user\" (username, display_name, role, password_hash, "
                        "active, created_at, version) VALUES ('olga', 'Olga', 'owner', 'x', "
                        f"{raw.param}, '2024-03-05 08:30:15', 1)", (True,))
        for n in range(3):
            raw.execute_sql(
                "INSERT INTO audit_entry (at, user_id, username, action, entity, entity_id, "
                f"summary) VALUES ('2024-03-05 08:3{n}:15.25', 1, 'olga', 'create', 'user', "
                f"'{n}', 'entry {n}')")
        for n in range(1, 3):
            raw.execute_sql(
                "INSERT INTO invoice (kind, status, customer_name, billing_address, "
                "customer_tax_id, vehicle_text, price_level, prices_include_tax, "
                "discount_percent, terms_days, created_at, subtotal, discount, net, tax, gross, "
                "paid, credited, reason, source, notes, created_by, issued_by, version) VALUES "
                f"('invoice', 'draft', 'Cash customer', '', '', '', 'retail', {raw.param}, 0, "
                "0, '2024-03-05 08:30:15', 1000, 0, 1000, 100, 1100, 0, 0, '', '', '', 'olga', "
                "'olga', 1)", (False,))
            invoice_id = raw.execute_sql("SELECT MAX(id) FROM invoice").fetchone()[0]
            raw.execute_sql(
                "INSERT INTO invoice_line (invoice_id, position, kind, sku, description, "
                "quantity, unit_price, discount_percent, tax_code, tax_rate, amount, "
                "discounted, unit_cost, takes_stock) VALUES "
                f"({invoice_id}, 1, 'labour', '', 'Labour', 1000, 1000, 0, 'STD', 10000, 1000, "
                f"1000, 0, {raw.param})", (False,))
            raw.execute_sql(
                f"UPDATE invoice SET status = 'issued', number = 'OT-{n}', series = 'invoice', "
                f"year = 2024, sequence = {n}, issue_date = '2024-03-05', "
                f"issued_at = '2024-03-05 08:30:15' WHERE id = {invoice_id}")
    raw.close()
    try:
        db = database.open(db_url)
        assert [e.chain_seq for e in AuditEntry.select().order_by(AuditEntry.id)] == [1, 2, 3]
        assert [i.chain_seq for i in Invoice.select().order_by(Invoice.id)] == [1, 2]
        assert _first_breaks(db) == (None, None)
        # the audit log is append-only again
        with pytest.raises(peewee.DatabaseError), db.atomic():
            db.execute_sql("UPDATE audit_entry SET summary = 'x'")
        with pytest.raises(peewee.DatabaseError), db.atomic():
            db.execute_sql("DELETE FROM audit_entry")
        assert _chain_faults(db) == []
    finally:
        database.close()
        database_proxy.initialize(None)


def test_processes_issuing_at_once_do_not_fork_the_chains(owner, db, db_url):
    """Several PCs issuing (and auditing) at the same moment: each chain stays one line."""
    from tests.services.sales.test_issuing_concurrency import _worker

    clients, each = (2, 8) if "postgresql" not in db_url else (4, 6)
    start_at = time.time() + 4.0
    workers = [_worker(db_url, each, start_at) for _ in range(clients)]
    outputs = [w.communicate(timeout=180) for w in workers]
    assert all(w.returncode == 0 for w in workers), [err for _out, err in outputs]
    assert Invoice.select().where(Invoice.status == "issued").count() == clients * each
    assert _first_breaks(db) == (None, None)
    assert _chain_faults(db) == []


def test_text_with_control_characters_hashes_as_it_is_stored(db, owner):
    """A note typed with a terminal escape or a right-to-left override is stored without it;
    the chain hashes what is stored, so the intact shop still passes."""
    audit.record(owner, "note", "customer", 1, "Called \x1b[31mback\u202e today")
    assert [str(f) for f in run_checks(db) if "chain" in f.check] == []
