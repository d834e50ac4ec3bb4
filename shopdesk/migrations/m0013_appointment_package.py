"""Schema 13: an appointment booked from a service reminder remembers the maintenance package
it was booked for (``appointment.package``), so check-in puts that package's lines on the new
repair order. Older appointments have none (NULL): they check in with their "what for" text
as the concern, as before."""

from __future__ import annotations

import peewee

VERSION = 13
TITLE = "Appointments remember the maintenance package they were booked for"


def apply(db: peewee.Database) -> None:
    # a plain nullable column (like appointment.reminder): no table rebuild
    db.execute_sql("ALTER TABLE appointment ADD COLUMN package INTEGER")
