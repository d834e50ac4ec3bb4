"""Schema 14: a version on every record two PCs can edit that had none: a draft invoice's
lines, a repair order's lines and the workshop options. A save from a copy read before
another PC's save is refused ("reopen it") instead of silently winning (issue 21). Existing
rows start at version 1."""

from __future__ import annotations

import peewee

VERSION = 14
TITLE = "Versions on invoice lines, repair-order lines and the workshop options"

TABLES = ("invoice_line", "repair_order_line", "workshop_settings")


def apply(db: peewee.Database) -> None:
    # a plain column with a default: no table rebuild on SQLite
    for table in TABLES:
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN version INTEGER NOT NULL DEFAULT 1')
