"""Invariants of the database itself and of the shop's set-up: the engine's own check,
the schema version, one settings row, an active owner, one default tax rate."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import peewee

from shopdesk import migrations
from shopdesk.i18n import translate
from shopdesk.models.settings import ShopSettings, TaxRate
from shopdesk.models.users import Role, User
from shopdesk.services.faults import Fault, invariant
from shopdesk.services.shop import schema_check


@invariant("storage")
def _storage(db: peewee.Database) -> Iterable[Fault]:
    if isinstance(db, peewee.SqliteDatabase):
        try:
            rows = [r[0] for r in db.execute_sql("PRAGMA integrity_check").fetchall()]
        except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
            rows = [str(exc)]
        if rows != ["ok"]:
            yield Fault("storage", translate(
                "Checks", "the database file is damaged: restore it from a backup (shopdesk "
                          "restore, or File → Backups…)"))
            yield from (Fault("storage", translate("Checks", "SQLite reports: {problem}")
                              .format(problem=r)) for r in rows[:20])
            return
        for table, rowid, parent, _ in db.execute_sql("PRAGMA foreign_key_check").fetchall():
            yield Fault("storage", translate(
                "Checks", "{table} row {row} points to a missing {parent}").format(
                table=table, row=rowid, parent=parent))


@invariant("schema")
def _schema(db: peewee.Database) -> Iterable[Fault]:
    found = migrations.current_version(db)
    if found != migrations.LATEST_VERSION:
        yield Fault("schema", translate("Checks", "schema version {found}, expected {latest}")
                    .format(found=found, latest=migrations.LATEST_VERSION))
        return
    # every table, column, index and trigger this release makes, and nothing more
    yield from (Fault("schema", d.shown()) for d in schema_check.differences(db))


@invariant("shop")
def _shop(db: peewee.Database) -> Iterable[Fault]:
    count = ShopSettings.select().count()
    if count > 1:
        yield Fault("shop", translate("Checks", "{count} settings rows; there must be one")
                    .format(count=count))
    owners = User.select().where((User.role == Role.OWNER.value) & (User.active == True))  # noqa: E712
    if User.select().exists() and not owners.exists():
        yield Fault("shop", translate("Checks", "no active owner account: nobody can manage "
                                                "users or settings"))
    defaults = TaxRate.select().where(TaxRate.is_default == True).count()  # noqa: E712
    if TaxRate.select().exists() and defaults != 1:
        yield Fault("shop", translate(
            "Checks", "{count} default tax rates; there must be exactly one").format(
            count=defaults))
