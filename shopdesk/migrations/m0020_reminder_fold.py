"""Schema 20: how many months overdue a service may be before the reminders stop listing it
and say the car was not seen since its last visit (``workshop_settings.reminder_fold_months``,
6 to start). Independent of schema 19's content."""

from __future__ import annotations

import peewee

VERSION = 20
TITLE = "Reminder fold limit in workshop settings"


def apply(db: peewee.Database) -> None:
    # plain ALTER with a database default: no table rebuild, the existing row gets 6 months
    db.execute_sql("ALTER TABLE workshop_settings ADD COLUMN reminder_fold_months INTEGER "
                   "NOT NULL DEFAULT 6")
