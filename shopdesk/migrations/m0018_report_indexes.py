"""Schema 18: the monthly report reads only its months.

* ``stock_month``: the stock ledger's value moved per calendar month (quantity x unit cost,
  thousandths of a cent; months of ``stock_movement.at``, which is UTC), kept in step by
  triggers on ``stock_movement`` and filled here from the ledger. The report's stock value at
  a month's end (today's value less what moved since) adds up a few months instead of reading
  a year of movements. ``shopdesk check`` compares it with the ledger.
* Indexes: movements by reference (the cost of the parts on a month's invoices, found from the
  invoices), repair orders by when they were finished and clock entries by when they started
  (hours sold and clocked), payments by time with their invoice and amount, the invoices
  still open (receivables at a month's end), customers by archived and grade, and parts by
  the value they hold (slow movers).
"""

from __future__ import annotations

import peewee

VERSION = 18
TITLE = "Indexes and a stock-value month summary for the monthly report"

INDEXES = (
    'CREATE INDEX stock_movement_reference ON stock_movement ("reference")',
    'CREATE INDEX repair_order_done_at ON repair_order ("done_at")',
    'CREATE INDEX time_entry_started_at ON time_entry ("started_at")',
    'CREATE INDEX payment_at_invoice_id ON payment ("at", "invoice_id", "applied")',
    # open invoices only: a few thousand of 200,000 (the expression as the report writes it)
    'CREATE INDEX invoice_open ON invoice ("kind", "status", "issue_date") '
    'WHERE (("gross" - "paid") - "credited") != 0',
    'CREATE INDEX customer_archived_grade ON customer ("archived", "grade")',
    # parts by the money tied up in them (slow movers: most value first, stopping at the
    # first few that did not move)
    'CREATE INDEX part_value ON part (("on_hand" * "cost"))',
)


def apply(db: peewee.Database) -> None:
    for sql in INDEXES:
        db.execute_sql(sql)
    db.execute_sql('CREATE TABLE stock_month ("month" DATE NOT NULL PRIMARY KEY, '
                   '"value" BIGINT NOT NULL)')
    if isinstance(db, peewee.PostgresqlDatabase):
        _postgres(db)
    else:
        _sqlite(db)


def _sqlite(db: peewee.Database) -> None:
    month = "substr({row}.at, 1, 7) || '-01'"  # timestamps are stored as ISO text
    db.execute_sql(f'INSERT INTO stock_month ("month", "value") SELECT {month.format(row="m")}, '
                   "SUM(m.quantity * m.unit_cost) FROM stock_movement m GROUP BY 1")
    add = ("INSERT INTO stock_month (month, value) VALUES ({month}, {sign}{row}.quantity * "
           "{row}.unit_cost) ON CONFLICT (month) DO UPDATE SET value = value + excluded.value;")
    new = add.format(month=month.format(row="NEW"), sign="", row="NEW")
    old = add.format(month=month.format(row="OLD"), sign="-", row="OLD")
    db.execute_sql(f"CREATE TRIGGER stock_month_insert AFTER INSERT ON stock_movement "
                   f"BEGIN {new} END")
    db.execute_sql("CREATE TRIGGER stock_month_update AFTER UPDATE OF at, quantity, unit_cost "
                   f"ON stock_movement BEGIN {old} {new} END")
    db.execute_sql(f"CREATE TRIGGER stock_month_delete AFTER DELETE ON stock_movement "
                   f"BEGIN {old} END")


def _postgres(db: peewee.Database) -> None:
    db.execute_sql('INSERT INTO stock_month ("month", "value") SELECT '
                   "date_trunc('month', m.at)::date, SUM(m.quantity * m.unit_cost) "
                   "FROM stock_movement m GROUP BY 1")
    add = ("INSERT INTO stock_month (month, value) VALUES (date_trunc('month', {row}.at)::date, "
           "{sign}{row}.quantity * {row}.unit_cost) ON CONFLICT (month) DO UPDATE SET "
           "value = stock_month.value + EXCLUDED.value;")
    db.execute_sql(
        "CREATE FUNCTION shopdesk_stock_month() RETURNS trigger AS $$ BEGIN "
        "IF TG_OP IN ('UPDATE', 'DELETE') THEN "
        + add.format(row="OLD", sign="-") + " END IF; "
        "IF TG_OP IN ('INSERT', 'UPDATE') THEN "
        + add.format(row="NEW", sign="") + " END IF; "
        "RETURN NULL; END; $$ LANGUAGE plpgsql")
    db.execute_sql("CREATE TRIGGER stock_month_follows AFTER INSERT OR DELETE OR UPDATE OF at, "
                   "quantity, unit_cost ON stock_movement FOR EACH ROW "
                   "EXECUTE FUNCTION shopdesk_stock_month()")
