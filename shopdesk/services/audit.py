"""Write and read the audit log (append-only; the database refuses changes to it)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
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


def to_json(data: dict[str, Any] | None) -> str | None:
    """Serialise a before/after snapshot (Decimals and dates as text)."""
    if data is None:
        return None
    return json.dumps(data, default=_jsonable, ensure_ascii=False, sort_keys=True)


def record(actor: Actor, action: str, entity: str, entity_id: object = "", summary: str = "",
           before: dict[str, Any] | None = None,
           after: dict[str, Any] | None = None) -> AuditEntry:
    """Append one audit entry. Call inside the same transaction as the change it records.
    The areas it touches are told to whoever collects them (:mod:`.changes`)."""
    note_audited(entity, action)
    return AuditEntry.create(
        user=actor.user_id, username=actor.username, action=action, entity=entity,
        entity_id=str(entity_id), summary=summary, before=to_json(before), after=to_json(after))


@dataclass(frozen=True)
class Entry:
    """One audit entry to record with :func:`record_many` (the arguments of :func:`record`)."""

    action: str
    entity: str
    entity_id: object = ""
    summary: str = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


_FIELDS = (AuditEntry.at, AuditEntry.user, AuditEntry.username, AuditEntry.action,
           AuditEntry.entity, AuditEntry.entity_id, AuditEntry.summary, AuditEntry.before,
           AuditEntry.after)


def record_many(actor: Actor, entries: Iterable[Entry]) -> int:
    """Append many audit entries at once, as :func:`record` would one by one (same time
    stamp, a few multi-row INSERTs: an import records thousands). Call inside the same
    transaction as the changes they record. Returns how many were recorded."""
    at = utcnow()
    rows = [(at, actor.user_id, actor.username, e.action, e.entity, str(e.entity_id),
             e.summary, to_json(e.before), to_json(e.after)) for e in entries]
    with db.atomic():
        for start in range(0, len(rows), 500):
            AuditEntry.insert_many(rows[start:start + 500], fields=_FIELDS).execute()
    return len(rows)


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
