"""Numbered schema migrations, applied in order at open, all pending ones in one transaction.

Each migration is a module ``mNNNN_<what>.py`` with ``VERSION``, ``TITLE`` and
``apply(db)``. Migrations use frozen copies of the tables they create (never the live
models, which keep changing), so a database from any earlier release can be brought up to
date. The list is explicit (not a directory scan) so it also works inside the installer's
bundle. Add a new module to :data:`MIGRATION_MODULES`; never edit one that has shipped.
"""

from __future__ import annotations

import datetime as dt
import importlib
from types import ModuleType

import peewee

from shopdesk.errors import DatabaseOpenError

#: The migrations in order, by module name: ``mNNNN`` is schema version NNNN. A module is
#: imported only when a database needs it (an up-to-date database, the usual case at start,
#: imports none: schema 12 alone imports the Chinese name search keys).
MIGRATION_MODULES: list[str] = [
    "m0001_foundation", "m0002_tax_rates", "m0003_customers", "m0004_parts", "m0005_invoices",
    "m0006_repair_orders", "m0007_import_mappings", "m0008_pricing", "m0009_counter",
    "m0010_paper_size", "m0011_document_language", "m0012_chinese_name_keys",
    "m0013_appointment_package", "m0014_versions", "m0015_hash_chains", "m0016_sign_in",
    "m0017_cost_grants", "m0018_report_indexes", "m0019_fuel_types",
    "m0020_reminder_fold"]
LATEST_VERSION: int = int(MIGRATION_MODULES[-1][1:5])


def migration(name: str) -> ModuleType:
    """The migration module ``name`` (one of :data:`MIGRATION_MODULES`), imported now."""
    return importlib.import_module(f"{__name__}.{name}")


def __getattr__(name: str) -> list[ModuleType]:
    if name == "MIGRATIONS":  # every migration module, in order (imports them all)
        return [migration(n) for n in MIGRATION_MODULES]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_VERSION_TABLE = "schema_version"
_PG_LOCK_KEY = 0x5D0E5C  # advisory lock: two PCs starting at once migrate one after the other


def is_postgres(db: peewee.Database) -> bool:
    """True for a PostgreSQL database (the multi-PC mode)."""
    return isinstance(db, peewee.PostgresqlDatabase)


def current_version(db: peewee.Database) -> int:
    """The schema version stored in the database; 0 for an empty database."""
    if is_postgres(db):  # the schema in use (search_path), not always "public"
        found = db.execute_sql(f"SELECT to_regclass('{_VERSION_TABLE}')").fetchone()[0]
        if found is None:
            return 0
    elif _VERSION_TABLE not in db.get_tables():
        return 0
    row = db.execute_sql(f"SELECT MAX(version) FROM {_VERSION_TABLE}").fetchone()
    return int(row[0] or 0)


def _login(db: peewee.Database) -> str:
    return db.execute_sql("SELECT current_user").fetchone()[0]


def _may_change_schema(db: peewee.Database) -> bool:
    """On PostgreSQL: may this session change the schema? (It owns the tables, or is a member
    of the role that does, or may create tables in an empty database.) A shop set up with
    ``shopdesk db roles`` gives its login no such right: the owner role migrates."""
    row = db.execute_sql(
        "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE n.nspname = current_schema() AND c.relname = '{_VERSION_TABLE}'").fetchone()
    if row is None:
        row = db.execute_sql("SELECT has_schema_privilege(current_schema(), 'CREATE')").fetchone()
    return bool(row[0])


def migrate(db: peewee.Database, target: int | None = None) -> list[int]:
    """Bring the schema up to ``target`` (default: latest) in one transaction.

    Returns the versions applied. Refuses, changing nothing, a database whose schema is
    newer than this release knows.
    """
    target = LATEST_VERSION if target is None else target
    with db.atomic():
        if is_postgres(db):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_LOCK_KEY,))
        found = current_version(db)
        if found > LATEST_VERSION:
            raise DatabaseOpenError(
                f"This database was made by a newer ShopDesk (schema {found}; this one knows "
                f"up to {LATEST_VERSION}). Install the newer ShopDesk to open it; nothing was "
                "changed.")
        if is_postgres(db) and found < target and not _may_change_schema(db):
            from shopdesk.i18n import QT_TRANSLATE_NOOP

            raise DatabaseOpenError(QT_TRANSLATE_NOOP(
                "Errors", "This database needs an upgrade (schema {found} to {latest}) that only "
                          "its owner role may make, not the login {login}. Nothing was "
                          "changed. On the server run: shopdesk db roles --db "
                          "postgresql://ADMIN@SERVER/{name} --owner OWNER --login {login}"),
                found=found, latest=target, login=_login(db), name=db.database)
        if found == 0:
            db.execute_sql(
                f"CREATE TABLE {_VERSION_TABLE} (version INTEGER PRIMARY KEY, "
                "title VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)")
        applied = []
        for name in MIGRATION_MODULES:
            if found < int(name[1:5]) <= target:
                module = migration(name)
                module.apply(db)
                db.execute_sql(
                    f"INSERT INTO {_VERSION_TABLE} (version, title, applied_at) VALUES "
                    f"({db.param}, {db.param}, {db.param})",
                    (module.VERSION, module.TITLE,
                     dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")))
                applied.append(module.VERSION)
        return applied
