"""Fast bulk inserts of raw storage values (cents, thousandths) for the large demo shop."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import peewee

from shopdesk.models.base import database_proxy


def insert_rows(model: type[peewee.Model], columns: Sequence[str], rows: Iterable[tuple],
                batch: int = 5000) -> int:
    """Insert tuples of already-stored values (no field conversion) into ``model``'s table.

    SQLite uses the driver's ``executemany``; PostgreSQL uses ``execute_values``. Call inside
    ``db.atomic()``. Returns the number of rows inserted.
    """
    db = database_proxy.obj
    table = model._meta.table_name
    quoted = ", ".join(f'"{c}"' for c in columns)
    total = 0
    chunk: list[tuple] = []
    if isinstance(db, peewee.PostgresqlDatabase):
        from psycopg2.extras import execute_values

        sql = f'INSERT INTO "{table}" ({quoted}) VALUES %s'

        def flush() -> None:
            execute_values(db.cursor(), sql, chunk, page_size=len(chunk))
    else:
        sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(columns))})'

        def flush() -> None:
            db.cursor().executemany(sql, chunk)

    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            flush()
            total += len(chunk)
            chunk = []
    if chunk:
        flush()
        total += len(chunk)
    return total


def reset_sequence(model: type[peewee.Model]) -> None:
    """After inserting explicit ids on PostgreSQL, move the id sequence past them."""
    db = database_proxy.obj
    if isinstance(db, peewee.PostgresqlDatabase):
        table = model._meta.table_name
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                       f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 1))")
