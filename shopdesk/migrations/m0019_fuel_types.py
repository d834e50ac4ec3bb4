"""Schema 19: fuel types.

* ``vehicle.fuel`` holds one of the fixed fuel types (``services/crm/fuel``): what older
  releases stored as typed ("Gas", "EV", "LPG", 纯电) is normalised; a word that is no fuel
  becomes "" (unknown). A vehicle whose fuel changes gets a new version (a copy read before
  is stale).
* ``maintenance_package.fuel_types``: the fuels a package is for, comma-separated in the
  choices' order ("" = any fuel, as every package was before).
"""

from __future__ import annotations

import peewee

from shopdesk.services.crm.fuel import fuel_of

VERSION = 19
TITLE = "Fuel types: vehicles' fuel normalised, packages say which fuels they are for"


def apply(db: peewee.Database) -> None:
    db.execute_sql("ALTER TABLE maintenance_package ADD COLUMN fuel_types VARCHAR(255) "
                   "NOT NULL DEFAULT ''")
    stored = [row[0] for row in db.execute_sql(
        "SELECT DISTINCT fuel FROM vehicle WHERE fuel IS NOT NULL AND fuel != ''").fetchall()]
    for old in stored:
        new = fuel_of(old) or ""
        if new != old:
            db.execute_sql(f"UPDATE vehicle SET fuel = {db.param}, version = version + 1 "
                           f"WHERE fuel = {db.param}", (new, old))
