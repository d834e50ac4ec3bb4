"""The live counter models (cores, lost sales, warranty) match migration 9's tables."""

from __future__ import annotations

import peewee

from shopdesk.models import cores, lost_sales, warranty


def test_live_models_match_the_migrated_tables(db: peewee.Database) -> None:
    for model in cores.TABLES + lost_sales.TABLES + warranty.TABLES:
        table = model._meta.table_name
        found = {c.name: c.null for c in db.get_columns(table)}
        wanted = {f.column_name: f.null for f in model._meta.sorted_fields}
        assert found == wanted, table
        indexes = {tuple(i.columns): i.unique for i in db.get_indexes(table)
                   if not i.name.endswith("_pkey")}
        for fields, unique in model._meta.indexes:
            columns = tuple(model._meta.fields[f].column_name for f in fields)
            assert indexes.get(columns) == unique, (table, columns)
        for field in model._meta.sorted_fields:
            if field.unique or field.index:
                assert (field.column_name,) in indexes, (table, field.name)
