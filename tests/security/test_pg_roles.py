"""PostgreSQL roles (issue 21, item 5): ``shopdesk db roles`` gives the schema to an owner
role and the PCs a login that owns nothing, so the login cannot disable or drop a trigger
nor delete audit entries, and the app still works as that login; a schema upgrade the login
may not make is refused with a clear message."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal

import peewee
import pytest

from shopdesk import db as database
from shopdesk.errors import DatabaseOpenError
from shopdesk.models.base import database_proxy
from shopdesk.services.integrity import run_checks
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.shop import shop_setup
from tests.conftest import PG_SERVER
from tests.helpers.cli import run_shopdesk

pytestmark = pytest.mark.skipif(not PG_SERVER, reason="needs SHOPDESK_TEST_PG")

LOGIN_PASSWORD = "front-desk-pw"


def _admin(url: str) -> peewee.PostgresqlDatabase:
    return database._connect_postgres(database.parse_target(url))


@pytest.fixture
def shop_db() -> Iterator[tuple[str, str, str]]:
    """A shop database made the old way (tables owned by the server's login), with fresh
    role names: (admin url, owner, login). Roles and database are dropped afterwards."""
    suffix = uuid.uuid4().hex[:10]
    name, owner, login = f"sdtest_roles_{suffix}", f"sdt_owner_{suffix}", f"sdt_login_{suffix}"
    admin = _admin(PG_SERVER + "/postgres")
    admin.execute_sql(f'CREATE DATABASE "{name}"')
    url = f"{PG_SERVER}/{name}"
    database.open(url, create=True).close()  # migrated by the admin login: it owns every table
    database_proxy.initialize(None)
    try:
        yield url, owner, login
    finally:
        database.close()
        database_proxy.initialize(None)
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for role in (login, owner):
            admin.execute_sql(f'DROP ROLE IF EXISTS "{role}"')
        admin.close()


def _login_url(admin_url: str, login: str) -> str:
    server, name = admin_url.rsplit("/", 1)
    host = server.split("@", 1)[1]
    return f"postgresql://{login}:{LOGIN_PASSWORD}@{host}/{name}"


def _roles(url: str, owner: str, login: str):
    return run_shopdesk("db", "roles", "--db", url, "--owner", owner, "--login", login,
                        input=LOGIN_PASSWORD + "\n")


def test_the_login_cannot_touch_triggers_or_the_audit_log(shop_db):
    url, owner, login = shop_db
    result = _roles(url, owner, login)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert f"--db postgresql://{login}:PASSWORD@SERVER/" in result.stdout
    admin = _admin(url)
    owners = {r[0] for r in admin.execute_sql(
        "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'").fetchall()}
    assert owners == {owner}
    admin.close()

    db = database.open(_login_url(url, login))  # nothing pending: opens as the login
    details = shop_setup.ShopDetails(name="Roles Garage", currency="USD", invoice_prefix="RG",
                                     tax_rates=[("STD", "Standard", Decimal("10"))])
    actor = shop_setup.create_shop(details, "olivia", "correct-horse", "Olivia Owner")
    draft = invoices.create_draft(actor, lines=[LineDraft("Labour", "1", "80.00",
                                                          kind="labour")])
    issued = invoices.issue(actor, draft.id)
    assert issued.number and issued.chain_seq == 1
    assert run_checks(db) == []
    refused = [
        "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_readonly",
        "ALTER TABLE invoice DISABLE TRIGGER USER",
        "DROP TRIGGER audit_entry_readonly ON audit_entry",
        "DELETE FROM audit_entry",
        "UPDATE audit_entry SET summary = 'x'",
        "TRUNCATE audit_entry",
        "DELETE FROM payment",
        "DELETE FROM schema_version",
        "ALTER TABLE invoice ADD COLUMN sneaky INTEGER",
        "CREATE TABLE sneaky (id INTEGER)",
        "SET session_replication_role = replica",
    ]
    for sql in refused:
        with pytest.raises(peewee.DatabaseError), db.atomic():
            db.execute_sql(sql)
    database.close()
    database_proxy.initialize(None)
    checked = run_shopdesk("check", "--db", _login_url(url, login))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_pending_upgrade_as_the_login_is_refused_clearly(shop_db):
    url, owner, login = shop_db
    assert _roles(url, owner, login).returncode == 0
    admin = _admin(url)
    admin.execute_sql("DELETE FROM schema_version WHERE version = "
                      "(SELECT MAX(version) FROM schema_version)")
    admin.close()
    with pytest.raises(DatabaseOpenError) as refused:
        database.open(_login_url(url, login))
    text = refused.value.translated()
    assert "only its owner role may make, not the login " + login in text
    assert "shopdesk db roles --db postgresql://ADMIN@SERVER/" in text
    result = run_shopdesk("check", "--db", _login_url(url, login))
    assert result.returncode == 1
    assert "only its owner role may make" in result.stderr
    assert "Traceback" not in result.stderr


def test_roles_refuse_a_superuser_login_and_sqlite(shop_db, tmp_path):
    url, owner, _login = shop_db
    server_login = PG_SERVER.split("//", 1)[1].split(":", 1)[0]
    result = run_shopdesk("db", "roles", "--db", url, "--owner", owner, "--login",
                          server_login)
    assert result.returncode == 1
    assert "is a superuser" in result.stderr
    result = run_shopdesk("db", "roles", "--db", str(tmp_path / "shop.sqlite3"))
    assert result.returncode == 1 and "PostgreSQL" in result.stderr
