"""Database failures said plainly: the connection classes :func:`shopdesk.db.open` uses.

A write that fails because the disk is full raises :class:`DiskFull` ("the disk is full"),
not SQLite's "cannot rollback - no transaction is active" (SQLite may roll the transaction
back itself on SQLITE_FULL; the rollback that follows is then skipped instead of hiding the
real failure). A write that waited the whole busy timeout for another PC's or process's
write lock raises :class:`Busy` ("another PC is busy, try again"), not "database is locked".
Both are ShopDesk refusals (translated, shown like any other) and still
``peewee.OperationalError`` for code that catches database errors.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import peewee

from shopdesk.errors import BusyError, DiskFullError
from shopdesk.i18n import QT_TRANSLATE_NOOP

DISK_FULL = QT_TRANSLATE_NOOP(
    "Errors", "The disk is full: nothing was saved. Free some space on the disk that holds "
              "the shop's database, then try again.")
BUSY = QT_TRANSLATE_NOOP(
    "Errors", "Another PC is busy writing to the shop's database (an import, a stock-take or "
              "a repricing may be running). Nothing was saved: try again in a moment.")


class DiskFull(DiskFullError, peewee.OperationalError):
    """SQLITE_FULL, or PostgreSQL's disk_full (53100)."""


class Busy(BusyError, peewee.OperationalError):
    """SQLITE_BUSY after the busy timeout."""


def plain(exc: BaseException) -> BaseException:
    """``exc`` as a plain ShopDesk refusal when it is a full disk or a busy database."""
    if isinstance(exc, DiskFull | Busy):
        return exc
    text = str(exc).lower()
    code = getattr(getattr(exc, "orig", None) or exc, "pgcode", None) or getattr(
        exc.__cause__, "pgcode", None)
    if "disk is full" in text or "no space left" in text or code == "53100":
        return DiskFull(DISK_FULL)
    if "database is locked" in text or "database table is locked" in text:
        return Busy(BUSY)
    return exc


@contextlib.contextmanager
def said_plainly() -> Iterator[None]:
    try:
        yield
    except (peewee.OperationalError, peewee.DatabaseError) as exc:
        shown = plain(exc)
        if shown is exc:
            raise
        raise shown from exc


class SqliteDatabase(peewee.SqliteDatabase):
    """peewee's SQLite database, its failures said plainly (see the module)."""

    def _no_transaction(self) -> bool:
        conn = self._state.conn
        return conn is not None and not conn.in_transaction

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        if sql.lstrip()[:8].upper() == "ROLLBACK" and self._no_transaction():
            return self.cursor()  # SQLite already rolled back (e.g. on SQLITE_FULL)
        with said_plainly():
            return super().execute_sql(sql, params)

    def begin(self, lock_type: str | None = None) -> None:
        with said_plainly():
            super().begin(lock_type)

    def commit(self) -> None:
        with said_plainly():
            super().commit()

    def rollback(self) -> None:
        if self._no_transaction():
            return
        super().rollback()


class PostgresqlDatabase(peewee.PostgresqlDatabase):
    """peewee's PostgreSQL database, a full disk said plainly."""

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        with said_plainly():
            return super().execute_sql(sql, params)

    def commit(self) -> None:
        with said_plainly():
            super().commit()
