"""Schema 16: sign-in that a copied file or a guessing hand cannot get through.

``user.failed_sign_ins`` and ``user.failed_sign_in_at`` count wrong passwords in a row (a
growing delay, then a lockout the owner lifts); ``pc_sign_in`` holds the hash of each PC's
automatic sign-in token (the token itself stays on that PC, see ``shopdesk.pc_secret``).
"""

from __future__ import annotations

import datetime as dt

import peewee

VERSION = 16
TITLE = "Sign-in: wrong passwords counted, automatic sign-in bound to a PC by a secret"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def apply(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Frozen):
        username = peewee.CharField(unique=True)

    class PcSignIn(Frozen):
        user = peewee.ForeignKeyField(User, on_delete="CASCADE")
        token_hash = peewee.CharField(max_length=64, unique=True)
        created_at = peewee.DateTimeField(default=_now)

    # plain columns with defaults (like appointment.package): no table rebuild
    db.execute_sql('ALTER TABLE "user" ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0')
    db.execute_sql('ALTER TABLE "user" ADD COLUMN failed_sign_in_at TIMESTAMP')
    db.create_tables([PcSignIn])
