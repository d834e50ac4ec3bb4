"""Schema 7: remembered column mappings of spreadsheet imports (per kind and set of headers)."""

from __future__ import annotations

import datetime as dt

import peewee

VERSION = 7
TITLE = "Remembered spreadsheet import mappings"


def apply(db: peewee.Database) -> None:
    class ImportMapping(peewee.Model):
        kind = peewee.CharField()  # customers, vehicles, parts, prices, stock
        header_key = peewee.CharField(max_length=2000)  # the file's headers, normalised
        mapping = peewee.TextField()  # JSON: header -> field ("" = ignored)
        username = peewee.CharField(default="")
        updated_at = peewee.DateTimeField(default=dt.datetime.now)

        class Meta:
            database = db
            legacy_table_names = False
            indexes = ((("kind", "header_key"), True),)

    db.create_tables([ImportMapping])
