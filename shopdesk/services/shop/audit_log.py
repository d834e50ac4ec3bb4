"""The owner's audit log browser: a lazy list over the audit entries, filtered in SQL.

Filter by kind of record (entity), by user and by a date range (local dates, compared with
the UTC timestamps stored). Read-only: the database refuses changes to the log anyway.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import peewee

from shopdesk.errors import NotFoundError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.audit import AuditEntry
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.audit import AuditRow
from shopdesk.services.listing import Column, Kind, QueryList


@dataclass(frozen=True)
class AuditFilter:
    """What the browser shows: one entity, one user, local dates ``since``..``until``."""

    entity: str = ""
    username: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def _utc_midnight(day: dt.date) -> dt.datetime:
    """Local midnight at the start of ``day``, as the naive UTC the database stores."""
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _where(query: peewee.ModelSelect, flt: AuditFilter) -> peewee.ModelSelect:
    if flt.entity:
        query = query.where(AuditEntry.entity == flt.entity)
    if flt.username:
        query = query.where(AuditEntry.username == flt.username)
    if flt.since:
        query = query.where(AuditEntry.at >= _utc_midnight(flt.since))
    if flt.until:
        query = query.where(AuditEntry.at < _utc_midnight(flt.until + dt.timedelta(days=1)))
    return query


def audit_list(actor: Actor, flt: AuditFilter | None = None) -> QueryList:
    """The audit entries matching ``flt``, newest first (owner only)."""
    require(actor, Permission.VIEW_AUDIT)
    flt = flt or AuditFilter()
    columns = [
        Column("at", QT_TRANSLATE_NOOP("Columns", "When"), AuditEntry.at, Kind.DATETIME, width=17),
        Column("username", QT_TRANSLATE_NOOP("Columns", "User"), AuditEntry.username, width=12),
        Column("action", QT_TRANSLATE_NOOP("Columns", "Action"), AuditEntry.action, width=10),
        Column("entity", QT_TRANSLATE_NOOP("Columns", "Record"), AuditEntry.entity, width=12),
        Column("entity_id", QT_TRANSLATE_NOOP("Columns", "No."), AuditEntry.entity_id, width=6),
        Column("summary", QT_TRANSLATE_NOOP("Columns", "What happened"), AuditEntry.summary,
                sortable=False, width=60),
    ]
    return QueryList(columns, lambda: _where(AuditEntry.select(), flt), AuditEntry.id,
                     sort_key="at", descending=True)


def entities(actor: Actor) -> list[str]:
    """The kinds of record the log mentions (for the filter)."""
    require(actor, Permission.VIEW_AUDIT)
    query = AuditEntry.select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)
    return [row[0] for row in query.tuples()]


def usernames(actor: Actor) -> list[str]:
    """Everyone who appears in the log (for the filter)."""
    require(actor, Permission.VIEW_AUDIT)
    query = AuditEntry.select(AuditEntry.username).distinct().order_by(AuditEntry.username)
    return [row[0] for row in query.tuples()]


def entry(actor: Actor, entry_id: int) -> AuditRow:
    """One entry in full, with its before/after snapshots."""
    require(actor, Permission.VIEW_AUDIT)
    found = AuditEntry.get_or_none(AuditEntry.id == entry_id)
    if found is None:
        raise NotFoundError(f"Audit entry {entry_id} does not exist")
    return AuditRow(found.at, found.username, found.action, found.entity, found.entity_id,
                    found.summary, found.before, found.after)


def pretty(snapshot: str | None) -> str:
    """A before/after JSON snapshot laid out one field per line (as stored if not JSON)."""
    if not snapshot:
        return ""
    try:
        return json.dumps(json.loads(snapshot), indent=2, ensure_ascii=False, sort_keys=True)
    except ValueError:
        return snapshot
