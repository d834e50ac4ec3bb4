"""Schema 5: invoices and credit notes, lines, payments, customer credit, gapless numbers.

Issued documents are made immutable by triggers: an issued invoice's row may change only its
cached ``paid``/``credited`` figures (and version); its lines cannot be added, changed or
deleted; payments and credit entries are append-only.
"""

from __future__ import annotations

import datetime as dt

import peewee

VERSION = 5
TITLE = "Invoices, credit notes, payments, customer credit, document numbers"

#: Columns of an issued invoice that may still change (caches moved by payments/credits).
MUTABLE_AFTER_ISSUE = ("paid", "credited", "version")
IMMUTABLE_MESSAGE = "An issued invoice cannot be changed or deleted; issue a credit note"
APPEND_ONLY_MESSAGE = "Payments and store credit cannot be changed or deleted"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def apply(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Frozen):  # referenced only
        class Meta:
            table_name = "user"

    class Customer(Frozen):
        class Meta:
            table_name = "customer"

    class Vehicle(Frozen):
        class Meta:
            table_name = "vehicle"

    class Part(Frozen):
        class Meta:
            table_name = "part"

    class DocumentSequence(Frozen):
        series = peewee.CharField()
        year = peewee.IntegerField()
        last_number = peewee.IntegerField(default=0)

        class Meta:
            indexes = ((("series", "year"), True),)

    class Invoice(Frozen):
        kind = peewee.CharField(default="invoice")
        status = peewee.CharField(default="draft", index=True)
        number = peewee.CharField(null=True, unique=True)
        series = peewee.CharField(null=True)
        year = peewee.IntegerField(null=True)
        sequence = peewee.IntegerField(null=True)
        customer = peewee.ForeignKeyField(Customer, null=True, on_delete="RESTRICT")
        customer_name = peewee.CharField(default="")
        billing_address = peewee.TextField(default="")
        customer_tax_id = peewee.CharField(default="")
        vehicle = peewee.ForeignKeyField(Vehicle, null=True, on_delete="RESTRICT")
        vehicle_text = peewee.CharField(default="")
        odometer = peewee.IntegerField(null=True)
        price_level = peewee.CharField(default="retail")
        prices_include_tax = peewee.BooleanField(default=False)
        discount_percent = peewee.BigIntegerField(default=0)
        terms_days = peewee.IntegerField(default=0)
        created_at = peewee.DateTimeField(default=_now)
        issued_at = peewee.DateTimeField(null=True)
        issue_date = peewee.DateField(null=True, index=True)
        due_date = peewee.DateField(null=True)
        subtotal = peewee.BigIntegerField(default=0)
        discount = peewee.BigIntegerField(default=0)
        net = peewee.BigIntegerField(default=0)
        tax = peewee.BigIntegerField(default=0)
        gross = peewee.BigIntegerField(default=0)
        paid = peewee.BigIntegerField(default=0)
        credited = peewee.BigIntegerField(default=0)
        credited_invoice = peewee.ForeignKeyField("self", null=True, on_delete="RESTRICT")
        reason = peewee.TextField(default="")
        source = peewee.CharField(default="")
        source_id = peewee.IntegerField(null=True)
        notes = peewee.TextField(default="")
        created_by = peewee.CharField(default="")
        issued_by = peewee.CharField(default="")
        version = peewee.IntegerField(default=1)

        class Meta:
            indexes = ((("customer", "issue_date"), False), (("kind", "issue_date"), False))

    class InvoiceLine(Frozen):
        invoice = peewee.ForeignKeyField(Invoice, on_delete="RESTRICT")
        position = peewee.IntegerField(default=0)
        kind = peewee.CharField(default="part")
        part = peewee.ForeignKeyField(Part, null=True, on_delete="RESTRICT")
        sku = peewee.CharField(default="")
        description = peewee.CharField()
        quantity = peewee.BigIntegerField()
        unit_price = peewee.BigIntegerField()
        discount_percent = peewee.BigIntegerField(default=0)
        tax_code = peewee.CharField(default="")
        tax_rate = peewee.BigIntegerField(default=0)
        amount = peewee.BigIntegerField(default=0)
        discounted = peewee.BigIntegerField(default=0)
        unit_cost = peewee.BigIntegerField(default=0)
        takes_stock = peewee.BooleanField(default=True)
        credited_line = peewee.ForeignKeyField("self", null=True, on_delete="RESTRICT")

    class Payment(Frozen):
        invoice = peewee.ForeignKeyField(Invoice, null=True, on_delete="RESTRICT")
        customer = peewee.ForeignKeyField(Customer, null=True, on_delete="RESTRICT")
        method = peewee.CharField()
        amount = peewee.BigIntegerField()
        applied = peewee.BigIntegerField(default=0)
        tendered = peewee.BigIntegerField(null=True)
        change = peewee.BigIntegerField(null=True)
        reference = peewee.CharField(default="")
        is_refund = peewee.BooleanField(default=False)
        at = peewee.DateTimeField(default=_now, index=True)
        user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        username = peewee.CharField()

    class CreditEntry(Frozen):
        customer = peewee.ForeignKeyField(Customer, on_delete="RESTRICT", index=True)
        amount = peewee.BigIntegerField()
        payment = peewee.ForeignKeyField(Payment, null=True, on_delete="RESTRICT")
        invoice = peewee.ForeignKeyField(Invoice, null=True, on_delete="RESTRICT")
        note = peewee.CharField(default="")
        at = peewee.DateTimeField(default=_now)
        username = peewee.CharField()

    db.create_tables([DocumentSequence, Invoice, InvoiceLine, Payment, CreditEntry])
    frozen = [f.column_name for f in Invoice._meta.sorted_fields
              if f.column_name not in MUTABLE_AFTER_ISSUE]
    if isinstance(db, peewee.PostgresqlDatabase):
        _postgres_triggers(db, frozen)
    else:
        _sqlite_triggers(db, frozen)


def _sqlite_triggers(db: peewee.Database, frozen: list[str]) -> None:
    changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in frozen)
    stop = f"BEGIN SELECT RAISE(ABORT, '{IMMUTABLE_MESSAGE}'); END"
    db.execute_sql("CREATE TRIGGER invoice_issued_no_update BEFORE UPDATE ON invoice "
                   f"WHEN OLD.status <> 'draft' AND ({changed}) {stop}")
    db.execute_sql("CREATE TRIGGER invoice_issued_no_delete BEFORE DELETE ON invoice "
                   f"WHEN OLD.status <> 'draft' {stop}")
    parent = "(SELECT status FROM invoice WHERE id = {row}.invoice_id) <> 'draft'"
    db.execute_sql("CREATE TRIGGER invoice_line_no_insert BEFORE INSERT ON invoice_line "
                   f"WHEN {parent.format(row='NEW')} {stop}")
    for event in ("UPDATE", "DELETE"):
        db.execute_sql(f"CREATE TRIGGER invoice_line_no_{event.lower()} BEFORE {event} "
                       f"ON invoice_line WHEN {parent.format(row='OLD')} {stop}")
    for table in ("payment", "credit_entry"):
        for event in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END")


def _postgres_triggers(db: peewee.Database, frozen: list[str]) -> None:
    changed = " OR ".join(f'NEW."{c}" IS DISTINCT FROM OLD."{c}"' for c in frozen)
    db.execute_sql(
        "CREATE FUNCTION shopdesk_invoice_guard() RETURNS trigger AS $$ BEGIN "
        "IF OLD.status <> 'draft' AND (TG_OP = 'DELETE' OR " + changed + ") THEN "
        f"RAISE EXCEPTION '{IMMUTABLE_MESSAGE}'; END IF; "
        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql")
    db.execute_sql("CREATE TRIGGER invoice_guard BEFORE UPDATE OR DELETE ON invoice "
                   "FOR EACH ROW EXECUTE FUNCTION shopdesk_invoice_guard()")
    db.execute_sql(
        "CREATE FUNCTION shopdesk_invoice_line_guard() RETURNS trigger AS $$ "
        "DECLARE parent_id integer; BEGIN "
        "IF TG_OP = 'INSERT' THEN parent_id := NEW.invoice_id; "
        "ELSE parent_id := OLD.invoice_id; END IF; "
        "IF (SELECT status FROM invoice WHERE id = parent_id) <> 'draft' THEN "
        f"RAISE EXCEPTION '{IMMUTABLE_MESSAGE}'; END IF; "
        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql")
    db.execute_sql("CREATE TRIGGER invoice_line_guard BEFORE INSERT OR UPDATE OR DELETE "
                   "ON invoice_line FOR EACH ROW EXECUTE FUNCTION shopdesk_invoice_line_guard()")
    db.execute_sql(
        "CREATE FUNCTION shopdesk_append_only() RETURNS trigger AS $$ BEGIN "
        f"RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END; $$ LANGUAGE plpgsql")
    for table in ("payment", "credit_entry"):
        db.execute_sql(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION shopdesk_append_only()")
