"""The one database proxy and the base classes every model derives from."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any, Self

import peewee

from shopdesk.errors import ConflictError

_BOUND = peewee.DatabaseProxy.__dict__["obj"]  # the proxy's own slot: the app's database


class ShopProxy(peewee.DatabaseProxy):
    """The models' database: the one :func:`shopdesk.db.open` bound, for every thread; or,
    inside :meth:`on_this_thread`, another one for the calling thread only (a restore checks
    its staged copy on a worker thread while the window keeps reading the shop)."""

    __slots__ = ("_here",)

    def __init__(self) -> None:
        object.__setattr__(self, "_here", threading.local())
        super().__init__()

    @property  # type: ignore[override]
    def obj(self) -> Any:
        here = getattr(self._here, "db", None)
        return here if here is not None else _BOUND.__get__(self)

    @obj.setter
    def obj(self, value: Any) -> None:
        _BOUND.__set__(self, value)

    def __setattr__(self, attr: str, value: Any) -> None:
        if attr not in ("obj", "_callbacks", "_Model"):
            raise AttributeError("Cannot set attribute on proxy.")
        object.__setattr__(self, attr, value)

    @contextlib.contextmanager
    def on_this_thread(self, db: peewee.Database) -> Iterator[peewee.Database]:
        """The models use ``db`` on this thread while the block runs; other threads keep
        the app's database."""
        before = getattr(self._here, "db", None)
        self._here.db = db
        try:
            yield db
        finally:
            self._here.db = before


#: Initialised by :func:`shopdesk.db.open` with a SQLite or PostgreSQL database.
database_proxy = ShopProxy()


def utcnow() -> dt.datetime:
    """Timestamps are stored as naive UTC; the GUI shows them in local time."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class BaseModel(peewee.Model):
    """Binds models to the proxy; nothing else."""

    class Meta:
        database = database_proxy
        legacy_table_names = False


class VersionedModel(BaseModel):
    """A record two people may edit at once: a save from a stale copy fails, never overwrites."""

    version = peewee.IntegerField(default=1)

    #: Shown in the conflict message, e.g. "customer".
    noun = "record"

    def save_checked(self, **extra: Any) -> Self:
        """Insert, or update only if nobody saved a newer version since this copy was read.

        Raises :class:`ConflictError` (nothing written) when the row changed underneath us.
        """
        if self._pk is None:
            self.save(force_insert=True)
            return self
        cls = type(self)
        data = {f: getattr(self, f.name) for f in cls._meta.sorted_fields
                if f is not cls._meta.primary_key and f.name != "version"}
        data.update({getattr(cls, k): v for k, v in extra.items()})
        data[cls.version] = cls.version + 1
        updated = (cls.update(data)
                   .where((cls._meta.primary_key == self._pk) & (cls.version == self.version))
                   .execute())
        if updated != 1:
            raise ConflictError(
                f"Someone else changed this {self.noun} while you had it open. "
                "Nothing was saved: reopen it to see their changes, then make yours again.")
        self.version += 1
        return self


def writing() -> Any:
    """A transaction that writes after reading: on SQLite it takes the write lock up front
    (``BEGIN IMMEDIATE``) so two PCs queue instead of one failing with "database is locked"."""
    if isinstance(database_proxy.obj, peewee.SqliteDatabase):
        return database_proxy.atomic("IMMEDIATE")
    return database_proxy.atomic()
