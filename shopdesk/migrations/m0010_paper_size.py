"""Schema 10: the shop's paper size (A4 or Letter) for every printed document."""

from __future__ import annotations

import peewee

VERSION = 10
TITLE = "Paper size in shop settings"


def apply(db: peewee.Database) -> None:
    # plain ALTER with a database default: no table rebuild, and rows written by older code
    # (or by hand) get A4
    db.execute_sql("ALTER TABLE shop_settings ADD COLUMN paper_size VARCHAR(255) NOT NULL "
                   "DEFAULT 'A4'")
