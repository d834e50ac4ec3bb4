"""Schema 1: shop settings, users and the append-only audit log."""

from __future__ import annotations

import datetime as dt

import peewee

VERSION = 1
TITLE = "Foundation: shop settings, users, audit log"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def apply(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class ShopSettings(Frozen):
        name = peewee.CharField(default="")
        address = peewee.TextField(default="")
        phone = peewee.CharField(default="")
        email = peewee.CharField(default="")
        tax_id = peewee.CharField(default="")
        currency = peewee.CharField(max_length=3, default="USD")
        invoice_prefix = peewee.CharField(default="INV")
        is_demo = peewee.BooleanField(default=False)
        version = peewee.IntegerField(default=1)

    class User(Frozen):
        username = peewee.CharField(unique=True)
        display_name = peewee.CharField(default="")
        role = peewee.CharField(default="clerk")
        password_hash = peewee.CharField()
        active = peewee.BooleanField(default=True)
        created_at = peewee.DateTimeField(default=_now)
        last_login_at = peewee.DateTimeField(null=True)
        version = peewee.IntegerField(default=1)

    class AuditEntry(Frozen):
        at = peewee.DateTimeField(default=_now, index=True)
        user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        username = peewee.CharField()
        action = peewee.CharField(index=True)
        entity = peewee.CharField(index=True)
        entity_id = peewee.CharField(default="")
        summary = peewee.TextField(default="")
        before = peewee.TextField(null=True)
        after = peewee.TextField(null=True)

    db.create_tables([ShopSettings, User, AuditEntry])
    _make_audit_append_only(db)


def _make_audit_append_only(db: peewee.Database) -> None:
    message = "The audit log cannot be changed"
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql(
            "CREATE FUNCTION shopdesk_audit_readonly() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql")
        db.execute_sql(
            "CREATE TRIGGER audit_entry_readonly BEFORE UPDATE OR DELETE ON audit_entry "
            "FOR EACH ROW EXECUTE FUNCTION shopdesk_audit_readonly()")
    else:
        for event in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER audit_entry_no_{event.lower()} BEFORE {event} ON audit_entry "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
