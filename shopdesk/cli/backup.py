"""``shopdesk backup [--to DIR] [--list]`` and ``shopdesk restore FILE [--yes]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import peewee

from shopdesk import db as database
from shopdesk.cli.common import open_db, print_table
from shopdesk.errors import DatabaseOpenError, ShopDeskError
from shopdesk.local_config import LocalConfig
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.shop import backup, restore, restore_postgres


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    make = sub.add_parser("backup", parents=[common],
                          help="back up the shop database now (verified; old ones rotated)")
    make.add_argument("--to", metavar="DIR", type=Path,
                      help="backup folder (default: this PC's, see 'Where data and backups "
                           "live' in the README)")
    make.add_argument("--list", action="store_true", help="list the backups instead")
    make.set_defaults(func=run_backup)
    back = sub.add_parser("restore", parents=[common],
                          help="replace the shop database by a backup (keeps a safety copy)")
    back.add_argument("file", type=Path, help="the backup file to restore")
    back.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    back.add_argument("--to", metavar="DIR", type=Path,
                      help="where to keep the safety copy (default: this PC's backup folder)")
    back.set_defaults(func=run_restore)


def _folder(args: argparse.Namespace) -> Path:
    return args.to if getattr(args, "to", None) else LocalConfig.load().backup_folder()


def run_backup(args: argparse.Namespace) -> int:
    db = open_db(args)
    folder = _folder(args)
    if args.list:
        rows = [(b.path.name, f"{b.taken_at:%Y-%m-%d %H:%M}", _size(b.size),
                 "safety copy before a restore" if b.is_safety_copy else "")
                for b in backup.list_backups(folder, backup.database_stem(db))]
        if not rows:
            print(f"No backups of this database in {folder}.")
            return 0
        print_table(["file", "taken", "size", "note"], rows)
        return 0
    result = backup.make_backup(COMMAND_LINE, db, folder)
    print(f"Backup written: {result.path}")
    print(f"  {_size(result.size)}, {result.verification.describe()}, "
          f"{result.seconds:.1f} s")
    if result.removed:
        print(f"  rotation removed {len(result.removed)} older backup(s) "
              "(keeping 7 daily, 4 weekly, 12 monthly)")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    target = database.parse_target(args.db)
    try:
        db = open_db(args)
    except DatabaseOpenError as exc:
        if target.kind != "sqlite" or target.path is None or not target.path.is_file():
            raise
        print(f"The current database does not open ({exc}); it will be kept as it is, "
              "byte for byte, beside the backups.", file=sys.stderr)
        db = None
    if db is not None and database.target_of(db).kind != "sqlite":
        return _restore_postgres(args, db)
    if not args.file.is_file():
        raise ShopDeskError(f"There is no backup file at {args.file}")
    check = backup.verify_backup(args.file)
    if not check.ok:
        raise ShopDeskError(f"Nothing was restored: {check.problem}")
    live = target.path if db is None else database.target_of(db).path
    if not args.yes and not _confirm(live, args.file):
        print("Nothing was restored.")
        return 1
    assert live is not None
    result = restore.restore_backup(COMMAND_LINE, db, live, args.file, _folder(args))
    print(f"Restored {args.file.name} into {live} ({result.verification.describe()}).")
    if result.safety_copy is not None:
        print(f"The database as it was before is kept as {result.safety_copy}")
    return 0


def _restore_postgres(args: argparse.Namespace, db: peewee.Database) -> int:
    """Restore a pg_dump file over the server's shop database (other PCs are disconnected)."""
    check = restore_postgres.verify_dump(args.file)
    if not check.ok:
        raise ShopDeskError(f"Nothing was restored: {check.problem}")
    where = database.target_of(db).describe()
    if not args.yes and not _confirm(where, args.file, network=True):
        print("Nothing was restored.")
        return 1
    result = restore.restore_backup(COMMAND_LINE, db, Path(), args.file, _folder(args))
    print(f"Restored {args.file.name} into {where} ({result.verification.describe()}).")
    print(f"The database as it was before is kept on the server as {result.kept_database} "
          f"and as the dump {result.safety_copy}")
    print("Every other PC was disconnected: reopen ShopDesk there.")
    return 0


def _confirm(live: Path | str, file: Path, *, network: bool = False) -> bool:
    if not sys.stdin.isatty():
        raise ShopDeskError("Restoring replaces the shop database: run it in a terminal to "
                            "confirm, or add --yes")
    others = ("Every other PC using it will be disconnected and must reopen ShopDesk. "
              if network else "")
    answer = input(f"Replace the shop database {live}\n  with the backup {file}?\n"
                   "Everything entered since that backup will be gone (a safety copy of the "
                   f"database as it is now is kept). {others}Type yes to restore: ")
    return answer.strip().lower() == "yes"


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
