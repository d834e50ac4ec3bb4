"""Schema 12: customers with Chinese names are listed as written, family name first and
whole (张伟, not "张, 伟"), and get the search keys this release adds for them: the whole
name (张伟), its pinyin (zhangwei), initials (zw) and syllables.

Keys are data the services keep in step with each customer; earlier releases did not make
these, so ``shopdesk check`` would call them stale. The keys are computed by the same pure
function the services use (no model, no table of this release is touched).
"""

from __future__ import annotations

import re

import peewee

from shopdesk.services.crm.names import listed_name
from shopdesk.services.crm.search_index import chinese_name_keys

VERSION = 12
TITLE = "Chinese names: listed family name first; search keys by whole name, pinyin, initials"
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def apply(db: peewee.Database) -> None:
    param = "%s" if isinstance(db, peewee.PostgresqlDatabase) else "?"
    rows = db.execute_sql("SELECT id, first_name, last_name, archived, kind, display_name "
                          "FROM customer").fetchall()
    new = []
    for cid, first, last, archived, kind, shown in rows:
        if not _CHINESE.search(f"{first}{last}"):
            continue
        if kind == "person" and shown == ", ".join(p for p in (last, first) if p):
            db.execute_sql(f"UPDATE customer SET display_name = {param} WHERE id = {param}",
                           (listed_name(first, last), cid))
        if archived not in (False, 0):
            continue
        new.extend((key, cid, field) for key, field in sorted(chinese_name_keys(first, last)))
    if not new:
        return
    existing = set(db.execute_sql("SELECT key, customer_id, field FROM search_key WHERE "
                                  "vehicle_id IS NULL").fetchall())
    fresh = [row for row in new if row not in existing]
    for start in range(0, len(fresh), 500):
        chunk = fresh[start:start + 500]
        values = ", ".join(f"({param}, {param}, NULL, {param})" for _ in chunk)
        db.execute_sql(f"INSERT INTO search_key (key, customer_id, vehicle_id, field) VALUES "
                       f"{values}", [v for row in chunk for v in row])
