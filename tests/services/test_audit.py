"""The audit log: many entries at once are the entries one by one would be."""

from __future__ import annotations

import json
from decimal import Decimal

from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import database_proxy
from shopdesk.services import audit


def _entries_after(first_id: int) -> list[tuple]:
    return [(e.user_id, e.username, e.action, e.entity, e.entity_id, e.summary, e.before,
             e.after) for e in AuditEntry.select().where(AuditEntry.id > first_id)
            .order_by(AuditEntry.id)]


def test_record_many_writes_what_record_writes_in_order(owner):
    start = AuditEntry.select().order_by(AuditEntry.id.desc()).first().id
    given = [audit.Entry("price change", "part", 7, "OF-1: list", {"cost": Decimal("1.50")},
                         {"cost": Decimal("1.60")}),
             audit.Entry("import", "parts", summary="Imported 2 parts"),
             audit.Entry("create", "customer", "12", "Added 张伟", None, {"name": "张伟"})]
    with database_proxy.atomic() as transaction:
        for entry in given:
            audit.record(owner, entry.action, entry.entity, entry.entity_id, entry.summary,
                         entry.before, entry.after)
        one_by_one = _entries_after(start)
        transaction.rollback()
    assert audit.record_many(owner, given) == 3
    at_once = _entries_after(start)
    assert at_once == one_by_one
    assert json.loads(at_once[0][7]) == {"cost": "1.60"}  # exact money as text
    stamps = {e.at for e in AuditEntry.select().where(AuditEntry.id > start)}
    assert len(stamps) == 1  # one moment for the lot


def test_record_many_goes_with_its_transaction(owner):
    before = AuditEntry.select().count()
    with database_proxy.atomic() as transaction:
        audit.record_many(owner, [audit.Entry("update", "part", n) for n in range(1200)])
        assert AuditEntry.select().count() == before + 1200  # (several INSERTs of 500)
        transaction.rollback()
    assert AuditEntry.select().count() == before
    assert audit.record_many(owner, []) == 0
