"""Open the shop's database: a SQLite file (one PC) or a PostgreSQL server (several PCs).

``open(url)`` checks the target, connects, sets the pragmas, applies pending migrations in one
transaction and binds every model to it. Anything wrong (missing file, not a database, a
database from a newer ShopDesk, a locked file, an unreachable server) raises
:class:`~shopdesk.errors.DatabaseOpenError` with a one-line message and changes nothing.
"""

from __future__ import annotations

import builtins
import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import peewee

from shopdesk import db_failures, migrations, network_share, paths
from shopdesk.errors import DatabaseOpenError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 2000  # long writes commit in batches (imports, stock-take posting)
# A long write (a batched import, posting a big stock-take) commits after holding the write
# lock this long, so other PCs and processes wait at most about this long for theirs ...
BATCH_HOLD_SECONDS = 0.75
# ... and on SQLite then leaves the lock free this long: longer than the longest sleep of
# SQLite's busy handler (100 ms), so a writer waiting for it gets it before the next batch.
BATCH_GAP_SECONDS = 0.12
# A long write's own wait for the write lock (another PC's write or a clerk's save first).
LONG_WRITE_BUSY_TIMEOUT_MS = 15000


def is_sqlite() -> bool:
    """The open shop is a SQLite file (one writer at a time, by a file lock)."""
    return isinstance(database_proxy.obj, peewee.SqliteDatabase)


@contextlib.contextmanager
def waiting_longer(milliseconds: int) -> Iterator[None]:
    """On SQLite, this connection waits up to ``milliseconds`` for the write lock inside the
    ``with`` (a long import waits its turn between other PCs' short writes), then
    :data:`BUSY_TIMEOUT_MS` again. PostgreSQL queues writers itself."""
    if not is_sqlite():
        yield
        return
    database_proxy.obj.execute_sql(f"PRAGMA busy_timeout = {int(milliseconds)}")
    try:
        yield
    finally:
        database_proxy.obj.execute_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

#: Pragmas for every SQLite connection. ``synchronous=full`` because a committed invoice must
#: survive a power cut; WAL keeps readers (lists, reports) from blocking the writer.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "synchronous": "full",
    "cache_size": -32000,  # 32 MB page cache
}


@dataclass(frozen=True)
class Target:
    """Where a database lives: ``kind`` is ``sqlite`` (``path``) or ``postgresql`` (``url``)."""

    kind: str
    path: Path | None = None
    url: str | None = None

    def shown(self) -> str:
        """:meth:`describe` in the screen's language, for the window (status bar, About)."""
        from shopdesk.i18n import translate

        if self.kind == "sqlite":
            return translate("Database", "SQLite file {path}").format(path=self.path)
        parts = urlsplit(self.url or "")
        port = f":{parts.port}" if parts.port else ""
        return translate("Database", "PostgreSQL database {name} on {host}").format(
            name=parts.path.lstrip("/"), host=(parts.hostname or "localhost") + port)

    def describe(self) -> str:
        """A one-line description safe to show (no password); also this PC's key for the
        database in its own settings, so never translated (see :meth:`shown`)."""
        if self.kind == "sqlite":
            return f"SQLite file {self.path}"
        parts = urlsplit(self.url or "")
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        return f"PostgreSQL {parts.path.lstrip('/')} on {host}{port}"


def parse_target(url: str | Path | None) -> Target:
    """Turn a ``--db`` value (a path, ``sqlite:///path`` or ``postgresql://…``) into a Target."""
    if url is None or str(url) == "":
        return Target("sqlite", path=paths.default_database_path())
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        return Target("postgresql", url=text)
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]
    elif "://" in text:
        scheme = text.split("://", 1)[0]
        raise DatabaseOpenError(QT_TRANSLATE_NOOP(
            "Errors", "Unknown database address {scheme}://…: use a file path or "
                      "postgresql://"), scheme=scheme)
    return Target("sqlite", path=Path(text).expanduser())


def open(url: str | Path | None = None, *, create: bool = False) -> peewee.Database:
    """Open (and bring up to date) the shop database at ``url``; bind the models to it.

    ``create`` allows making a new shop: a new SQLite file, or the schema in an empty file
    or an empty PostgreSQL database. Only what is asked to make a shop passes it (``shopdesk
    demo``, the set-up wizard); anything else refuses a missing, empty (zero bytes, no
    tables) or damaged database, saying so, and changes nothing.
    """
    target = parse_target(url)
    if target.kind == "postgresql":
        db = _connect_postgres(target)
    else:
        db = _connect_sqlite(target, create=create)
    try:
        _refuse_foreign_database(db, target)
        if not create and migrations.current_version(db) == 0:
            raise DatabaseOpenError(QT_TRANSLATE_NOOP(
                "Errors", "{where} is empty: it is not a ShopDesk shop, or the file is "
                          "damaged. Restore it from a backup (shopdesk restore, or File → "
                          "Backups…); nothing was changed."), where=target.describe())
        if target.kind == "sqlite":  # only now: WAL is stored in the file itself
            db.execute_sql(f"PRAGMA journal_mode={SQLITE_PRAGMAS['journal_mode']}")
        migrations.migrate(db)
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        raise _friendly(exc, target) from None
    except BaseException:
        db.close()
        raise
    database_proxy.initialize(db)
    return db


def current() -> peewee.Database | None:
    """The database that :func:`open` bound last (None before the first open)."""
    return database_proxy.obj


def close() -> None:
    """Close the current thread's connection to the open database, if any."""
    if database_proxy.obj is not None and not database_proxy.obj.is_closed():
        database_proxy.obj.close()


def target_of(db: peewee.Database) -> Target:
    """The Target a database was opened from (for the status bar and backups)."""
    if isinstance(db, peewee.PostgresqlDatabase):
        params = db.connect_params
        user = params.get("user") or ""
        host = params.get("host") or "localhost"
        port = params.get("port") or 5432
        return Target("postgresql", url=f"postgresql://{user}@{host}:{port}/{db.database}")
    return Target("sqlite", path=Path(db.database))


def _connect_sqlite(target: Target, *, create: bool) -> peewee.SqliteDatabase:
    path = target.path
    assert path is not None
    if path.is_dir():
        raise DatabaseOpenError(QT_TRANSLATE_NOOP(
            "Errors", "{path} is a folder, not a database file"), path=path)
    if (refused := network_share.refusal(path)) is not None:
        raise DatabaseOpenError(refused)
    if path.exists():
        _check_sqlite_header(path, create=create)
    elif not create:
        raise DatabaseOpenError(QT_TRANSLATE_NOOP("Errors", "There is no database at {path}"),
                                path=path)
    elif not path.parent.exists():
        if path.parent == paths.data_dir():  # ShopDesk's own folder: make it on first run
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            raise DatabaseOpenError(QT_TRANSLATE_NOOP(
                "Errors", "The folder {folder} does not exist"), folder=path.parent)
    # journal_mode is set by open() once the file is known to be ShopDesk's: switching
    # another program's file to WAL would change it.
    pragmas = {k: v for k, v in SQLITE_PRAGMAS.items() if k != "journal_mode"}
    db = db_failures.SqliteDatabase(
        str(path), pragmas=pragmas, timeout=BUSY_TIMEOUT_MS / 1000,
        lock_type="IMMEDIATE")
    try:
        db.connect()
    except (peewee.OperationalError, peewee.DatabaseError) as exc:
        db.close()
        raise _friendly(exc, target) from None
    return db


def _check_sqlite_header(path: Path, *, create: bool) -> None:
    try:
        with builtins.open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseOpenError(QT_TRANSLATE_NOOP("Errors", "Cannot read {path}: {reason}"),
                                path=path, reason=exc.strerror) from None
    if not header and not create:  # zero bytes: a shop file emptied, never a shop to fill
        raise DatabaseOpenError(QT_TRANSLATE_NOOP(
            "Errors", "{path} is empty (0 bytes): it is not a ShopDesk shop, or the file is "
                      "damaged. Restore it from a backup (shopdesk restore, or File → "
                      "Backups…); nothing was changed."), path=path)
    if header and header != SQLITE_HEADER:
        raise DatabaseOpenError(QT_TRANSLATE_NOOP(
            "Errors", "{path} is not a ShopDesk database (it is not an SQLite file)"),
            path=path)


def connect_postgres(target: Target) -> peewee.PostgresqlDatabase:
    """A connection to a PostgreSQL database with none of :func:`open`'s checks and no
    migrations (the server-side set-up of ``shopdesk db roles``), models left unbound."""
    return _connect_postgres(target)


def _connect_postgres(target: Target) -> peewee.PostgresqlDatabase:
    parts = urlsplit(target.url or "")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise DatabaseOpenError(QT_TRANSLATE_NOOP(
            "Errors", "The PostgreSQL address names no database: postgresql://host/NAME"))
    db = db_failures.PostgresqlDatabase(
        name,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        host=parts.hostname or "localhost",
        port=parts.port or 5432,
        connect_timeout=5,
        application_name="ShopDesk",
    )
    try:
        db.connect()
    except (peewee.OperationalError, peewee.DatabaseError) as exc:
        db.close()
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseOpenError(QT_TRANSLATE_NOOP("Errors", "Cannot connect to {where}: "
                                                            "{problem}"),
                                where=target.describe(), problem=first_line) from None
    return db


def _refuse_foreign_database(db: peewee.Database, target: Target) -> None:
    tables = set(db.get_tables())
    if tables and "schema_version" not in tables:
        raise DatabaseOpenError(QT_TRANSLATE_NOOP(
            "Errors", "{where} holds another program's data, not a ShopDesk database"),
            where=target.describe())


def _friendly(exc: Exception, target: Target) -> DatabaseOpenError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseOpenError(QT_TRANSLATE_NOOP(
            "Errors", "{where} is busy: another ShopDesk or program is writing to it. Try "
                      "again in a moment."), where=target.describe())
    if isinstance(exc, sqlite3.DatabaseError) or "not a database" in text or "malformed" in text:
        return DatabaseOpenError(QT_TRANSLATE_NOOP(
            "Errors", "{where} is damaged ({problem}): restore it from a backup (shopdesk "
                      "restore, or File → Backups…); nothing was changed."),
            where=target.describe(), problem=text)
    return DatabaseOpenError(QT_TRANSLATE_NOOP("Errors", "Cannot open {where}: {problem}"),
                             where=target.describe(), problem=text)
