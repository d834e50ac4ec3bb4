"""The schema this release expects, and how a database differs from it (tamper evidence).

The expected schema is never a hand-kept list: it is read from the catalogue of a database
freshly migrated by this release — on SQLite an in-memory database, on PostgreSQL a scratch
schema inside a transaction that is rolled back (nothing is left behind). A database is
compared with it by name: tables, their columns, indexes and triggers, and each trigger's
definition (and, on PostgreSQL, the body of the function it runs and whether it is
enabled). Anything missing, extra or changed is a difference: an extra trigger always is
(one that deletes audit rows would otherwise go unseen).

Used by ``shopdesk check`` (the ``schema`` invariant) and by a restore, on the staged copy,
before it replaces the shop's database. Qt-free.
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass, field

import peewee

from shopdesk import migrations
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate

CONTEXT = "SchemaCheck"

#: What a difference says, by kind (``{name}``: the table, index or trigger; ``{table}``).
TEXTS = {
    "missing_table": QT_TRANSLATE_NOOP("SchemaCheck", "missing table {name}"),
    "extra_table": QT_TRANSLATE_NOOP("SchemaCheck", "unexpected table {name}"),
    "missing_column": QT_TRANSLATE_NOOP("SchemaCheck", "missing column {name} of table {table}"),
    "extra_column": QT_TRANSLATE_NOOP("SchemaCheck",
                                      "unexpected column {name} in table {table}"),
    "missing_index": QT_TRANSLATE_NOOP("SchemaCheck", "missing index {name} on table {table}"),
    "extra_index": QT_TRANSLATE_NOOP("SchemaCheck", "unexpected index {name} on table {table}"),
    "missing_trigger": QT_TRANSLATE_NOOP("SchemaCheck",
                                         "missing trigger {name} on table {table}"),
    "extra_trigger": QT_TRANSLATE_NOOP("SchemaCheck",
                                       "unexpected trigger {name} on table {table}"),
    "changed_trigger": QT_TRANSLATE_NOOP("SchemaCheck",
                                         "trigger {name} on table {table} was changed"),
    "disabled_trigger": QT_TRANSLATE_NOOP("SchemaCheck",
                                          "trigger {name} on table {table} is disabled"),
}


@dataclass(frozen=True)
class Difference:
    """One way a database's schema differs from the expected one."""

    kind: str  # a key of TEXTS
    name: str
    table: str = ""

    def __str__(self) -> str:  # English (logs, tests)
        return TEXTS[self.kind].format(name=self.name, table=self.table)

    def shown(self) -> str:
        """In the language in use."""
        return translate(CONTEXT, TEXTS[self.kind]).format(name=self.name, table=self.table)


@dataclass
class Catalogue:
    """A database's schema by name."""

    columns: dict[str, set[str]] = field(default_factory=dict)  # table -> its columns
    indexes: dict[str, str] = field(default_factory=dict)  # index -> its table
    triggers: dict[str, tuple[str, str]] = field(default_factory=dict)  # -> (table, definition)
    disabled: set[str] = field(default_factory=set)  # triggers switched off (PostgreSQL)


_EXPECTED: dict[tuple[str, int], Catalogue] = {}
_LOCK = threading.Lock()


def differences(db: peewee.Database, version: int | None = None) -> list[Difference]:
    """How the schema of ``db`` differs from the one this release expects ([] when none);
    with ``version``, from the one this release makes at that schema version (a backup of
    an older release, before it is upgraded). ``db`` may be the models' proxy."""
    db = getattr(db, "obj", None) or db  # (the database itself: its kind decides the SQL)
    return compare(read_catalogue(db), expected(db, version))


def expected(db: peewee.Database, version: int | None = None) -> Catalogue:
    """The schema this release makes (at schema ``version``, default the latest), for the
    kind of database ``db`` is (built once)."""
    kind = "postgresql" if migrations.is_postgres(db) else "sqlite"
    version = migrations.LATEST_VERSION if version is None else version
    with _LOCK:
        if (kind, version) not in _EXPECTED:
            _EXPECTED[kind, version] = (_build_postgres(db, version) if kind == "postgresql"
                                        else _build_sqlite(version))
        return _EXPECTED[kind, version]


def compare(found: Catalogue, wanted: Catalogue) -> list[Difference]:
    """The differences between ``found`` and ``wanted``, in a stable order."""
    out: list[Difference] = []
    for table in sorted(wanted.columns.keys() - found.columns.keys()):
        out.append(Difference("missing_table", table))
    for table in sorted(found.columns.keys() - wanted.columns.keys()):
        out.append(Difference("extra_table", table))
    for table in sorted(wanted.columns.keys() & found.columns.keys()):
        out.extend(Difference("missing_column", c, table)
                   for c in sorted(wanted.columns[table] - found.columns[table]))
        out.extend(Difference("extra_column", c, table)
                   for c in sorted(found.columns[table] - wanted.columns[table]))
    for name in sorted(wanted.indexes.keys() - found.indexes.keys()):
        out.append(Difference("missing_index", name, wanted.indexes[name]))
    for name in sorted(found.indexes.keys() - wanted.indexes.keys()):
        out.append(Difference("extra_index", name, found.indexes[name]))
    for name in sorted(wanted.triggers.keys() - found.triggers.keys()):
        out.append(Difference("missing_trigger", name, wanted.triggers[name][0]))
    for name in sorted(found.triggers.keys() - wanted.triggers.keys()):
        out.append(Difference("extra_trigger", name, found.triggers[name][0]))
    for name in sorted(wanted.triggers.keys() & found.triggers.keys()):
        if found.triggers[name] != wanted.triggers[name]:
            out.append(Difference("changed_trigger", name, found.triggers[name][0]))
        elif name in found.disabled:
            out.append(Difference("disabled_trigger", name, found.triggers[name][0]))
    return out


# --- reading a catalogue -----------------------------------------------------------------------
def _same_text(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def read_catalogue(db: peewee.Database, schema: str | None = None) -> Catalogue:
    """The schema of ``db`` (PostgreSQL: of ``schema``, default the current one)."""
    if migrations.is_postgres(db):
        return _read_postgres(db, schema)
    return _read_sqlite(db)


def _read_sqlite(db: peewee.Database) -> Catalogue:
    found = Catalogue()
    rows = db.execute_sql("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, table, sql in rows:
        if name.startswith("sqlite_") and kind == "table":
            continue  # SQLite's own (sqlite_sequence, sqlite_stat1 after ANALYZE)
        if kind == "table":
            columns = db.execute_sql(f'PRAGMA table_info("{name}")').fetchall()
            found.columns[name] = {c[1] for c in columns}
        elif kind == "index":
            found.indexes[name] = table
        elif kind == "trigger":
            found.triggers[name] = (table, _same_text(sql))
    return found


def _read_postgres(db: peewee.Database, schema: str | None) -> Catalogue:
    if schema is None:
        schema = db.execute_sql("SELECT current_schema()").fetchone()[0]
    found = Catalogue()
    for table, column in db.execute_sql(
            "SELECT c.relname, a.attname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
            "AND NOT a.attisdropped "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p')", (schema,)).fetchall():
        found.columns.setdefault(table, set())
        if column is not None:
            found.columns[table].add(column)
    for name, table in db.execute_sql(
            "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = %s",
            (schema,)).fetchall():
        found.indexes[name] = table
    qualified = re.compile(rf'(?<![\w"])(?:"{re.escape(schema)}"|{re.escape(schema)})\.')
    for name, table, definition, enabled, body in db.execute_sql(
            "SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid), t.tgenabled, p.prosrc "
            "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE n.nspname = %s AND NOT t.tgisinternal", (schema,)).fetchall():
        shown = qualified.sub("", _same_text(definition))
        found.triggers[name] = (table, f"{shown} -- {_same_text(body)}")
        if enabled == "D":
            found.disabled.add(name)
    return found


# --- the expected schema -----------------------------------------------------------------------
def _build_sqlite(version: int) -> Catalogue:
    scratch = peewee.SqliteDatabase(":memory:", pragmas={"foreign_keys": 1})
    scratch.connect()
    try:
        migrations.migrate(scratch, target=version)
        return _read_sqlite(scratch)
    finally:
        scratch.close()


class _Discard(Exception):
    """Rolls the scratch schema back."""


def _build_postgres(db: peewee.Database, version: int) -> Catalogue:
    """Migrate a scratch schema of ``db`` from nothing, read it, roll it all back."""
    schema = f"shopdesk_expected_{uuid.uuid4().hex[:10]}"
    built: list[Catalogue] = []
    try:
        with db.atomic():
            db.execute_sql(f'CREATE SCHEMA "{schema}"')
            db.execute_sql(f'SET LOCAL search_path TO "{schema}"')
            migrations.migrate(db, target=version)
            built.append(_read_postgres(db, schema))
            raise _Discard
    except _Discard:
        pass
    return built[0]
