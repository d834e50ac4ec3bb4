"""Schema 17: roles held in the services. The owner may let one member of staff see costs and
margins (``user.see_costs``, off for everyone but owners need it not), and sets how large a
discount a clerk and a technician may give without the owner's approval
(``shop_settings.clerk_discount_limit`` / ``technician_discount_limit``, thousandths of a
percent: 10 % and 0 % to start)."""

from __future__ import annotations

import peewee

VERSION = 17
TITLE = "Cost grants per user and discount limits per role"


def apply(db: peewee.Database) -> None:
    # plain ALTERs with database defaults: no table rebuild, existing rows get the default
    db.execute_sql('ALTER TABLE "user" ADD COLUMN see_costs BOOLEAN NOT NULL DEFAULT FALSE')
    db.execute_sql("ALTER TABLE shop_settings ADD COLUMN clerk_discount_limit BIGINT NOT NULL "
                   "DEFAULT 10000")
    db.execute_sql("ALTER TABLE shop_settings ADD COLUMN technician_discount_limit BIGINT "
                   "NOT NULL DEFAULT 0")
