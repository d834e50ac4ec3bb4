"""Schema 10: the shop's paper size (A4 or Letter) for every printed document."""

from __future__ import annotations

import peewee
from playhouse.migrate import migrate as run_operations

from shopdesk.migrations.m0002_tax_rates import migrator_for

VERSION = 10
TITLE = "Paper size in shop settings"


def apply(db: peewee.Database) -> None:
    m = migrator_for(db)
    run_operations(
        m.add_column("shop_settings", "paper_size", peewee.CharField(default="A4")),
    )
