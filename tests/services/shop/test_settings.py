"""Shop settings and tax rates: owner only, validated, audited, never silently overwritten."""

from __future__ import annotations

import json
from decimal import Decimal

import argon2
import pytest

from shopdesk.errors import AccessDenied, ConflictError, NotFoundError, ValidationError
from shopdesk.models.audit import AuditEntry
from shopdesk.models.settings import ShopSettings, TaxRate
from shopdesk.services.access import Actor
from shopdesk.services.shop import settings, users


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters: these tests are about settings, not password hashing."""
    monkeypatch.setattr(users, "_hasher", argon2.PasswordHasher(
        time_cost=1, memory_cost=1024, parallelism=1))


def _audit_count() -> int:
    return AuditEntry.select().count()


def _last_audit() -> AuditEntry:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).get()


# -- shop details ----------------------------------------------------------------------------

def test_owner_changes_settings_and_the_change_is_audited(owner: Actor) -> None:
    version = settings.get_settings().version
    changed = settings.update_settings(owner, name="  Riverside Auto  ", phone="555-0199",
                                       currency="eur", address="")
    assert changed.version == version + 1
    stored = ShopSettings.get_by_id(1)
    assert (stored.name, stored.phone, stored.currency) == ("Riverside Auto", "555-0199", "EUR")

    entry = _last_audit()
    assert (entry.username, entry.action, entry.entity, entry.entity_id) == (
        "olivia", "update", "settings", "1")
    # only what changed (the address was already empty), with its old and new value
    assert json.loads(entry.before) == {"name": "Test Garage", "phone": "", "currency": "USD"}
    assert json.loads(entry.after) == {"name": "Riverside Auto", "phone": "555-0199",
                                       "currency": "EUR"}
    assert entry.summary == "Changed currency, name, phone"


def test_saving_unchanged_settings_writes_no_audit_entry(owner: Actor) -> None:
    before = _audit_count()
    settings.update_settings(owner, name="Test Garage")
    assert _audit_count() == before


def test_all_option_kinds_are_saved(owner: Actor) -> None:
    settings.update_settings(owner, language="zh_CN", prices_include_tax=True,
                             payment_terms_days=30, invoice_footer="Thank you!",
                             allow_negative_stock=True, logo_png=b"\x89PNG fake",
                             website="https://garage.example", invoice_prefix="TG/2026-")
    stored = ShopSettings.get_by_id(1)
    assert stored.language == "zh_CN"
    assert stored.prices_include_tax is True
    assert stored.payment_terms_days == 30
    assert bytes(stored.logo_png) == b"\x89PNG fake"
    assert stored.invoice_prefix == "TG/2026-"
    assert "<9 bytes>" in _last_audit().after  # the logo is not dumped into the log


@pytest.mark.parametrize("role", ["clerk", "technician"])
def test_staff_cannot_change_settings(owner: Actor, role: str) -> None:
    users.add_user(owner, "staff", "password1", role)
    staff = users.actor_for("staff")
    before = _audit_count()
    with pytest.raises(AccessDenied, match="cannot change the shop settings"):
        settings.update_settings(staff, name="Hijacked")
    assert ShopSettings.get_by_id(1).name == "Test Garage"
    assert _audit_count() == before


@pytest.mark.parametrize(("values", "field"), [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"currency": "XYZ1"}, "currency"),
    ({"currency": "DOLLARS"}, "currency"),
    ({"invoice_prefix": "INV 1"}, "invoice_prefix"),
    ({"invoice_prefix": "A" * 13}, "invoice_prefix"),
    ({"invoice_prefix": "INV#"}, "invoice_prefix"),
    ({"language": "fr"}, "language"),
    ({"payment_terms_days": -1}, "payment_terms_days"),
    ({"payment_terms_days": 366}, "payment_terms_days"),
    ({"payment_terms_days": "30"}, "payment_terms_days"),
    ({"payment_terms_days": True}, "payment_terms_days"),
])
def test_bad_values_are_refused_with_the_field_named(owner: Actor, values: dict,
                                                     field: str) -> None:
    before = _audit_count()
    with pytest.raises(ValidationError) as caught:
        settings.update_settings(owner, **values)
    assert list(caught.value.fields) == [field]
    assert str(caught.value)
    stored = ShopSettings.get_by_id(1)
    assert (stored.name, stored.currency, stored.invoice_prefix, stored.language) == (
        "Test Garage", "USD", "TG", "")  # "": documents in each PC's screen language
    assert _audit_count() == before


def test_every_bad_field_is_reported_at_once(owner: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        settings.update_settings(owner, name="", currency="XYZ1", invoice_prefix="bad prefix",
                                 language="xx", phone="555")
    assert set(caught.value.fields) == {"name", "currency", "invoice_prefix", "language"}
    assert ShopSettings.get_by_id(1).phone == ""  # the good value is not half-saved


def test_unknown_setting_is_refused(owner: Actor) -> None:
    with pytest.raises(ValidationError, match="Unknown setting: is_demo"):
        settings.update_settings(owner, is_demo=True)
    assert ShopSettings.get_by_id(1).is_demo is False


def test_stale_copy_of_the_settings_cannot_overwrite(owner: Actor) -> None:
    read_at = settings.get_settings().version  # two PCs open the settings form
    settings.update_settings(owner, expected_version=read_at, phone="111")
    before = _audit_count()
    with pytest.raises(ConflictError, match="Someone else changed this shop settings"):
        settings.update_settings(owner, expected_version=read_at, phone="222")
    assert ShopSettings.get_by_id(1).phone == "111"
    assert _audit_count() == before


# -- tax rates -------------------------------------------------------------------------------

def _defaults() -> list[str]:
    return [t.code for t in TaxRate.select().where(TaxRate.is_default == True)]  # noqa: E712


def test_shop_starts_with_exactly_one_default_rate(owner: Actor) -> None:
    rates = settings.list_tax_rates(owner)
    assert [(r.code, r.rate, r.is_default) for r in rates] == [
        ("STD", Decimal("10"), True), ("ZERO", Decimal("0"), False)]


def test_making_another_rate_default_moves_the_default(owner: Actor) -> None:
    settings.save_tax_rate(owner, "red", "Reduced", "5", is_default=True)
    assert _defaults() == ["RED"]
    settings.save_tax_rate(owner, "ZERO", "Zero", "0", is_default=True)
    assert _defaults() == ["ZERO"]
    assert settings.list_tax_rates(owner)[0].code == "ZERO"


def test_the_default_cannot_just_stop_being_default(owner: Actor) -> None:
    with pytest.raises(ValidationError, match="another rate the default first"):
        settings.save_tax_rate(owner, "STD", "Standard", "10", is_default=False)
    assert _defaults() == ["STD"]


def test_archiving_the_default_rate_is_refused(owner: Actor) -> None:
    with pytest.raises(ValidationError, match="cannot be archived"):
        settings.archive_tax_rate(owner, "std")
    assert [r.code for r in settings.list_tax_rates(owner)] == ["STD", "ZERO"]


def test_archived_rate_is_hidden_and_audited(owner: Actor) -> None:
    settings.archive_tax_rate(owner, "ZERO")
    assert [r.code for r in settings.list_tax_rates(owner)] == ["STD"]
    assert [r.code for r in settings.list_tax_rates(owner, include_archived=True)] == ["STD",
                                                                                     "ZERO"]
    entry = _last_audit()
    assert (entry.action, entry.entity, entry.entity_id) == ("archive", "tax rate", "ZERO")
    with pytest.raises(NotFoundError):
        settings.archive_tax_rate(owner, "NOPE")


def test_rate_with_three_decimals_is_kept_exactly(owner: Actor) -> None:
    row = settings.save_tax_rate(owner, "ODD", "Odd rate", "7.125")
    assert row.rate == Decimal("7.125")
    assert TaxRate.get(TaxRate.code == "ODD").rate == Decimal("7.125")
    entry = _last_audit()
    assert (entry.action, entry.entity_id) == ("create", "ODD")
    assert json.loads(entry.after)["rate"] == "7.125"


@pytest.mark.parametrize(("rate", "field"), [
    ("100.001", "rate"), ("150", "rate"), ("-1", "rate"), ("7.1255", "rate"), ("abc", "rate"),
    (7.5, "rate"),
])
def test_bad_rates_are_refused(owner: Actor, rate: object, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        settings.save_tax_rate(owner, "BAD", "Bad", rate)  # type: ignore[arg-type]
    assert field in caught.value.fields
    assert not TaxRate.select().where(TaxRate.code == "BAD").exists()


def test_bad_code_and_name_are_refused(owner: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        settings.save_tax_rate(owner, "way too long code", " ", "5")
    assert set(caught.value.fields) == {"code", "name"}


def test_a_rate_of_exactly_100_is_allowed(owner: Actor) -> None:
    assert settings.save_tax_rate(owner, "ALL", "Everything", "100").rate == Decimal("100")


def test_changing_a_rate_is_audited_with_before_and_after(owner: Actor) -> None:
    settings.save_tax_rate(owner, "STD", "Standard", "12.5", is_default=True)
    assert TaxRate.get(TaxRate.code == "STD").rate == Decimal("12.5")
    entry = _last_audit()
    assert json.loads(entry.before) == {"name": "Standard", "rate": "10.000", "is_default": True}
    assert json.loads(entry.after) == {"name": "Standard", "rate": "12.500", "is_default": True}


def test_clerk_cannot_touch_tax_rates(clerk: Actor) -> None:
    with pytest.raises(AccessDenied):
        settings.save_tax_rate(clerk, "RED", "Reduced", "5")
    with pytest.raises(AccessDenied):
        settings.archive_tax_rate(clerk, "ZERO")
    assert [r.code for r in settings.list_tax_rates(clerk)] == ["STD", "ZERO"]
