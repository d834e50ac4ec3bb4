"""Reading and writing many rows fast: id lists written into the SQL, rows without peewee's
per-value conversion (for whole-shop computations that read hundreds of thousands of rows),
and inserts whose statement is made once (for imports that add tens of thousands)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import peewee

from shopdesk.models.base import database_proxy as db

#: Ids per ``IN (...)`` list when reading in chunks.
CHUNK = 5000


def ids_in(field: peewee.Field, ids: Sequence[int]) -> peewee.Expression:
    """``field IN (ids)`` with the integers written into the SQL (one node, not one per id:
    building the statement for thousands of ids costs more than running it)."""
    listed = ",".join(str(int(i)) for i in ids) or "NULL"
    return peewee.Expression(field, peewee.OP.IN, peewee.SQL(f"({listed})"))


def raw_rows(query: peewee.Select) -> list[tuple]:
    """The query's rows as the driver returns them (no field conversion: dates may be ISO
    text on SQLite, booleans 0/1)."""
    sql, params = query.sql()
    return db.execute_sql(sql, params).fetchall()


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    """``ids`` in slices of ``size``."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


class RowInserter:
    """Insert one row of ``model`` and return its id, the statement made once (building a
    peewee insert is most of its cost when thousands of rows are added one by one, each id
    needed at once). Values are Python values by field name; fields not given get the
    model's defaults."""

    def __init__(self, model: type[peewee.Model]) -> None:
        self.fields = [f for f in model._meta.sorted_fields if f.name != "id"]
        self.defaults = {f.name: f.default() if callable(f.default) else f.default
                         for f in self.fields}
        self.postgres = isinstance(db.obj, peewee.PostgresqlDatabase)
        self.sql = (f"INSERT INTO {model._meta.table_name} "
                    f"({', '.join(f.column_name for f in self.fields)}) "
                    f"VALUES ({', '.join([db.param] * len(self.fields))})"
                    + (" RETURNING id" if self.postgres else ""))

    def __call__(self, values: dict[str, object]) -> int:
        record = self.defaults | values
        cursor = db.execute_sql(self.sql, [f.db_value(record[f.name]) for f in self.fields])
        return cursor.fetchone()[0] if self.postgres else cursor.lastrowid


def insert_stored(model: type[peewee.Model], fields: Sequence[peewee.Field],
                  rows: Sequence[Sequence[object]], *, per_statement: int = 1000) -> None:
    """Insert rows of values as stored (``db_value`` already applied) in the fewest
    statements: one ``executemany`` on SQLite (in process, no round trips), one multi-row
    INSERT per ``per_statement`` rows on PostgreSQL (psycopg2's executemany is one round
    trip per row). Call inside the writing transaction."""
    if not rows:
        return
    columns = ", ".join(f.column_name for f in fields)
    marks = f"({', '.join([db.param] * len(fields))})"
    head = f"INSERT INTO {model._meta.table_name} ({columns}) VALUES "
    if isinstance(db.obj, peewee.SqliteDatabase):
        db.cursor().executemany(head + marks, rows)
        return
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        db.cursor().execute(head + ", ".join([marks] * len(chunk)),
                            [value for row in chunk for value in row])
