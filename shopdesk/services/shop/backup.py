"""Backups of the shop database: made while the app runs, verified before they count, rotated.

A SQLite backup is taken with SQLite's online backup API on a connection of its own (the app
keeps working), written under a temporary name, switched out of WAL mode so it is one
self-contained file, checked (``PRAGMA integrity_check``, and a ShopDesk schema this release
knows), flushed to disk, and only then renamed to its final name. So every file named
``<database>_<YYYY-MM-DD_HHMMSS>.sqlite3`` in the backup folder is a good backup. After each
backup, rotation keeps 7 daily, 4 weekly and 12 monthly ones (:mod:`backup_rotation`).

A PostgreSQL database is backed up with ``pg_dump`` (custom format) when it is on PATH; it is
otherwise the server's job. Qt-free: the GUI runs these functions on a worker thread.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from shopdesk import db as database
from shopdesk import migrations
from shopdesk.errors import ShopDeskError
from shopdesk.i18n import translate
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.shop import backup_rotation

STALE_AFTER = dt.timedelta(days=2)
SAFETY_TAG = "before-restore"
SQLITE_SUFFIX = ".sqlite3"
PG_SUFFIX = ".pgdump"
_STAMP = "%Y-%m-%d_%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)_(?P<stamp>\d{4}-\d{2}-\d{2}_\d{6})(?:_(?P<tag>[a-z-]+))?"
                   r"(?P<suffix>\.sqlite3|\.pgdump)$")


class BackupError(ShopDeskError):
    """A backup could not be made or a file is not a usable backup."""


@dataclass(frozen=True)
class BackupFile:
    """One backup in the folder, known from its name."""

    path: Path
    database: str  # the stem of the database it was taken from ("shop", "demo-shop")
    taken_at: dt.datetime  # local time, from the file name
    tag: str = ""  # "before-restore" for the safety copy a restore keeps

    @property
    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    @property
    def is_safety_copy(self) -> bool:
        return self.tag == SAFETY_TAG


@dataclass(frozen=True)
class Verification:
    """What checking a backup file found: the schema version, or why it is unusable."""

    ok: bool
    schema_version: int = 0
    problem: str = ""
    check: str = "integrity check"

    def describe(self) -> str:
        if self.ok:
            return f"verified: {self.check} ok, ShopDesk schema {self.schema_version}"
        return self.problem


@dataclass(frozen=True)
class BackupResult:
    """A backup made: where, how big, how it verified, and what rotation removed."""

    path: Path
    size: int
    verification: Verification
    seconds: float
    removed: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class BackupStatus:
    """Whether the shop should worry: no backup folder, or no good backup for two days."""

    folder: Path
    folder_missing: bool
    last: BackupFile | None
    stale: bool

    @property
    def needs_attention(self) -> bool:
        return self.folder_missing or self.stale

    def message(self) -> str:
        """One line for the warning strip."""
        if self.folder_missing:
            return translate("BackupStatus", "The backup folder {folder} is missing (unplugged "
                             "drive?): no backups are being made.").format(folder=self.folder)
        if self.last is None:
            return translate("BackupStatus", "This shop database has never been backed up.")
        return translate("BackupStatus", "The last good backup is from {when}, more than two "
                         "days ago.").format(when=f"{self.last.taken_at:%Y-%m-%d %H:%M}")


# --- names and folders -------------------------------------------------------------------------
def backup_name(database_stem: str, when: dt.datetime, tag: str = "",
                suffix: str = SQLITE_SUFFIX) -> str:
    """The file name of a backup of ``database_stem`` taken at ``when``."""
    return f"{database_stem}_{when.strftime(_STAMP)}{'_' + tag if tag else ''}{suffix}"


def parse_name(path: Path) -> BackupFile | None:
    """The backup a file name describes, or None if it is not a backup's name."""
    match = _NAME.match(path.name)
    if not match:
        return None
    try:
        taken = dt.datetime.strptime(match["stamp"], _STAMP)
    except ValueError:
        return None
    return BackupFile(path, match["stem"], taken, match["tag"] or "")


def database_stem(db: peewee.Database) -> str:
    """The name backups of ``db`` carry: the file's stem, or the PostgreSQL database name."""
    if isinstance(db, peewee.PostgresqlDatabase):
        return str(db.database)
    return Path(db.database).stem


def list_backups(folder: Path, stem: str | None = None) -> list[BackupFile]:
    """The backups in ``folder`` (of database ``stem`` only, if given), newest first."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = [b for b in map(parse_name, entries) if b is not None and b.path.is_file()]
    if stem is not None:
        found = [b for b in found if b.database == stem]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def last_good_backup(folder: Path, stem: str | None = None) -> BackupFile | None:
    """The newest good backup in ``folder`` (files get their name only once verified)."""
    backups = list_backups(folder, stem)
    return backups[0] if backups else None


def backup_status(folder: Path, stem: str | None = None,
                  now: dt.datetime | None = None) -> BackupStatus:
    """Is the folder missing, or is the last good backup older than two days?"""
    now = now or dt.datetime.now()
    if not folder.is_dir():
        return BackupStatus(folder, True, None, True)
    last = last_good_backup(folder, stem)
    stale = last is None or now - last.taken_at > STALE_AFTER
    return BackupStatus(folder, False, last, stale)


# --- verification ------------------------------------------------------------------------------
class BackupCancelled(BackupError):
    """The user cancelled a backup; its unfinished copy was removed."""


def verify_backup(path: Path, *, thorough: bool = True,
                  cancelled: Callable[[], bool] | None = None) -> Verification:
    """Check a SQLite file is a whole, uncorrupted ShopDesk database this release can open.

    ``thorough`` runs ``PRAGMA integrity_check``; without it ``quick_check`` (the same page,
    record and constraint checks, but not that every index matches its table: about four
    times faster on a large shop). Only a restore's safety copy uses the quick check.
    """
    return _verify(path, "integrity_check" if thorough else "quick_check", cancelled)


def peek_backup(path: Path) -> Verification:
    """Only the fast part of :func:`verify_backup` (header and schema, no page checks): to
    refuse a wrong file at once, before the full check runs in the background."""
    return _verify(path, None)


def _verify(path: Path, pragma: str | None,
            cancelled: Callable[[], bool] | None = None) -> Verification:
    try:
        with builtins.open(path, "rb") as fh:
            header = fh.read(len(database.SQLITE_HEADER))
    except OSError as exc:
        return Verification(False, problem=f"Cannot read {path}: {exc.strerror}")
    if header != database.SQLITE_HEADER:
        return Verification(False, problem=f"{path.name} is not a ShopDesk backup "
                                           "(it is not an SQLite database file)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return Verification(False, problem=f"{path.name} cannot be opened: {exc}")
    try:
        conn.execute("PRAGMA cache_size=-65536")  # 64 MB: index checks revisit pages
        conn.execute("PRAGMA mmap_size=268435456")
        if cancelled is not None:  # Cancel stops the (long) page checks within moments
            conn.set_progress_handler(lambda: 1 if cancelled() else 0, 20000)
        result = [row[0] for row in conn.execute(f"PRAGMA {pragma}(20)")] if pragma else ["ok"]
        if result != ["ok"]:
            return Verification(False, problem=f"{path.name} is damaged: {result[0]}")
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" not in tables:
            return Verification(False, problem=f"{path.name} is not a ShopDesk database")
        version = int(conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
                      or 0)
    except sqlite3.Error as exc:
        if cancelled is not None and cancelled():
            raise BackupCancelled("The backup was cancelled; nothing was kept") from None
        return Verification(False, problem=f"{path.name} is damaged: {exc}")
    finally:
        conn.close()
    if version > migrations.LATEST_VERSION:
        return Verification(False, version, f"{path.name} was made by a newer ShopDesk "
                            f"(schema {version}; this one knows up to "
                            f"{migrations.LATEST_VERSION}). Install the newer ShopDesk first.")
    if version < 1:
        return Verification(False, version, f"{path.name} holds an empty ShopDesk database")
    return Verification(True, version, check=(pragma or "no check").replace("_", " "))


# --- unfinished files of killed runs ----------------------------------------------------------
PARTIAL_SUFFIX = ".partial"


class _Claim:
    """This process is writing ``path`` (a ``.partial`` or a restore's staged copy): held as
    an exclusive lock (POSIX ``flock``; on Windows the open file cannot be deleted), so
    :func:`remove_leftovers` of another process never removes work in progress."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle = builtins.open(path, "ab")  # noqa: SIM115 - held until release()
        if os.name == "posix":
            import fcntl

            fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX)

    def release(self) -> None:
        self.handle.close()


def _unclaimed(path: Path) -> bool:
    """True when nobody is writing ``path`` now (it is a leftover of a killed run)."""
    if os.name != "posix":
        return True  # the unlink fails while its writer has it open
    import fcntl

    try:
        with builtins.open(path, "rb") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except BlockingIOError:
        return False
    except OSError:
        return False
    return True


def remove_leftovers(folder: Path, *also: Path) -> list[Path]:
    """Remove the unfinished files that backups and restores killed part-way left behind
    (``<backup name>.partial`` in ``folder`` and the files ``also`` names, with their SQLite
    side files); files another run is writing now are left alone. Returns what was removed."""
    candidates: list[Path] = []
    with contextlib.suppress(OSError):
        candidates = [p for p in folder.iterdir() if p.name.endswith(PARTIAL_SUFFIX)
                      and parse_name(p.with_name(p.name[:-len(PARTIAL_SUFFIX)])) is not None]
    removed = []
    for path in [*candidates, *also]:
        if not path.is_file() or not _unclaimed(path):
            continue
        for leftover in (path, *(Path(f"{path}{s}") for s in ("-wal", "-shm", "-journal"))):
            try:
                leftover.unlink()
                removed.append(leftover)
            except FileNotFoundError:
                pass
            except OSError:
                break  # in use (Windows): another run's work
    return removed


# --- making backups ----------------------------------------------------------------------------
def make_backup(actor: Actor, db: peewee.Database, folder: Path, *, tag: str = "",
                now: dt.datetime | None = None, rotate: bool = True,
                cancelled: Callable[[], bool] | None = None) -> BackupResult:
    """Back up the open database into ``folder``; verified before it counts, then rotate.

    Safe while the app keeps working: the copy is made on a connection of its own.
    """
    require(actor, Permission.RUN_BACKUP)
    started = time.perf_counter()
    now = now or dt.datetime.now()
    if isinstance(db, peewee.PostgresqlDatabase):
        path, check = _pg_dump(db, folder, now, tag)
    else:
        path, check = copy_sqlite(Path(db.database), folder, database_stem(db), now, tag,
                                  cancelled=cancelled)
    removed = rotate_folder(folder, database_stem(db)) if rotate and not tag else []
    return BackupResult(path, path.stat().st_size, check, time.perf_counter() - started,
                        removed)


def copy_sqlite(source: Path, folder: Path, stem: str, now: dt.datetime,
                tag: str = "", *, thorough: bool = True,
                cancelled: Callable[[], bool] | None = None) -> tuple[Path, Verification]:
    """Copy the SQLite database at ``source`` into ``folder`` as a verified backup."""
    _ensure_folder(folder)
    final = folder / backup_name(stem, now, tag)
    n = 1
    while final.exists():  # two backups in one second: never overwrite a good one
        final = folder / backup_name(stem, now + dt.timedelta(seconds=n), tag)
        n += 1
    partial = final.with_name(final.name + PARTIAL_SUFFIX)
    remove_leftovers(folder)
    claim = _Claim(partial)
    try:
        _online_copy(source, partial)
        if cancelled is not None and cancelled():
            raise BackupCancelled("The backup was cancelled; nothing was kept")
        check = verify_backup(partial, thorough=thorough, cancelled=cancelled)
        if not check.ok:
            raise BackupError(f"The backup did not verify, so it was not kept: {check.problem}")
        _fsync(partial)
        os.replace(partial, final)
        _fsync_dir(folder)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        claim.release()
    return final, check


def _online_copy(source: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(source, timeout=database.BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise BackupError(f"Cannot read the database {source}: {exc}") from None
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # one step: one consistent snapshot, writers are not blocked (WAL)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
            dst.commit()
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(f"The backup could not be written to {target.parent}: {exc}") from None
    finally:
        src.close()


def _ensure_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Cannot use the backup folder {folder}: {exc.strerror}") from None
    if not os.access(folder, os.W_OK):
        raise BackupError(f"The backup folder {folder} cannot be written to")


def _fsync(path: Path) -> None:
    with builtins.open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rotate_folder(folder: Path, stem: str) -> list[Path]:
    """Delete the backups of ``stem`` that rotation no longer keeps; returns them.

    Safety copies kept by a restore are never rotated away.
    """
    regular = [b for b in list_backups(folder, stem) if not b.tag]
    doomed = set(backup_rotation.to_delete(b.taken_at for b in regular))
    removed = []
    for backup in regular:
        if backup.taken_at in doomed:
            try:
                backup.path.unlink()
                removed.append(backup.path)
            except OSError:
                pass  # kept: a file we cannot delete is not an error worth a failed backup
    return removed


# --- PostgreSQL --------------------------------------------------------------------------------
def _pg_dump(db: peewee.PostgresqlDatabase, folder: Path, now: dt.datetime,
             tag: str = "") -> tuple[Path, Verification]:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError(
            "This shop's database is on a PostgreSQL server: back it up on the server with "
            "pg_dump (or install PostgreSQL's client tools on this PC so ShopDesk can run it).")
    _ensure_folder(folder)
    final = folder / backup_name(str(db.database), now, tag, suffix=PG_SUFFIX)
    partial = final.with_name(final.name + PARTIAL_SUFFIX)
    remove_leftovers(folder)
    claim = _Claim(partial)
    params = db.connect_params
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])  # not on the command line (ps shows it)
    command = [pg_dump, "--format=custom", f"--file={partial}", "--no-owner",
               f"--host={params.get('host') or 'localhost'}",
               f"--port={params.get('port') or 5432}", f"--dbname={db.database}"]
    if params.get("user"):
        command.append(f"--username={params['user']}")
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {_first_line(done.stderr)}")
        listing = subprocess.run([shutil.which("pg_restore") or "pg_restore", "--list",
                                  str(partial)], capture_output=True, text=True, timeout=600)
        if listing.returncode != 0 or "schema_version" not in listing.stdout:
            raise BackupError(f"The dump did not verify: {_first_line(listing.stderr)}")
        _fsync(partial)
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        claim.release()
    version = migrations.current_version(db)
    return final, Verification(True, version)


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "no message"
