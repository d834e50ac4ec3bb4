"""A database from any earlier ShopDesk opens in this one without loss; migrations are atomic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import peewee
import pytest

from shopdesk import db as database
from shopdesk import migrations
from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import database_proxy
from shopdesk.models.settings import ShopSettings
from shopdesk.models.users import User
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.shop import users
from shopdesk.services.shop.users import hash_password

OLD_VERSIONS = list(range(1, migrations.LATEST_VERSION))
CREATED = dt.datetime(2024, 3, 5, 8, 30, 15)
CREATED_TEXT = "2024-03-05 08:30:15"  # as text: no sqlite3 datetime adapter (deprecated)
PASSWORD = "old-release-pw"


@pytest.fixture(autouse=True)
def _unbind() -> Iterator[None]:
    yield
    database.close()
    database_proxy.initialize(None)


def _raw(db_url: str) -> peewee.Database:
    """A plain connection with none of ShopDesk's checks, like an older release's file."""
    if db_url.startswith("postgresql://"):
        return database._connect_postgres(database.parse_target(db_url))
    return peewee.SqliteDatabase(db_url)


def _insert(db: peewee.Database, table: str, row: dict[str, object],
            model: type[peewee.Model]) -> None:
    """Insert ``row``; other required columns the table has at this version get the value the
    release of that version would have written (the model's default)."""
    row = dict(row)
    fields = {f.column_name: f for f in model._meta.sorted_fields}
    for column in db.get_columns(table):
        if column.name in row or column.null or column.primary_key:
            continue
        field = fields.get(column.name)
        if field is not None and field.default is not None:
            default = field.default() if callable(field.default) else field.default
            row[column.name] = field.db_value(default)
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join([db.param] * len(row))
    db.execute_sql(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', tuple(row.values()))


def _columns(db: peewee.Database, table: str) -> set[str]:
    return {c.name for c in db.get_columns(table)}


def _old_shop(db_url: str, version: int) -> tuple[set[str], str]:
    """Make a database at schema ``version`` holding a shop; returns (settings columns, hash)."""
    raw = _raw(db_url)
    assert migrations.migrate(raw, target=version) == list(range(1, version + 1))
    assert migrations.current_version(raw) == version
    pw_hash = hash_password(PASSWORD)
    with raw.atomic():
        _insert(raw, "shop_settings", {
            "id": 1, "name": "Old Town Garage", "address": "1 Mill Lane\nOldtown",
            "phone": "555-0100", "email": "desk@old.example", "tax_id": "TX-1",
            "currency": "EUR", "invoice_prefix": "OT", "is_demo": False, "version": 3},
            ShopSettings)
        _insert(raw, "user", {
            "id": 1, "username": "olga", "display_name": "Olga Old", "role": "owner",
            "password_hash": pw_hash, "active": True, "created_at": CREATED_TEXT, "version": 1},
            User)
        _insert(raw, "user", {
            "id": 2, "username": "ben", "display_name": "Ben", "role": "clerk",
            "password_hash": pw_hash, "active": False, "created_at": CREATED_TEXT, "version": 2},
            User)
        _insert(raw, "audit_entry", {
            "at": CREATED_TEXT, "user_id": 1, "username": "olga", "action": "create",
            "entity": "user", "entity_id": "2", "summary": "Added clerk ben",
            "before": None, "after": '{"role": "clerk", "username": "ben"}'},
            AuditEntry)
    settings_columns = _columns(raw, "shop_settings")
    raw.close()
    return settings_columns, pw_hash


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_an_old_database_opens_without_loss(db_url: str, version: int) -> None:
    old_columns, pw_hash = _old_shop(db_url, version)

    db = database.open(db_url)

    assert migrations.current_version(db) == migrations.LATEST_VERSION
    applied = [r[0] for r in db.execute_sql(
        "SELECT version FROM schema_version ORDER BY version").fetchall()]
    assert applied == list(range(1, migrations.LATEST_VERSION + 1))

    shop = ShopSettings.get_by_id(1)
    assert (shop.name, shop.address, shop.phone, shop.email, shop.tax_id) == (
        "Old Town Garage", "1 Mill Lane\nOldtown", "555-0100", "desk@old.example", "TX-1")
    assert (shop.currency, shop.invoice_prefix, shop.is_demo, shop.version) == (
        "EUR", "OT", False, 3)
    # every column added since has its default
    for field in ShopSettings._meta.sorted_fields:
        if field.column_name not in old_columns and not callable(field.default):
            assert getattr(shop, field.name) == field.default, field.name
    if version < 2:
        assert shop.language == ""  # documents follow the screen, as they always did
        assert shop.prices_include_tax is False
        assert shop.payment_terms_days == 0

    olga, ben = User.get_by_id(1), User.get_by_id(2)
    assert (olga.username, olga.display_name, olga.role, olga.active) == (
        "olga", "Olga Old", "owner", True)
    assert olga.created_at == CREATED
    assert olga.password_hash == pw_hash
    assert (ben.role, ben.active, ben.version) == ("clerk", False, 2)
    # the old owner can still sign in with the old password
    assert users.authenticate("olga", PASSWORD).username == "olga"

    entry = AuditEntry.select().where(AuditEntry.summary == "Added clerk ben").get()
    assert (entry.at, entry.user_id, entry.username, entry.entity_id) == (
        CREATED, 1, "olga", "2")
    assert entry.after == '{"role": "clerk", "username": "ben"}'
    assert entry.before is None
    db.close()


@pytest.mark.parametrize(("stored", "after"), [("en", ""), ("zh_CN", "zh_CN")])
def test_the_untouched_english_default_becomes_same_as_the_screen(db_url: str, stored: str,
                                                                  after: str) -> None:
    """m0011: "en" was only ever the column's default (nothing read it; documents followed
    each PC's screen), so it becomes "" and documents keep following the screen."""
    _old_shop(db_url, 10)
    raw = _raw(db_url)
    raw.execute_sql(f"UPDATE shop_settings SET language = {raw.param}", (stored,))
    raw.close()
    db = database.open(db_url)
    assert ShopSettings.get_by_id(1).language == after
    db.close()


def test_migrating_twice_applies_nothing_the_second_time(db_url: str) -> None:
    raw = _raw(db_url)
    assert migrations.migrate(raw) == list(range(1, migrations.LATEST_VERSION + 1))
    tables = sorted(raw.get_tables())
    assert migrations.migrate(raw) == []
    assert sorted(raw.get_tables()) == tables
    count = raw.execute_sql("SELECT COUNT(*) FROM schema_version").fetchone()[0]
    assert count == migrations.LATEST_VERSION
    raw.close()


def test_a_failing_migration_leaves_the_old_version_intact(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _raw(db_url)
    migrations.migrate(raw, target=migrations.LATEST_VERSION - 1)
    old_tables = sorted(raw.get_tables())
    old_columns = _columns(raw, "shop_settings")
    last = migrations.MIGRATIONS[-1]
    real_apply = last.apply

    def half_done(db: peewee.Database) -> None:
        real_apply(db)  # everything the migration does...
        db.execute_sql("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        raise RuntimeError("disk pulled out mid-migration")  # ...then it fails

    monkeypatch.setattr(last, "apply", half_done)
    with pytest.raises(RuntimeError, match="disk pulled out"):
        migrations.migrate(raw)
    raw.close()

    raw = _raw(db_url)
    assert migrations.current_version(raw) == migrations.LATEST_VERSION - 1
    assert sorted(raw.get_tables()) == old_tables
    assert "half_done" not in raw.get_tables()
    assert _columns(raw, "shop_settings") == old_columns
    raw.close()

    # through open() the same: the error surfaces, the file stays at the old version
    with pytest.raises(RuntimeError):
        database.open(db_url)
    raw = _raw(db_url)
    assert migrations.current_version(raw) == migrations.LATEST_VERSION - 1
    raw.close()

    monkeypatch.setattr(last, "apply", real_apply)
    database.open(db_url).close()  # with the real migration it goes through
    raw = _raw(db_url)
    assert migrations.current_version(raw) == migrations.LATEST_VERSION
    raw.close()


def test_a_failing_first_migration_leaves_an_empty_database(
        db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    first = migrations.MIGRATIONS[0]

    def broken(db: peewee.Database) -> None:
        db.execute_sql("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        raise RuntimeError("broken")

    monkeypatch.setattr(first, "apply", broken)
    with pytest.raises(RuntimeError):
        database.open(db_url, create=True)
    raw = _raw(db_url)
    assert raw.get_tables() == []  # not even schema_version: the next start begins afresh
    raw.close()


def test_migration_list_is_numbered_in_order() -> None:
    versions = [m.VERSION for m in migrations.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))
    assert all(m.TITLE for m in migrations.MIGRATIONS)
    assert versions[-1] == migrations.LATEST_VERSION


# -- the audit log is append-only at the database level --------------------------------------

REFUSED = (peewee.IntegrityError, peewee.InternalError, peewee.DatabaseError)


def _entry(db: peewee.Database) -> int:
    entry = AuditEntry.create(username="olga", action="create", entity="user",
                              summary="original")
    return entry.id


def test_audit_entries_cannot_be_updated(db: peewee.Database) -> None:
    entry_id = _entry(db)
    with pytest.raises(REFUSED) as caught, db.atomic():
        db.execute_sql(f"UPDATE audit_entry SET summary = 'forged' WHERE id = {entry_id}")
    assert "audit log cannot be changed" in str(caught.value)
    with pytest.raises(REFUSED), db.atomic():
        AuditEntry.update(summary="forged").execute()
    assert AuditEntry.get_by_id(entry_id).summary == "original"


def test_audit_entries_cannot_be_deleted(db: peewee.Database) -> None:
    entry_id = _entry(db)
    with pytest.raises(REFUSED) as caught, db.atomic():
        db.execute_sql(f"DELETE FROM audit_entry WHERE id = {entry_id}")
    assert "audit log cannot be changed" in str(caught.value)
    with pytest.raises(REFUSED), db.atomic():
        AuditEntry.delete().execute()
    assert AuditEntry.select().count() == 1
    # appending still works
    AuditEntry.create(username="olga", action="login", entity="user")
    assert AuditEntry.select().count() == 2


def test_chinese_names_of_an_old_shop_get_their_pinyin_keys(db_url: str) -> None:
    """m0012: customers entered before the release that indexes pinyin are found by it too,
    are listed family name first (张伟, no longer "张, 伟"), and ``shopdesk check`` finds no
    stale search keys."""
    from shopdesk.models.customers import Customer
    from shopdesk.services import integrity
    from shopdesk.services.crm import search

    _old_shop(db_url, 11)
    raw = _raw(db_url)
    with raw.atomic():
        _insert(raw, "customer", {"id": 7, "first_name": "伟", "last_name": "张",
                                  "display_name": "张, 伟", "created_at": CREATED_TEXT}, Customer)
        _insert(raw, "search_key", {"key": "伟", "customer_id": 7, "field": "name"},
                _search_key_model())
        _insert(raw, "search_key", {"key": "张", "customer_id": 7, "field": "name"},
                _search_key_model())
    raw.close()
    db = database.open(db_url)
    for typed in ("zw", "张伟"):
        assert search.matching_ids(COMMAND_LINE, typed) == [7], typed
    assert Customer.get_by_id(7).display_name == "张伟"
    assert [f for f in integrity.run_checks(db) if f.check == "search"] == []
    db.close()


def _search_key_model():
    from shopdesk.models.customers import SearchKey

    return SearchKey


def test_the_stock_month_summary_of_an_old_shop_is_filled_from_its_ledger(db_url: str) -> None:
    """m0018: a shop's existing stock movements fill the month summary (what the monthly
    report reads for the stock value at a month's end); later movements keep it in step and
    ``shopdesk check`` finds it equal to the ledger."""
    from shopdesk.models.parts import Part, StockMonth, StockMovement
    from shopdesk.services import integrity
    from shopdesk.services.stock import stock

    _old_shop(db_url, 13)
    raw = _raw(db_url)
    with raw.atomic():
        _insert(raw, "part", {"id": 3, "sku": "OF-1", "name": "Oil filter"}, Part)
        for at, quantity, cost in [("2025-12-31 23:59:59", 4000, 410), ("2026-01-01 00:00:00",
                                   -1000, 410), ("2026-01-20 08:15:00", 2500, 399)]:
            _insert(raw, "stock_movement", {"part_id": 3, "kind": "adjustment", "reason": "x",
                                            "quantity": quantity, "unit_cost": cost, "at": at,
                                            "username": "olga"}, StockMovement)
        raw.execute_sql("UPDATE part SET on_hand = 5500 WHERE id = 3")
    raw.close()

    db = database.open(db_url)
    months = {f"{m:%Y-%m}": int(v) for m, v in StockMonth.select(
        StockMonth.month, StockMonth.value).tuples()}
    assert months == {"2025-12": 4000 * 410, "2026-01": -1000 * 410 + 2500 * 399}
    stock.record_movement(users.authenticate("olga", PASSWORD), 3, "sale", 1)
    assert sum(int(v) for (v,) in StockMonth.select(StockMonth.value).tuples()) == sum(
        int(m.quantity * 1000) * int(m.unit_cost * 100) for m in StockMovement.select())
    assert [f for f in integrity.run_checks(db) if f.check.startswith("stock")] == []
    db.close()


def test_an_old_shops_fuel_words_become_fuel_types_and_packages_fit_any_fuel(
        db_url: str) -> None:
    """m0019: fuel typed in older releases ("Gas", "EV", 纯电, "LPG") is one of the fixed fuel
    types, a word that is no fuel becomes unknown (""); the shop's packages are for any fuel,
    as before; a vehicle whose fuel changed is a new version (a copy read before is stale)."""
    from shopdesk.models.customers import Customer
    from shopdesk.models.maintenance import MaintenancePackage
    from shopdesk.models.vehicles import Vehicle
    from shopdesk.services.crm import vehicles

    _old_shop(db_url, 18)
    raw = _raw(db_url)
    typed = {1: "Gas", 2: "EV", 3: "纯电", 4: "diesel", 5: "steam", 6: "", 7: "LPG",
             8: "Plug-in", 9: "油电混合"}
    with raw.atomic():
        _insert(raw, "customer", {"id": 7, "first_name": "Ann", "last_name": "Lee",
                                  "display_name": "Lee, Ann", "created_at": CREATED_TEXT},
                Customer)
        for vid, fuel in typed.items():
            _insert(raw, "vehicle", {"id": vid, "customer_id": 7, "plate": f"P{vid}",
                                     "fuel": fuel, "created_at": CREATED_TEXT}, Vehicle)
        _insert(raw, "maintenance_package", {"id": 1, "name": "Oil service",
                                             "interval_km": 10000}, MaintenancePackage)
    raw.close()

    database.open(db_url)

    assert dict(Vehicle.select(Vehicle.id, Vehicle.fuel).tuples()) == {
        1: "petrol", 2: "electric", 3: "electric", 4: "diesel", 5: "", 6: "",
        7: "petrol", 8: "plug-in hybrid", 9: "hybrid"}
    assert dict(Vehicle.select(Vehicle.id, Vehicle.version).tuples()) == {
        1: 2, 2: 2, 3: 2, 4: 1, 5: 2, 6: 1, 7: 2, 8: 2, 9: 2}
    assert MaintenancePackage.get_by_id(1).fuel_types == ""
    current = Vehicle.get_by_id(4)
    data = vehicles.input_of(COMMAND_LINE, current)
    data.colour = "red"
    vehicles.update_vehicle(users.authenticate("olga", PASSWORD), current, data)
    assert Vehicle.get_by_id(4).colour == "red"
