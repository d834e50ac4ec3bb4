"""PostgreSQL roles: an owner role holds the schema, the shop's login only uses it.

The PCs connect with a login that owns nothing: it cannot ``ALTER`` a table, ``DISABLE`` or
``DROP`` a trigger (that needs ownership), cannot ``UPDATE``/``DELETE`` the audit log, the
payments, the store credit or the schema version (append-only tables), and cannot create
tables. Everything is owned by a separate ``NOLOGIN`` owner role; the migrations run as that
role, from an administrator's session (``SET ROLE``), by :func:`set_up` — which
``shopdesk db roles`` runs, and runs again after installing a newer ShopDesk to upgrade.
Run it as the server's administrator (e.g. ``postgres``) or a role with ``CREATEROLE`` that
is a member of the owner role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import peewee

from shopdesk import migrations
from shopdesk.errors import ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP

#: Tables the login may only read and add to (never change or delete rows).
APPEND_ONLY = ("audit_entry", "payment", "credit_entry")
#: Tables the login may only read.
READ_ONLY = ("schema_version",)

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass
class Report:
    """What :func:`set_up` did, for the person running it."""

    created: list[str] = field(default_factory=list)
    reassigned: int = 0
    tables: int = 0
    migrated: list[int] = field(default_factory=list)


def _name(text: str, what: str) -> str:
    if not _NAME.match(text or ""):
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "{name} is not a usable {what} role name: use lower-case letters, digits "
                      "and _"), name=text, what=what)
    return text


def _role(db: peewee.Database, name: str) -> tuple[bool, bool] | None:
    row = db.execute_sql("SELECT rolsuper, rolcanlogin FROM pg_roles WHERE rolname = %s",
                         (name,)).fetchone()
    return (bool(row[0]), bool(row[1])) if row else None


def set_up(db: peewee.Database, owner: str, login: str,
           login_password: str | None = None) -> Report:
    """Make ``owner`` (NOLOGIN) own the shop's database and every object in its schema,
    bring the schema up to date as ``owner``, and give ``login`` only the rights the app
    needs (creating ``login`` with ``login_password`` when it does not exist). Idempotent.
    ``db``: a connection to the shop's database as an administrator."""
    owner, login = _name(owner, "owner"), _name(login, "login")
    if owner == login:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "The owner role and the shop's login must be two different roles"))
    report = Report()
    with db.atomic():
        found = _role(db, owner)
        if found is None:
            db.execute_sql(f'CREATE ROLE "{owner}" NOLOGIN')
            report.created.append(owner)
        found = _role(db, login)
        if found is None:
            if not login_password:
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "Errors", "The login {login} does not exist yet: give its password to "
                              "create it"), login=login)
            db.execute_sql(f'CREATE ROLE "{login}" LOGIN PASSWORD %s', (login_password,))
            report.created.append(login)
        elif found[0]:
            raise ValidationError(QT_TRANSLATE_NOOP(
                "Errors", "The login {login} is a superuser: it could change anything, "
                          "triggers included. Give the PCs a plain login"), login=login)
        name = db.database
        db.execute_sql(f'ALTER DATABASE "{name}" OWNER TO "{owner}"')
        db.execute_sql(f'ALTER SCHEMA public OWNER TO "{owner}"')
        report.reassigned = _reassign(db, owner)
        db.execute_sql(f'SET LOCAL ROLE "{owner}"')
        report.migrated = migrations.migrate(db)
        db.execute_sql("RESET ROLE")
        _grant(db, owner, login)
        report.tables = len(db.get_tables())
    return report


def _reassign(db: peewee.Database, owner: str) -> int:
    """Give ``owner`` every table, view, sequence (not owned by a column) and function of
    the schema; returns how many changed hands."""
    count = 0
    for (table,) in db.execute_sql(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') "
            "AND pg_get_userbyid(c.relowner) <> %s", (owner,)).fetchall():
        db.execute_sql(f'ALTER TABLE "{table}" OWNER TO "{owner}"')  # (its sequences too)
        count += 1
    for (sequence,) in db.execute_sql(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'S' "
            "AND pg_get_userbyid(c.relowner) <> %s", (owner,)).fetchall():
        db.execute_sql(f'ALTER SEQUENCE "{sequence}" OWNER TO "{owner}"')
        count += 1
    for (function,) in db.execute_sql(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> %s",
            (owner,)).fetchall():
        db.execute_sql(f"ALTER FUNCTION {function} OWNER TO \"{owner}\"")
        count += 1
    return count


def _grant(db: peewee.Database, owner: str, login: str) -> None:
    name = db.database
    db.execute_sql(f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC')
    # CREATE on the database: `shopdesk check` builds the schema this release expects in a
    # scratch schema of its own and rolls it back; a schema of its own gives the login no
    # right over the shop's tables (public stays the owner's: no CREATE there)
    db.execute_sql(f'GRANT CONNECT, TEMPORARY, CREATE ON DATABASE "{name}" TO "{login}"')
    db.execute_sql("REVOKE ALL ON SCHEMA public FROM PUBLIC")
    db.execute_sql(f'REVOKE ALL ON SCHEMA public FROM "{login}"')
    db.execute_sql(f'GRANT USAGE ON SCHEMA public TO "{login}"')
    db.execute_sql(f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{login}"')
    db.execute_sql(
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{login}"')
    for table in APPEND_ONLY:
        db.execute_sql(f'REVOKE UPDATE, DELETE ON "{table}" FROM "{login}"')
    for table in READ_ONLY:
        db.execute_sql(f'REVOKE INSERT, UPDATE, DELETE ON "{table}" FROM "{login}"')
    db.execute_sql(f'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "{login}"')
    # tables a later migration adds (it runs as the owner) are usable by the login at once
    db.execute_sql(f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public GRANT '
                   f'SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{login}"')
    db.execute_sql(f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public GRANT '
                   f'USAGE, SELECT, UPDATE ON SEQUENCES TO "{login}"')
