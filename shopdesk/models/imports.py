"""Remembered column mappings of spreadsheet imports."""

from __future__ import annotations

import peewee

from shopdesk.models.base import BaseModel, utcnow


class ImportMapping(BaseModel):
    """How the columns of a file with these headers were mapped last time, for this kind."""

    kind = peewee.CharField()  # customers, vehicles, parts, prices, stock
    header_key = peewee.CharField(max_length=2000)  # the file's headers, normalised
    mapping = peewee.TextField()  # JSON: header -> field ("" = ignored)
    username = peewee.CharField(default="")
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("kind", "header_key"), True),)
