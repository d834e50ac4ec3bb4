"""Write and read the audit log (append-only; the database refuses changes to it)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shopdesk.models.audit import AuditEntry
from shopdesk.services.access import Actor, Permission, require


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
    """Append one audit entry. Call inside the same transaction as the change it records."""
    return AuditEntry.create(
        user=actor.user_id, username=actor.username, action=action, entity=entity,
        entity_id=str(entity_id), summary=summary, before=to_json(before), after=to_json(after))


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
