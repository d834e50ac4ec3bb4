"""The one database proxy and the base classes every model derives from."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
from collections.abc import Iterator
from typing import Any, Self

import peewee

from shopdesk.errors import ConflictError, Term
from shopdesk.i18n import QT_TRANSLATE_NOOP

#: the catalogue context of the records' names in the conflict refusal
NOUNS = "Records"

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


#: What a save strips from text: C0 and C1 control characters (a NUL, which PostgreSQL
#: refuses; terminal escapes) except tab and line breaks, DEL, and the invisible marks and
#: overrides that turn text around (U+202E "right-to-left override" and friends).
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
    "\u2066-\u2069]")


def clean_text(value: Any) -> Any:
    """``value`` without :data:`CONTROL_CHARACTERS` (anything not text as it is): what every
    text column of every model stores, however the row is written."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        return CONTROL_CHARACTERS.sub("", value)
    return value


class _CleanTextModel(peewee.ModelBase):
    """Every text field of every model stores :func:`clean_text` of what it is given: saves,
    ``update()``, ``insert_many()`` and the bulk writers (which call ``db_value``) alike."""

    def __new__(mcs, name: str, bases: tuple, attrs: dict, **kwargs: Any) -> Any:
        cls = super().__new__(mcs, name, bases, attrs, **kwargs)
        for field in cls._meta.fields.values():
            if isinstance(field, peewee.CharField | peewee.TextField) \
                    and "db_value" not in vars(field):
                field.db_value = _cleaning(field.db_value)
        return cls


def _cleaning(db_value: Any) -> Any:
    def cleaned(value: Any) -> Any:
        return db_value(clean_text(value))
    return cleaned


class BaseModel(peewee.Model, metaclass=_CleanTextModel):
    """Binds models to the proxy; every text column stores :func:`clean_text`."""

    class Meta:
        database = database_proxy
        legacy_table_names = False


class VersionedModel(BaseModel):
    """A record two people may edit at once: a save from a stale copy fails, never overwrites."""

    version = peewee.IntegerField(default=1)

    #: Shown in the conflict message, e.g. "customer" (marked in the "Records" context).
    noun = QT_TRANSLATE_NOOP("Records", "record")

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
            raise self.conflict()
        self.version += 1
        return self

    @classmethod
    def conflict(cls) -> ConflictError:
        """The refusal of a save from a stale copy (nothing was written)."""
        return ConflictError(QT_TRANSLATE_NOOP(
            "Errors", "Someone else changed this {record} while you had it open. Nothing was "
                      "saved: reopen it to see their changes, then make yours again."),
            record=Term(NOUNS, cls.noun))

    @classmethod
    def claim(cls, pk: Any, version: int | None) -> None:
        """Move record ``pk``'s version on before a change written another way (a direct
        UPDATE, a delete): refused with :meth:`conflict` when ``version`` (the one the person
        saw) is no longer the stored one. ``version`` None checks nothing but still moves
        the version on, so any other PC's open copy becomes stale."""
        query = cls.update({cls.version: cls.version + 1}).where(cls._meta.primary_key == pk)
        if version is not None:
            query = query.where(cls.version == version)
        if query.execute() != 1:
            raise cls.conflict()


def writing() -> Any:
    """A transaction that writes after reading: on SQLite it takes the write lock up front
    (``BEGIN IMMEDIATE``) so two PCs queue instead of one failing with "database is locked"."""
    if isinstance(database_proxy.obj, peewee.SqliteDatabase):
        return database_proxy.atomic("IMMEDIATE")
    return database_proxy.atomic()
