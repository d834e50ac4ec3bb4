"""Schema 2: tax rates by tax class, and the invoicing/stock options in shop settings."""

from __future__ import annotations

import peewee
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator
from playhouse.migrate import migrate as run_operations

VERSION = 2
TITLE = "Tax rates; invoicing and stock options in shop settings"


def migrator_for(db: peewee.Database) -> SchemaMigrator:
    """The playhouse migrator for this database's dialect."""
    if isinstance(db, peewee.PostgresqlDatabase):
        return PostgresqlMigrator(db)
    return SqliteMigrator(db)


def apply(db: peewee.Database) -> None:
    class TaxRate(peewee.Model):
        code = peewee.CharField(unique=True)
        name = peewee.CharField()
        rate = peewee.BigIntegerField()  # thousandths of a percent
        is_default = peewee.BooleanField(default=False)
        archived = peewee.BooleanField(default=False)

        class Meta:
            database = db
            legacy_table_names = False

    db.create_tables([TaxRate])
    m = migrator_for(db)
    run_operations(
        m.add_column("shop_settings", "website", peewee.CharField(default="")),
        m.add_column("shop_settings", "logo_png", peewee.BlobField(null=True)),
        m.add_column("shop_settings", "language", peewee.CharField(default="en")),
        m.add_column("shop_settings", "prices_include_tax", peewee.BooleanField(default=False)),
        m.add_column("shop_settings", "payment_terms_days", peewee.IntegerField(default=0)),
        m.add_column("shop_settings", "invoice_footer", peewee.TextField(default="")),
        m.add_column("shop_settings", "allow_negative_stock", peewee.BooleanField(default=False)),
    )
