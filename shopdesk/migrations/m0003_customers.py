"""Schema 3: customers, phones, tags, grading rules, search keys, vehicles, odometer readings,
ownership history, interactions, inquiries, complaints and surveys."""

from __future__ import annotations

import datetime as dt

import peewee

VERSION = 3
TITLE = "Customers, vehicles and the customer file (CRM)"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def apply(db: peewee.Database) -> None:
    class Frozen(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Frozen):  # exists since schema 1; only referenced here
        pass

    class Customer(Frozen):
        kind = peewee.CharField(default="person")
        first_name = peewee.CharField(default="")
        last_name = peewee.CharField(default="")
        company_name = peewee.CharField(default="")
        display_name = peewee.CharField(index=True)
        email = peewee.CharField(default="")
        email_problem = peewee.CharField(default="")
        address = peewee.CharField(default="")
        city = peewee.CharField(default="", index=True)
        postcode = peewee.CharField(default="", index=True)
        country = peewee.CharField(default="")
        tax_id = peewee.CharField(default="")
        payment_terms_days = peewee.IntegerField(null=True)
        notes = peewee.TextField(default="")
        marketing_consent = peewee.BooleanField(default=False)
        preferred_channel = peewee.CharField(default="phone")
        grade = peewee.CharField(default="new", index=True)
        auto_grade = peewee.CharField(default="new")
        grade_override = peewee.CharField(null=True)
        grade_override_reason = peewee.CharField(default="")
        graded_at = peewee.DateTimeField(null=True)
        blacklisted = peewee.BooleanField(default=False)
        blacklist_reason = peewee.CharField(default="")
        last_visit_on = peewee.DateField(null=True, index=True)
        archived = peewee.BooleanField(default=False, index=True)
        merged_into = peewee.ForeignKeyField("self", null=True, on_delete="RESTRICT")
        created_at = peewee.DateTimeField(default=_now)
        version = peewee.IntegerField(default=1)

    class CustomerPhone(Frozen):
        customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE")
        label = peewee.CharField(default="mobile")
        number = peewee.CharField()
        e164 = peewee.CharField(default="", index=True)
        problem = peewee.CharField(default="")
        position = peewee.IntegerField(default=0)

    class Tag(Frozen):
        name = peewee.CharField(unique=True)
        colour = peewee.CharField(default="#627d98")

    class CustomerTag(Frozen):
        customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE")
        tag = peewee.ForeignKeyField(Tag, on_delete="CASCADE")

        class Meta:
            indexes = ((("customer", "tag"), True),)

    class GradingRules(Frozen):
        vip_spend = peewee.BigIntegerField(default=0)
        vip_visits = peewee.IntegerField(default=0)
        regular_spend = peewee.BigIntegerField(default=0)
        regular_visits = peewee.IntegerField(default=0)
        lapsed_months = peewee.IntegerField(default=12)
        updated_by = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        version = peewee.IntegerField(default=1)

    class SearchKey(Frozen):
        key = peewee.CharField()
        customer = peewee.ForeignKeyField(Customer, on_delete="CASCADE", index=False)
        vehicle_id = peewee.IntegerField(null=True)
        field = peewee.CharField()

    class Vehicle(Frozen):
        customer = peewee.ForeignKeyField(Customer, on_delete="RESTRICT")
        vin = peewee.CharField(default="", index=True)
        vin_problem = peewee.CharField(default="")
        plate = peewee.CharField(default="")
        plate_key = peewee.CharField(default="", index=True)
        make = peewee.CharField(default="")
        model = peewee.CharField(default="")
        year = peewee.IntegerField(null=True)
        engine = peewee.CharField(default="")
        fuel = peewee.CharField(default="")
        colour = peewee.CharField(default="")
        odometer = peewee.IntegerField(null=True)
        notes = peewee.TextField(default="")
        archived = peewee.BooleanField(default=False)
        created_at = peewee.DateTimeField(default=_now)
        version = peewee.IntegerField(default=1)

    class OdometerReading(Frozen):
        vehicle = peewee.ForeignKeyField(Vehicle, on_delete="CASCADE")
        reading = peewee.IntegerField()
        read_on = peewee.DateField()
        reason = peewee.CharField(default="")
        user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        recorded_at = peewee.DateTimeField(default=_now)

    class Ownership(Frozen):
        vehicle = peewee.ForeignKeyField(Vehicle, on_delete="CASCADE")
        customer = peewee.ForeignKeyField(Customer, on_delete="RESTRICT")
        since = peewee.DateField()
        until = peewee.DateField(null=True)
        note = peewee.CharField(default="")

    class Interaction(Frozen):
        customer = peewee.ForeignKeyField(Customer, on_delete="RESTRICT")
        vehicle = peewee.ForeignKeyField(Vehicle, null=True, on_delete="SET NULL")
        kind = peewee.CharField(index=True)
        summary = peewee.TextField()
        at = peewee.DateTimeField(default=_now, index=True)
        user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        follow_up_on = peewee.DateField(null=True, index=True)
        follow_up_note = peewee.CharField(default="")
        follow_up_user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        follow_up_done_at = peewee.DateTimeField(null=True)

    class Inquiry(Frozen):
        customer = peewee.ForeignKeyField(Customer, null=True, on_delete="RESTRICT")
        question = peewee.TextField()
        answer = peewee.TextField(default="")
        status = peewee.CharField(default="open", index=True)
        asked_at = peewee.DateTimeField(default=_now)
        asked_by = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        answered_at = peewee.DateTimeField(null=True)
        answered_by = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")

    class Complaint(Frozen):
        customer = peewee.ForeignKeyField(Customer, on_delete="RESTRICT")
        opened_on = peewee.DateField()
        subject = peewee.CharField()
        details = peewee.TextField(default="")
        repair_order_id = peewee.IntegerField(null=True)
        invoice_id = peewee.IntegerField(null=True)
        owner = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        status = peewee.CharField(default="open", index=True)
        resolution = peewee.TextField(default="")
        resolved_on = peewee.DateField(null=True)
        satisfaction = peewee.IntegerField(null=True)
        created_by = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
        version = peewee.IntegerField(default=1)

    class Survey(Frozen):
        customer = peewee.ForeignKeyField(Customer, on_delete="RESTRICT")
        invoice_id = peewee.IntegerField(null=True)
        taken_on = peewee.DateField(index=True)
        quality = peewee.IntegerField()
        price = peewee.IntegerField()
        speed = peewee.IntegerField()
        staff = peewee.IntegerField()
        recommend = peewee.IntegerField()
        comment = peewee.TextField(default="")
        user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")

    db.create_tables([Customer, CustomerPhone, Tag, CustomerTag, GradingRules, SearchKey,
                      Vehicle, OdometerReading, Ownership, Interaction, Inquiry, Complaint,
                      Survey])
    # Prefix lookups on the search keys: a plain B-tree on SQLite (queried with GLOB 'x*'),
    # text_pattern_ops on PostgreSQL (queried with LIKE 'x%'), whatever the server's collation.
    ops = " text_pattern_ops" if isinstance(db, peewee.PostgresqlDatabase) else ""
    db.execute_sql(f"CREATE INDEX search_key_key ON search_key (key{ops}, customer_id)")
    # One customer's keys by prefix: "and every other word matches this customer" and
    # reindexing; it also serves the foreign key.
    db.execute_sql(f"CREATE INDEX search_key_customer_key ON search_key (customer_id, key{ops})")
    # Default thresholds over 12 months: VIP from 2,000.00 or 6 visits; regular from 500.00 or
    # 3 visits (the owner changes them in the customer settings).
    GradingRules.insert(id=1, vip_spend=200000, vip_visits=6, regular_spend=50000,
                        regular_visits=3, lapsed_months=12).execute()
