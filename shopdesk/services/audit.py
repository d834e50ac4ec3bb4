"""Write and read the audit log (append-only; the database refuses changes to it).

Every entry is a link of a hash chain (:mod:`shopdesk.services.hash_chain`): its place
``chain_seq`` and ``chain_hash`` over the previous entry's hash and its own content (the
fields of :data:`CONTENT`), computed in Python as it is written, one pass for many entries.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import peewee

from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.services import hash_chain
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.changes import note_audited


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)


# one encoder for every entry (json.dumps with options builds a new one per call)
_ENCODER = json.JSONEncoder(default=_jsonable, ensure_ascii=False, sort_keys=True)


def to_json(data: dict[str, Any] | None) -> str | None:
    """Serialise a before/after snapshot (Decimals and dates as text)."""
    if data is None:
        return None
    return _ENCODER.encode(data)


def record(actor: Actor, action: str, entity: str, entity_id: object = "", summary: str = "",
           before: dict[str, Any] | None = None,
           after: dict[str, Any] | None = None) -> AuditEntry:
    """Append one audit entry. Call inside the same transaction as the change it records.
    The areas it touches are told to whoever collects them (:mod:`.changes`)."""
    note_audited(entity, action)
    values = (utcnow(), actor.user_id, actor.username, action, entity, str(entity_id), summary,
              to_json(before), to_json(after))
    with db.atomic():
        (row,) = chained([values])
        return AuditEntry.create(**{f.name: v for f, v in zip(FIELDS, row, strict=True)})


@dataclass(frozen=True)
class Entry:
    """One audit entry to record with :func:`record_many` (the arguments of :func:`record`)."""

    action: str
    entity: str
    entity_id: object = ""
    summary: str = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


#: The hashed fields of an entry, in their hashed order (never change it: see hash_chain).
CONTENT = (AuditEntry.at, AuditEntry.user, AuditEntry.username, AuditEntry.action,
           AuditEntry.entity, AuditEntry.entity_id, AuditEntry.summary, AuditEntry.before,
           AuditEntry.after)
#: What :func:`chained` rows hold: the content, then the place and hash.
FIELDS = (*CONTENT, AuditEntry.chain_seq, AuditEntry.chain_hash)


def chained(rows: list[tuple]) -> list[tuple]:
    """Rows of :data:`CONTENT` values (``at`` a datetime, ``user`` an id) with their place
    and hash in the chain added (the :data:`FIELDS` of each): insert them, in this order, in
    the transaction this is called in. On PostgreSQL it holds the chain's lock to the end of
    the transaction, so two PCs never give two entries the same place."""
    database = db.obj
    hash_chain.lock(database)
    seq, previous = hash_chain.tail(database, "audit_entry")
    links = hash_chain.extend(seq, previous, (hash_chain.canonical(r) for r in rows))
    return [(*row, place, digest) for row, (place, digest) in zip(rows, links, strict=True)]


def record_many(actor: Actor, entries: Iterable[Entry]) -> int:
    """Append many audit entries at once, as :func:`record` would one by one (same time
    stamp, a few multi-row INSERTs: an import records thousands). Call inside the same
    transaction as the changes they record. Returns how many were recorded."""
    at = utcnow()
    rows = [(at, actor.user_id, actor.username, e.action, e.entity, str(e.entity_id),
             e.summary, to_json(e.before), to_json(e.after)) for e in entries]
    with db.atomic():
        rows = chained(rows)
        for start in range(0, len(rows), 500):
            AuditEntry.insert_many(rows[start:start + 500], fields=FIELDS).execute()
    return len(rows)


class _Stored(peewee.Model):
    """The audit table as the chain reads it: the hashed fields as stored (frozen: a later
    column elsewhere in the table changes nothing here)."""

    at = peewee.DateTimeField()
    user = peewee.IntegerField(column_name="user_id", null=True)
    username = peewee.CharField()
    action = peewee.CharField()
    entity = peewee.CharField()
    entity_id = peewee.CharField()
    summary = peewee.TextField()
    before = peewee.TextField(null=True)
    after = peewee.TextField(null=True)
    chain_seq = peewee.IntegerField(null=True)
    chain_hash = peewee.CharField(null=True)

    class Meta:  # no database: each query is bound to the one given
        table_name = "audit_entry"


_STORED_CONTENT = [_Stored._meta.fields[f.name] for f in CONTENT]
PAGE = 5000


def _entry_name(row_id: int, at: object, username: str, summary: str) -> str:
    when = at.strftime("%Y-%m-%d %H:%M") if isinstance(at, dt.datetime) else str(at)
    summary = summary if len(summary) <= 60 else summary[:59] + "…"
    return f"#{row_id} ({when}, {username}: {summary})"


def _entries(database: peewee.Database) -> Iterable[hash_chain.Stored]:
    after = 0
    while True:
        page = list(_Stored.select(_Stored.id, _Stored.chain_seq, _Stored.chain_hash,
                                   *_STORED_CONTENT)
                    .where(_Stored.chain_seq > after).order_by(_Stored.chain_seq)
                    .limit(PAGE).tuples().bind(database))
        if not page:
            break
        for row_id, seq, digest, *content in page:
            yield hash_chain.Stored(row_id, _entry_name(row_id, content[0], content[2],
                                                        content[6]),
                                    seq, digest, hash_chain.canonical(content))
        after = page[-1][1]
    outside = (_Stored.select(_Stored.id, _Stored.at, _Stored.username, _Stored.summary)
               .where(_Stored.chain_seq.is_null()).order_by(_Stored.id).limit(1)
               .tuples().bind(database))
    for row_id, at, username, summary in outside:
        yield hash_chain.Stored(row_id, _entry_name(row_id, at, username, summary), None,
                                None, b"")


def first_break(database: peewee.Database) -> hash_chain.Break | None:
    """The first broken link of the audit log's chain, or None when it is whole."""
    return hash_chain.first_break(_entries(database))


def fill_chain(database: peewee.Database) -> int:
    """Chain the entries that have no place yet, in id order (migration 15: the log written
    before the chain). The caller lets the table's rows be updated. Returns how many."""
    seq, previous = hash_chain.tail(database, "audit_entry")
    rows = list(_Stored.select(_Stored.id, *_STORED_CONTENT)
                .where(_Stored.chain_seq.is_null()).order_by(_Stored.id).tuples()
                .bind(database))
    links = hash_chain.extend(seq, previous, (hash_chain.canonical(r[1:]) for r in rows))
    stored = [(row[0], place, digest) for row, (place, digest) in zip(rows, links, strict=True)]
    hash_chain.store(database, "audit_entry", stored)
    return len(stored)


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose value changed, as (before, after) snapshots."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


@dataclass(frozen=True)
class AuditRow:
    """One audit entry as the owner's audit browser shows it."""

    at: dt.datetime
    username: str
    action: str
    entity: str
    entity_id: str
    summary: str
    before: str | None
    after: str | None


def recent(actor: Actor, *, entity: str | None = None, limit: int = 200) -> list[AuditRow]:
    """The newest audit entries, optionally for one kind of record (owner only)."""
    require(actor, Permission.VIEW_AUDIT)
    query = AuditEntry.select().order_by(AuditEntry.id.desc()).limit(limit)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    return [AuditRow(e.at, e.username, e.action, e.entity, e.entity_id, e.summary,
                     e.before, e.after) for e in query]
