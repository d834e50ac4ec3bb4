"""The one database proxy and the base classes every model derives from."""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

import peewee

from shopdesk.errors import ConflictError, Term
from shopdesk.i18n import QT_TRANSLATE_NOOP

#: the catalogue context of the records' names in the conflict refusal
NOUNS = "Records"

#: Initialised by :func:`shopdesk.db.open` with a SQLite or PostgreSQL database.
database_proxy = peewee.DatabaseProxy()


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
