"""Restore a backup over the shop database (owner only), never leaving the shop without one.

Order of work, each step able to fail with the current database left as it was
(:func:`prepare_restore`, then :meth:`PreparedRestore.swap`):

1. verify the backup (SQLite header, ``integrity_check``, a ShopDesk schema not newer than
   this release) — nothing touched yet; leftovers of restores and backups killed part-way
   (``….restoring``, ``….partial``) are removed first;
2. keep a safety copy of the current database in the backup folder (itself a verified
   backup — ``quick_check``, the working database needs no index re-check — named
   ``…_before-restore.sqlite3``, never rotated away);
3. stage a copy of the backup beside the database file, flush it and compare it byte for
   byte with the verified backup;
4. bring the staged copy up to this release's schema and check it whole: every table,
   column, index and trigger this release expects and no others
   (:mod:`~shopdesk.services.shop.schema_check`), and every ``shopdesk check`` invariant;
5. close our connection and take the database out of WAL mode (this fails if another
   program still has it open, so nobody is cut off mid-write);
6. swap the staged file in with one atomic ``os.replace``, drop stale ``-wal``/``-shm``;
7. reopen it with :func:`shopdesk.db.open` and write the restore to its audit log.

A failure in 3–6 removes the staged copy and reopens the current database. Any failure in 7
puts the safety copy back the same way, so the live shop is never left broken.
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
from shopdesk import migrations
from shopdesk.errors import ShopDeskError, user_message
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.models.base import database_proxy
from shopdesk.models.users import User
from shopdesk.services import audit, integrity
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.shop import restore_postgres, schema_check
from shopdesk.services.shop.backup import (
    SAFETY_TAG,
    BackupError,
    Verification,
    copy_sqlite,
    remove_leftovers,
    verify_backup,
)

DAMAGED_SUFFIX = ".damaged"
STAGED_SUFFIX = ".restoring"


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
        def finish(done: restore_postgres.PgRestore) -> None:
            _audit(actor, Path(backup), done.safety_dump, done.verification,
                   f" and on the server as the database {done.kept_database}")

        done = restore_postgres.restore_dump(actor, db, Path(backup), folder, now=now,
                                             finish=finish)
        return RestoreResult(done.db, done.verification, done.safety_dump, done.kept_database)
    return prepare_restore(actor, db, live, backup, folder, now=now).swap()


@dataclass
class PreparedRestore:
    """A restore checked and ready to swap in: the staged copy beside the database file has
    the whole schema this release expects and passes ``shopdesk check``; the database as it
    is now is kept as ``safety``. :meth:`swap` puts it in place (or :meth:`discard`)."""

    actor: Actor
    db: peewee.Database | None
    live: Path
    backup: Path
    staged: Path
    safety: Path | None
    verification: Verification

    def swap(self) -> RestoreResult:
        """Swap the staged copy in, reopen it and audit the restore. Anything failing after
        the swap puts the database as it was back (the safety copy), so the live shop is
        never left broken."""
        db, live, staged = self.db, self.live, self.staged
        try:
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
                raise BackupError(QT_TRANSLATE_NOOP(
                    "Errors", "Nothing was restored ({problem}); the shop database is as it "
                              "was."), problem=exc.strerror or exc) from None
            raise
        reopened: peewee.Database | None = None
        try:
            reopened = database.open(live)
            _audit(self.actor, self.backup, self.safety, self.verification)
        except BaseException as exc:
            if reopened is not None:
                reopened.close()
            self._put_back()
            if isinstance(exc, ShopDeskError) and reopened is None:
                raise BackupError(QT_TRANSLATE_NOOP(
                    "Errors", "The restored database would not open ({problem}); the shop "
                              "database was put back as it was."),
                    problem=exc.translated()) from None
            if isinstance(exc, (ShopDeskError, peewee.PeeweeException, sqlite3.Error, OSError)):
                raise BackupError(QT_TRANSLATE_NOOP(
                    "Errors", "The restore failed after the swap ({problem}); the shop "
                              "database was put back as it was."),
                    problem=user_message(exc)) from None
            raise
        return RestoreResult(reopened, self.verification, self.safety)

    def discard(self) -> None:
        """Not restoring after all: remove the staged copy; the shop is as it was."""
        _remove_staged(self.staged)

    def _put_back(self) -> None:
        if self.safety is not None:
            _stage(self.safety, self.staged)
            _swap(self.staged, self.live)
        if self.db is not None:
            _reopen(self.db)
        else:
            database_proxy.initialize(None)


def prepare_restore(actor: Actor, db: peewee.Database | None, live: Path, backup: Path,
                    folder: Path, *, now: dt.datetime | None = None) -> PreparedRestore:
    """Everything of a SQLite restore up to the swap; the shop database is not touched.

    The backup is verified (``integrity_check``), the database as it is now kept as a safety
    copy, the backup copied beside the database file (compared byte for byte), the copy
    brought up to this release's schema, and then checked: its whole schema (every table,
    column, index and trigger, no extra ones) and every ``shopdesk check`` invariant. Any
    problem is refused naming it, with the staged copy removed and ``db`` bound as before.
    """
    require(actor, Permission.RESTORE_BACKUP)
    now = now or dt.datetime.now()
    backup = Path(backup)
    if live.exists() and backup.resolve() == live.resolve():
        raise BackupError(QT_TRANSLATE_NOOP(
            "Errors", "That file is the shop database itself, not a backup of it"))
    staged = live.with_name(live.name + STAGED_SUFFIX)
    remove_leftovers(folder, staged)  # of restores and backups killed part-way
    check = verify_backup(backup)
    if not check.ok:
        raise BackupError(QT_TRANSLATE_NOOP("Errors", "Nothing was restored: {problem}"),
                          problem=check.problem)
    safety = _keep_current(live, folder, now, opened=db is not None)
    try:
        _stage(backup, staged)
        _check_staged(staged, backup.name)
    except BaseException as exc:
        _remove_staged(staged)
        if isinstance(exc, ShopDeskError):
            raise
        if isinstance(exc, OSError):
            raise BackupError(QT_TRANSLATE_NOOP(
                "Errors", "Nothing was restored ({problem}); the shop database is as it "
                          "was."), problem=exc.strerror or exc) from None
        raise
    return PreparedRestore(actor, db, live, backup, staged, safety, check)


def _check_staged(staged: Path, name: str) -> None:
    """Bring the staged copy up to date and check it whole; refuse it naming what is wrong.
    The shop database stays bound (and open) meanwhile, for every other thread."""
    copy = peewee.SqliteDatabase(str(staged), pragmas={"foreign_keys": 1})  # journal: DELETE
    try:
        copy.connect()
        # the schema of its own version first (a backup of an older release), then upgraded
        _refuse_differences(name, schema_check.differences(
            copy, migrations.current_version(copy)))
        try:
            migrations.migrate(copy)  # an older backup is upgraded here, before the swap
        except (peewee.PeeweeException, sqlite3.Error) as exc:
            raise BackupError(QT_TRANSLATE_NOOP(
                "Errors", "Nothing was restored: {backup} is not a whole ShopDesk database "
                          "(it cannot be brought up to this release: {problem})"),
                backup=name, problem=exc) from None
        _refuse_differences(name, schema_check.differences(copy))
        with database_proxy.on_this_thread(copy):  # the window keeps the shop meanwhile
            # "storage" (integrity_check) already passed on these very bytes
            faults = integrity.run_checks(copy, skip={"storage"})
        if faults:
            raise BackupError(QT_TRANSLATE_NOOP(
                "Errors", "Nothing was restored: the data in {backup} fails the checks: "
                          "{problems}"), backup=name, problems=_listed([str(f) for f in faults]))
    finally:
        copy.close()


def _refuse_differences(name: str, found: list[schema_check.Difference]) -> None:
    if found:
        raise BackupError(QT_TRANSLATE_NOOP(
            "Errors", "Nothing was restored: {backup} does not have the schema this ShopDesk "
                      "expects: {problems}"),
            backup=name, problems=_listed([d.shown() for d in found]))


def _listed(problems: list[str], most: int = 5) -> str:
    shown = "; ".join(problems[:most])
    if len(problems) > most:
        shown += " " + translate("Errors", "(and {count} more)").format(
            count=len(problems) - most)
    return shown


def _remove_staged(staged: Path) -> None:
    for path in (staged, *(Path(f"{staged}{s}") for s in ("-wal", "-shm", "-journal"))):
        path.unlink(missing_ok=True)


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
        raise BackupError(QT_TRANSLATE_NOOP(
            "Errors", "Nothing was restored: the copy of the backup came out different (a "
                      "failing disk?)"))


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
    db = database_proxy
    user = User.get_or_none(User.id == actor.user_id) if actor.user_id is not None else None
    if user is None or user.username != actor.username:
        actor = Actor(None, actor.username, actor.role, actor.display_name)
    kept = f"; the database before was kept as {safety.name}{also}" if safety else ""
    with db.atomic():
        audit.record(actor, "restore", "database", "",
                     f"Restored backup {backup.name} (schema {check.schema_version}){kept}",
                     after={"backup": str(backup), "safety_copy": str(safety or "")})
