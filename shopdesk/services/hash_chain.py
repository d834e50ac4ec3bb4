"""Hash chains: tamper evidence for the audit log and for issued documents.

Each entry of a chain stores its place (``chain_seq``: 1, 2, 3 … without gaps) and
``chain_hash`` = SHA-256 of the previous entry's hash and the entry's own content (a
canonical serialization of the fields that must never change), as Odoo's inalterability hash
does. Changing, deleting or slipping in an entry behind the database's back (triggers dropped
or disabled) breaks the chain at that entry, and ``shopdesk check`` names the first broken
link. Someone who rewrites every later hash as well is not stopped by a chain without a
secret; the chain makes a quiet edit impossible, not a deliberate forgery of the whole tail.

The serialization is a permanent format (migration 15 filled the chain of older rows with it):
never change what :func:`canonical` writes or which fields an entry's content holds.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import peewee

from shopdesk.models.base import CONTROL_CHARACTERS, clean_text

#: The hash before the first entry.
GENESIS = "0" * 64
#: PostgreSQL advisory lock held (to the end of the transaction) by whoever appends to a
#: chain, so two PCs never fork it (SQLite has a single writer already). One key for both
#: chains: a transaction that issues a document and audits it cannot deadlock on two.
PG_CHAIN_LOCK = 0x5D0E5D


@functools.lru_cache(maxsize=1024)
def _stamp(value: dt.datetime) -> str:  # (many bulk entries share one time stamp)
    return value.isoformat(sep=" ", timespec="microseconds")


def _plain(value: object) -> object:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return _stamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_AS_IS = frozenset({str, int, bool, type(None)})


def canonical(values: Sequence[object]) -> bytes:
    """The stable bytes an entry's content is hashed as: a JSON array of its values in a
    fixed order (compact, UTF-8; Decimals and dates as text, datetimes to the microsecond).
    Text is hashed as it is stored (:func:`~shopdesk.models.base.clean_text`: without control
    characters), so a value written with one hashes as the check will read it back."""
    if CONTROL_CHARACTERS.search("".join(v for v in values if type(v) is str)) is None:
        plain = [v if type(v) in _AS_IS else _plain(v) for v in values]  # (nothing to clean)
    else:
        plain = [clean_text(v) if type(v) is str else v if type(v) in _AS_IS else _plain(v)
                 for v in values]
    return _ENCODER.encode(plain).encode("utf-8")


def link(previous: str, content: bytes) -> str:
    """The hash of an entry that follows ``previous`` and holds ``content``."""
    return hashlib.sha256(previous.encode("ascii") + content).hexdigest()


def lock(db: peewee.Database) -> None:
    """Before appending to a chain (inside the transaction): PostgreSQL waits here until
    another PC's transaction that appended has committed or rolled back."""
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (PG_CHAIN_LOCK,))


def tail(db: peewee.Database, table: str) -> tuple[int, str]:
    """The last (place, hash) of the chain in ``table``; (0, GENESIS) for an empty chain.
    Call after :func:`lock`."""
    row = db.execute_sql(
        f'SELECT "chain_seq", "chain_hash" FROM "{table}" WHERE "chain_seq" IS NOT NULL '
        'ORDER BY "chain_seq" DESC LIMIT 1').fetchone()
    return (int(row[0]), row[1]) if row else (0, GENESIS)


def extend(seq: int, previous: str, contents: Iterable[bytes]) -> Iterator[tuple[int, str]]:
    """(place, hash) for each content appended after (``seq``, ``previous``), in one pass."""
    for content in contents:
        seq += 1
        previous = link(previous, content)
        yield seq, previous


@dataclass(frozen=True)
class Stored:
    """One entry as stored: its row id, what a person calls it, its place and hash (None when
    it has none) and its content as it reads now."""

    row_id: int
    name: str
    seq: int | None
    hash: str | None
    content: bytes


@dataclass(frozen=True)
class Break:
    """The first broken link of a chain. ``what``: ``missing`` (places ``seq`` to
    ``seq_to`` are gone: deleted), ``altered`` (the entry's content or hash changed),
    ``inserted`` (an entry the chain never held)."""

    what: str
    seq: int
    name: str = ""
    seq_to: int = 0


def first_break(entries: Iterable[Stored]) -> Break | None:
    """Walk a chain in place order (entries without a place last) and return its first
    broken link, or None when every entry links to the one before."""
    expected, previous = 1, GENESIS
    for entry in entries:
        if entry.seq is None or entry.hash is None:
            return Break("inserted", expected, entry.name)
        if entry.seq < expected:  # a second entry claiming a place already taken
            return Break("inserted", entry.seq, entry.name)
        if entry.seq > expected:
            return Break("missing", expected, entry.name, entry.seq - 1)
        if link(previous, entry.content) != entry.hash:
            return Break("altered", entry.seq, entry.name)
        expected, previous = expected + 1, entry.hash
    return None


def store(db: peewee.Database, table: str, links: Sequence[tuple[int, int, str]]) -> None:
    """Write (row id, place, hash) onto existing rows of ``table`` in a few statements (the
    migration's and the demo's history)."""
    if not links:
        return
    if isinstance(db, peewee.PostgresqlDatabase):
        for start in range(0, len(links), 1000):
            chunk = links[start:start + 1000]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            db.execute_sql(
                f'UPDATE "{table}" SET "chain_seq" = v.seq, "chain_hash" = v.hash '
                f"FROM (VALUES {values}) AS v(id, seq, hash) "
                f'WHERE "{table}"."id" = v.id',
                [x for row in chunk for x in row])
    else:
        db.cursor().executemany(
            f'UPDATE "{table}" SET "chain_seq" = ?, "chain_hash" = ? WHERE "id" = ?',
            [(seq, digest, row_id) for row_id, seq, digest in links])
