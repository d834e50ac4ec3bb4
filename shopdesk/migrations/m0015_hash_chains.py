"""Schema 15: hash chains for the audit log and for issued documents (tamper evidence).

``audit_entry`` and ``invoice`` get ``chain_seq`` (unique: two PCs cannot give two entries one
place) and ``chain_hash`` (:mod:`shopdesk.services.hash_chain`). The entries written before
are chained now, in id order: the audit log's append-only triggers are lifted for this one
transaction and put back as they were; issued documents may take the new columns (the
triggers of schema 5 freeze only the columns that existed then).
"""

from __future__ import annotations

import peewee

VERSION = 15
TITLE = "Hash chains: the audit log and issued documents"


def apply(db: peewee.Database) -> None:
    from shopdesk.services import audit
    from shopdesk.services.sales import document_chain

    for table in ("audit_entry", "invoice"):
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "chain_seq" INTEGER')
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "chain_hash" VARCHAR(64)')
        db.execute_sql(f'CREATE UNIQUE INDEX "{table}_chain_seq" ON "{table}" ("chain_seq")')
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_readonly")
        audit.fill_chain(db)
        db.execute_sql("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_readonly")
    else:
        kept = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
                              "name = 'audit_entry_no_update'").fetchone()
        db.execute_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
        audit.fill_chain(db)
        if kept:
            db.execute_sql(kept[0])
    document_chain.seal_unsealed(db)
