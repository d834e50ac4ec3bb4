"""The audit log: who did what, when, with the record before and after. Append-only."""

from __future__ import annotations

import peewee

from shopdesk.models.base import BaseModel, utcnow
from shopdesk.models.users import User


class AuditEntry(BaseModel):
    """One audited action. The database refuses UPDATE and DELETE on this table (triggers)."""

    at = peewee.DateTimeField(default=utcnow, index=True)
    user = peewee.ForeignKeyField(User, null=True, backref="audit_entries", on_delete="RESTRICT")
    username = peewee.CharField()  # kept as text: the log reads right even after a rename
    action = peewee.CharField(index=True)  # create, update, issue, void, login, ...
    entity = peewee.CharField(index=True)  # user, settings, invoice, ...
    entity_id = peewee.CharField(default="")
    summary = peewee.TextField(default="")
    before = peewee.TextField(null=True)  # JSON
    after = peewee.TextField(null=True)  # JSON
    # its link in the hash chain (services/hash_chain.py; m0015): place 1, 2, 3 … and
    # SHA-256 of the previous entry's hash and this entry's content
    chain_seq = peewee.IntegerField(null=True, unique=True)
    chain_hash = peewee.CharField(max_length=64, null=True)
