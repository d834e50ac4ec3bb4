"""Restore a backup over the shop database (owner only), never leaving the shop without one.

Order of work, each step able to fail with the current database left as it was:

1. verify the backup (SQLite header, ``integrity_check``, a ShopDesk schema not newer than
   this release) — nothing touched yet;
2. keep a safety copy of the current database in the backup folder (itself a verified
   backup — ``quick_check``, the working database needs no index re-check — named
   ``…_before-restore.sqlite3``, never rotated away);
3. stage a copy of the backup beside the database file, flush it and compare it byte for
   byte with the verified backup;
4. close our connection and take the database out of WAL mode (this fails if another
   program still has it open, so nobody is cut off mid-write);
5. swap the staged file in with one atomic ``os.replace``, drop stale ``-wal``/``-shm``;
6. reopen it with :func:`shopdesk.db.open` (which upgrades an older schema).

A failure in 3–5 removes the staged copy and reopens the current database. A failure in 6
puts the safety copy back the same way. The restore is written to the restored database's
audit log.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee

from shopdesk import db as database
from shopdesk.errors import ShopDeskError
from shopdesk.models.users import User
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.shop import restore_postgres
from shopdesk.services.shop.backup import (
    SAFETY_TAG,
    BackupError,
    Verification,
    copy_sqlite,
    verify_backup,
)

DAMAGED_SUFFIX = ".damaged"


@dataclass(frozen=True)
class RestoreResult:
    """The reopened database, what the backup verified as, and where the old data was kept."""

    db: peewee.Database
    verification: Verification
    safety_copy: Path | None
    kept_database: str = ""  # PostgreSQL: the server's database as it was, renamed


def restore_backup(actor: Actor, db: peewee.Database | None, live: Path, backup: Path,
                   folder: Path, *, now: dt.datetime | None = None) -> RestoreResult:
    """Replace the database file ``live`` by ``backup``; returns the reopened database.

    ``db`` is the open connection to ``live`` (None when it could not be opened: then the old
    file is kept byte for byte as ``….damaged`` instead of as a verified safety copy). On a
    PostgreSQL ``db`` the dump ``backup`` replaces the server's database
    (:mod:`shopdesk.services.shop.restore_postgres`) and ``live`` is not used.
    """
    require(actor, Permission.RESTORE_BACKUP)
    if isinstance(db, peewee.PostgresqlDatabase):  # ``live`` is not used: the server's database
        done = restore_postgres.restore_dump(actor, db, Path(backup), folder, now=now)
        _audit(actor, Path(backup), done.safety_dump, done.verification,
               f" and on the server as the database {done.kept_database}")
        return RestoreResult(done.db, done.verification, done.safety_dump, done.kept_database)
    now = now or dt.datetime.now()
    backup = Path(backup)
    if live.exists() and backup.resolve() == live.resolve():
        raise BackupError("That file is the shop database itself, not a backup of it")
    check = verify_backup(backup)
    if not check.ok:
        raise BackupError(f"Nothing was restored: {check.problem}")
    safety = _keep_current(live, folder, now, opened=db is not None)
    staged = live.with_name(live.name + ".restoring")
    try:
        _stage(backup, staged)
        if db is not None:
            db.close()
            _quiesce(live)  # a damaged file (db None) cannot be checkpointed: it is replaced
        _swap(staged, live)
    except BaseException as exc:
        staged.unlink(missing_ok=True)
        if db is not None:
            _reopen(db)
        if isinstance(exc, ShopDeskError):
            raise
        if isinstance(exc, OSError):
            raise BackupError(f"Nothing was restored ({exc.strerror or exc}); the shop database "
                              "is as it was.") from None
        raise
    try:
        reopened = database.open(live)
    except ShopDeskError as exc:
        if safety is not None and db is not None:
            _stage(safety, staged)
            _swap(staged, live)
            _reopen(db)
        raise BackupError(f"The restored database would not open ({exc}); the shop database "
                          "was put back as it was.") from None
    _audit(actor, backup, safety, check)
    return RestoreResult(reopened, check, safety)


def _keep_current(live: Path, folder: Path, now: dt.datetime, *, opened: bool) -> Path | None:
    if not live.exists():
        return None
    if opened:
        path, _ = copy_sqlite(live, folder, live.stem, now, SAFETY_TAG, thorough=False)
        return path
    damaged = folder / f"{live.stem}_{now:%Y-%m-%d_%H%M%S}{DAMAGED_SUFFIX}"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(live, damaged)
    return damaged


def _stage(source: Path, staged: Path) -> None:
    """Copy the verified ``source`` to ``staged`` beside the database, flushed, read back and
    compared byte for byte (a bad copy never replaces the shop database)."""
    shutil.copyfile(source, staged)
    with open(staged, "rb+") as fh:
        os.fsync(fh.fileno())
    if not filecmp.cmp(source, staged, shallow=False):
        raise BackupError("Nothing was restored: the copy of the backup came out different "
                          "(a failing disk?)")


def _quiesce(live: Path) -> None:
    """Fold the WAL into the file and leave WAL mode; fails if anyone else has it open."""
    if not live.exists():
        return
    conn = sqlite3.connect(live, timeout=2)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.Error as exc:
        raise BackupError(f"Nothing was restored: the database is in use ({exc}). Close "
                          "ShopDesk on this PC's other windows and try again.") from None
    finally:
        conn.close()
    if str(mode).lower() != "delete":
        raise BackupError("Nothing was restored: another program has the shop database open. "
                          "Close it and try again.")


def _reopen(db: peewee.Database) -> None:
    """Reconnect the current database as it was (back in WAL mode, bound to the models)."""
    from shopdesk.models.base import database_proxy

    db.connect(reuse_if_open=True)
    db.execute_sql(f"PRAGMA journal_mode={database.SQLITE_PRAGMAS['journal_mode']}")
    database_proxy.initialize(db)


def _swap(staged: Path, live: Path) -> None:
    """Put ``staged`` in place of ``live`` in one step; remove stale WAL files."""
    os.replace(staged, live)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    if os.name == "posix":
        fd = os.open(live.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _audit(actor: Actor, backup: Path, safety: Path | None, check: Verification,
           also: str = "") -> None:
    from shopdesk.models.base import database_proxy as db

    user = User.get_or_none(User.id == actor.user_id) if actor.user_id is not None else None
    if user is None or user.username != actor.username:
        actor = Actor(None, actor.username, actor.role, actor.display_name)
    kept = f"; the database before was kept as {safety.name}{also}" if safety else ""
    with db.atomic():
        audit.record(actor, "restore", "database", "",
                     f"Restored backup {backup.name} (schema {check.schema_version}){kept}",
                     after={"backup": str(backup), "safety_copy": str(safety or "")})
