"""Restore a ``pg_dump`` backup over a PostgreSQL shop database (owner only), never leaving
the shop without a working database.

Order of work, each step able to fail with the live database left as it was:

1. verify the file with ``pg_restore --list``: a ShopDesk dump (it holds ``schema_version``);
2. keep a safety dump of the live database in the backup folder (``…_before-restore.pgdump``,
   made by the backup service, never rotated away);
3. restore the file into a new scratch database ``<name>_restoring_<stamp>`` on the same
   server, refuse a schema newer than this release, open it with :func:`shopdesk.db.open`
   (which upgrades an older schema) and run the integrity checks; any failure drops the
   scratch database;
4. stop new connections to the live database, disconnect every session on it (the other PCs
   must reopen ShopDesk), then rename live → ``<name>_before_restore_<stamp>`` and
   scratch → ``<name>`` in ONE transaction;
5. reopen ``<name>``; if that fails the two renames are undone the same way.

The restore is written to the restored database's audit log.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import peewee

from shopdesk import db as database
from shopdesk import migrations
from shopdesk.errors import ShopDeskError, user_message
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy
from shopdesk.services import integrity
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.shop.backup import SAFETY_TAG, BackupError, Verification, make_backup

_STAMP = "%Y%m%d_%H%M%S"
_MAX_NAME = 63  # PostgreSQL's identifier limit
_TABLE_ENTRY = re.compile(r"\bTABLE (?:\S+ )?schema_version\b")


def verify_dump(path: Path) -> Verification:
    """Check ``path`` is a pg_dump archive of a ShopDesk database (``pg_restore --list``).

    The schema version inside is only known once restored: ``schema_version`` is 0 here.
    """
    path = Path(path)
    if not path.is_file():
        return Verification(False, problem=f"There is no backup file at {path}")
    try:
        listing = subprocess.run([_tool("pg_restore"), "--list", str(path)],
                                 capture_output=True, text=True, timeout=600)
    except OSError as exc:
        return Verification(False, problem=f"pg_restore could not run: {exc.strerror or exc}")
    if listing.returncode != 0:
        return Verification(False, problem=f"{path.name} is not a ShopDesk backup "
                                           "(pg_restore cannot read it as a dump)")
    if not _TABLE_ENTRY.search(listing.stdout):
        return Verification(False, problem=f"{path.name} is not a ShopDesk backup "
                                           "(a dump of another program's database)")
    return Verification(True, check="pg_restore --list")


@dataclass(frozen=True)
class PgRestore:
    """The reopened database, what the restored data verified as, and where the old data is."""

    db: peewee.Database
    verification: Verification
    safety_dump: Path
    kept_database: str


def restore_dump(actor: Actor, db: peewee.PostgresqlDatabase, backup: Path, folder: Path, *,
                 now: dt.datetime | None = None,
                 finish: Callable[[PgRestore], None] | None = None) -> PgRestore:
    """Replace the live database of ``db`` by the dump ``backup`` (see the module's steps).

    ``finish`` (the restore's audit entry) runs on the restored database; if it fails, the
    database as it was is put back like a restored database that would not open."""
    require(actor, Permission.RESTORE_BACKUP)
    now = now or dt.datetime.now()
    name = str(db.database)
    stamp = now.strftime(_STAMP)
    scratch, kept = f"{name}_restoring_{stamp}", f"{name}_before_restore_{stamp}"
    if len(kept) > _MAX_NAME:
        raise BackupError(f"Nothing was restored: the database name {name} is too long to "
                          "keep the current data beside the restored one")
    check = verify_dump(backup)
    if not check.ok:
        raise BackupError(f"Nothing was restored: {check.problem}")
    safety = make_backup(actor, db, folder, tag=SAFETY_TAG, now=now, rotate=False).path
    admin = _connect(db, "postgres")
    try:
        version = _stage(db, admin, backup, scratch)
        _swap(db, admin, name, kept, scratch)
        try:
            reopened = database.open(_url(db, name))
        except ShopDeskError as exc:
            _swap_back(admin, name, kept)
            _rebind(db)
            raise BackupError(f"The restored database would not open ({exc}); the shop "
                              "database was put back as it was.") from None
        done = PgRestore(reopened, Verification(True, version, check="integrity checks"),
                         safety, kept)
        if finish is not None:
            try:
                finish(done)
            except (ShopDeskError, peewee.PeeweeException) as exc:
                reopened.close()
                _swap_back(admin, name, kept)
                _rebind(db)
                raise BackupError(QT_TRANSLATE_NOOP(
                    "Errors", "The restore failed after the swap ({problem}); the shop "
                              "database was put back as it was."),
                    problem=user_message(exc)) from None
    finally:
        admin.close()
    return done


def _stage(db: peewee.PostgresqlDatabase, admin: peewee.PostgresqlDatabase, backup: Path,
           scratch: str) -> int:
    """Restore ``backup`` into a new database ``scratch``, checked; dropped on any failure.

    Returns the schema version the dump held. Leaves the models bound to ``db``.
    """
    admin.execute_sql(f'DROP DATABASE IF EXISTS "{scratch}"')
    admin.execute_sql(f'CREATE DATABASE "{scratch}"')
    try:
        done = subprocess.run(
            [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
             *_client_args(db), f"--dbname={scratch}", str(backup)],
            env=_client_env(db), capture_output=True, text=True, timeout=3600)
        if done.returncode != 0:
            raise BackupError("Nothing was restored: pg_restore failed "
                              f"({_first_line(done.stderr)})")
        staged = _connect(db, scratch)
        try:
            version = migrations.current_version(staged)
        finally:
            staged.close()
        if version > migrations.LATEST_VERSION:
            raise BackupError(
                f"Nothing was restored: {backup.name} was made by a newer ShopDesk (schema "
                f"{version}; this one knows up to {migrations.LATEST_VERSION}). Install the "
                "newer ShopDesk first.")
        if version < 1:
            raise BackupError(f"Nothing was restored: {backup.name} holds an empty ShopDesk "
                              "database")
        try:
            opened = database.open(_url(db, scratch))  # upgrades an older schema
        except ShopDeskError as exc:
            raise BackupError(f"Nothing was restored: the backup would not open ({exc})") from None
        try:
            faults = integrity.run_checks(opened)
        finally:
            opened.close()
            _rebind(db)
        if faults:
            listed = "; ".join(str(f) for f in faults[:3])
            more = f" (and {len(faults) - 3} more)" if len(faults) > 3 else ""
            raise BackupError(f"Nothing was restored: the backup's data fails the checks: "
                              f"{listed}{more}")
        return version
    except BaseException:
        _rebind(db)
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        raise


def _swap(db: peewee.PostgresqlDatabase, admin: peewee.PostgresqlDatabase, name: str,
          kept: str, scratch: str) -> None:
    """Disconnect everyone from ``name``, then rename it to ``kept`` and ``scratch`` to
    ``name`` in one transaction."""
    db.close()
    try:
        admin.execute_sql(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        admin.execute_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        with admin.atomic():
            admin.execute_sql(f'ALTER DATABASE "{name}" RENAME TO "{kept}"')
            admin.execute_sql(f'ALTER DATABASE "{scratch}" RENAME TO "{name}"')
    except peewee.PeeweeException as exc:
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.execute_sql(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        _rebind(db)
        raise BackupError(f"Nothing was restored: the databases could not be swapped "
                          f"({_first_line(str(exc))}); the shop database is as it was.") from None
    admin.execute_sql(f'ALTER DATABASE "{kept}" WITH ALLOW_CONNECTIONS true')


def _swap_back(admin: peewee.PostgresqlDatabase, name: str, kept: str) -> None:
    """Undo :func:`_swap`: the restored database is dropped, the old one is ``name`` again."""
    failed = f"{name}_failed_restore"
    admin.execute_sql(f'DROP DATABASE IF EXISTS "{failed}" WITH (FORCE)')
    admin.execute_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
    with admin.atomic():
        admin.execute_sql(f'ALTER DATABASE "{name}" RENAME TO "{failed}"')
        admin.execute_sql(f'ALTER DATABASE "{kept}" RENAME TO "{name}"')
    admin.execute_sql(f'DROP DATABASE IF EXISTS "{failed}" WITH (FORCE)')


def _rebind(db: peewee.PostgresqlDatabase) -> None:
    """Bind the models to the live database again (it reconnects when next used)."""
    database_proxy.initialize(db)


def _connect(db: peewee.PostgresqlDatabase, name: str) -> peewee.PostgresqlDatabase:
    """A connection of our own to database ``name`` on ``db``'s server, as ``db``'s user."""
    other = peewee.PostgresqlDatabase(name, **db.connect_params)
    try:
        other.connect()
    except peewee.PeeweeException as exc:
        raise BackupError(f"Nothing was restored: cannot connect to the server's {name} "
                          f"database ({_first_line(str(exc))})") from None
    return other


def _url(db: peewee.PostgresqlDatabase, name: str) -> str:
    params = db.connect_params
    user = quote(str(params.get("user") or ""), safe="")
    password = quote(str(params.get("password") or ""), safe="")
    login = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = params.get("host") or "localhost"
    return f"postgresql://{login}{host}:{params.get('port') or 5432}/{quote(name, safe='')}"


def _client_args(db: peewee.PostgresqlDatabase) -> list[str]:
    params = db.connect_params
    args = [f"--host={params.get('host') or 'localhost'}", f"--port={params.get('port') or 5432}"]
    if params.get("user"):
        args.append(f"--username={params['user']}")
    return args


def _client_env(db: peewee.PostgresqlDatabase) -> dict[str, str]:
    env = dict(os.environ)
    if db.connect_params.get("password"):
        env["PGPASSWORD"] = str(db.connect_params["password"])  # not on the command line
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed on this PC: install PostgreSQL's client "
                          "tools so ShopDesk can restore the server's database.")
    return found


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "no message"
