"""Numbered schema migrations, applied in order at open, all pending ones in one transaction.

Each migration is a module ``mNNNN_<what>.py`` with ``VERSION``, ``TITLE`` and
``apply(db)``. Migrations use frozen copies of the tables they create (never the live
models, which keep changing), so a database from any earlier release can be brought up to
date. The list is explicit (not a directory scan) so it also works inside the installer's
bundle. Add a new module to :data:`MIGRATIONS`; never edit one that has shipped.
"""

from __future__ import annotations

import datetime as dt
from types import ModuleType

import peewee

from shopdesk.errors import DatabaseOpenError
from shopdesk.migrations import (
    m0001_foundation,
    m0002_tax_rates,
    m0003_customers,
    m0004_parts,
    m0005_invoices,
    m0006_repair_orders,
    m0007_import_mappings,
    m0008_pricing,
    m0009_counter,
    m0010_paper_size,
    m0011_document_language,
    m0012_chinese_name_keys,
    m0013_appointment_package,
    m0014_report_indexes,
)

MIGRATIONS: list[ModuleType] = [m0001_foundation, m0002_tax_rates, m0003_customers, m0004_parts,
                                m0005_invoices, m0006_repair_orders, m0007_import_mappings,
                                m0008_pricing, m0009_counter, m0010_paper_size,
                                m0011_document_language, m0012_chinese_name_keys,
                                m0013_appointment_package, m0014_report_indexes]
LATEST_VERSION: int = MIGRATIONS[-1].VERSION

_VERSION_TABLE = "schema_version"
_PG_LOCK_KEY = 0x5D0E5C  # advisory lock: two PCs starting at once migrate one after the other


def is_postgres(db: peewee.Database) -> bool:
    """True for a PostgreSQL database (the multi-PC mode)."""
    return isinstance(db, peewee.PostgresqlDatabase)


def current_version(db: peewee.Database) -> int:
    """The schema version stored in the database; 0 for an empty database."""
    if _VERSION_TABLE not in db.get_tables():
        return 0
    row = db.execute_sql(f"SELECT MAX(version) FROM {_VERSION_TABLE}").fetchone()
    return int(row[0] or 0)


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
        if found == 0:
            db.execute_sql(
                f"CREATE TABLE {_VERSION_TABLE} (version INTEGER PRIMARY KEY, "
                "title VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)")
        applied = []
        for module in MIGRATIONS:
            if found < module.VERSION <= target:
                module.apply(db)
                db.execute_sql(
                    f"INSERT INTO {_VERSION_TABLE} (version, title, applied_at) VALUES "
                    f"({db.param}, {db.param}, {db.param})",
                    (module.VERSION, module.TITLE,
                     dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")))
                applied.append(module.VERSION)
        return applied
