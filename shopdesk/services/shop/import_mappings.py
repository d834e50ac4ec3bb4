"""Remembered column mappings: a file with the same headers, imported again as the same kind,
gets the mapping the user chose last time."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.imports import ImportMapping
from shopdesk.services.access import Actor


def header_key(headers: Sequence[str]) -> str:
    """The set of a file's headers, normalised (order and case do not matter)."""
    normal = sorted({" ".join(re.sub(r"[^0-9a-z]+", " ", h.casefold()).split())
                     for h in headers})
    return "|".join(normal)[:2000]


def recall(actor: Actor, kind: str, headers: Sequence[str]) -> dict[str, str] | None:
    """The mapping (header -> field, "" ignored) last used for these headers, or None."""
    row = ImportMapping.get_or_none((ImportMapping.kind == kind)
                                    & (ImportMapping.header_key == header_key(headers)))
    if row is None:
        return None
    saved = json.loads(row.mapping)
    return {h: saved[h] for h in headers if h in saved}


def remember(actor: Actor, kind: str, headers: Sequence[str], mapping: dict[str, str]) -> None:
    """Keep ``mapping`` for the next file of this kind with these headers."""
    key = header_key(headers)
    text = json.dumps({h: mapping.get(h, "") for h in headers}, ensure_ascii=False)
    with db.atomic():
        updated = (ImportMapping.update(mapping=text, username=actor.username,
                                        updated_at=utcnow())
                   .where((ImportMapping.kind == kind) & (ImportMapping.header_key == key))
                   .execute())
        if not updated:
            ImportMapping.create(kind=kind, header_key=key, mapping=text,
                                 username=actor.username)
