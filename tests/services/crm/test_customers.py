"""Customers: add with flagged contacts, roles, concurrent edits, archive, blacklist, merge."""

from __future__ import annotations

import pytest

from shopdesk.errors import AccessDenied, ConflictError, ValidationError
from shopdesk.models.audit import AuditEntry
from shopdesk.models.crm import Interaction
from shopdesk.models.customers import Customer, CustomerPhone
from shopdesk.services.crm import customers, interactions, search
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from tests.services.customer_helpers import car, person


def test_phone_is_normalised_and_email_kept(owner):
    saved = customers.add_customer(owner, CustomerInput(
        first_name="Ann", last_name="Smith", phones=[PhoneInput("(217) 555-0142")],
        email="Ann@Example.COM"))
    assert saved.warnings == {}
    assert saved.customer.display_name == "Smith, Ann"
    phone = CustomerPhone.get(CustomerPhone.customer == saved.customer.id)
    assert phone.e164 == "+12175550142" and phone.number == "(217) 555-0142"
    assert saved.customer.email == "Ann@example.com"


def test_bad_phone_and_email_are_saved_but_flagged(owner):
    saved = customers.add_customer(owner, CustomerInput(
        last_name="Odd", phones=[PhoneInput("12")], email="odd@"))
    assert "phone" in saved.warnings and "email" in saved.warnings
    stored = Customer.get_by_id(saved.customer.id)
    assert stored.email == "odd@" and stored.email_problem
    assert CustomerPhone.get(CustomerPhone.customer == stored.id).problem


def test_a_customer_needs_a_name(owner):
    with pytest.raises(ValidationError) as err:
        customers.add_customer(owner, CustomerInput(phones=[PhoneInput("2175550142")]))
    assert "last_name" in err.value.fields
    with pytest.raises(ValidationError):
        customers.add_customer(owner, CustomerInput(kind="company", first_name="Bob"))


def test_technician_cannot_add_customers(technician):
    with pytest.raises(AccessDenied):
        person(technician)


def test_stale_edit_is_refused(clerk):
    ann = person(clerk)
    first, second = customers.get(clerk, ann.id), customers.get(clerk, ann.id)
    data = customers.input_of(clerk, first)
    data.city = "Springfield"
    customers.update_customer(clerk, first, data)
    with pytest.raises(ConflictError):
        customers.update_customer(clerk, second, customers.input_of(clerk, second))
    assert customers.get(clerk, ann.id).city == "Springfield"


def test_archived_customer_leaves_search_and_comes_back(clerk):
    ann = person(clerk)
    customers.set_archived(clerk, ann.id, True)
    assert search.find(clerk, "smith") == []
    customers.set_archived(clerk, ann.id, False)
    assert [m.customer_id for m in search.find(clerk, "smith")] == [ann.id]


def test_blacklist_needs_a_reason_and_blocks_account_credit(clerk):
    ann = person(clerk)
    with pytest.raises(ValidationError):
        customers.set_blacklisted(clerk, ann.id, True, "")
    customers.set_blacklisted(clerk, ann.id, True, "Unpaid invoice RA-1001")
    with pytest.raises(ValidationError, match="no account credit"):
        customers.require_account_credit(clerk, ann.id)
    customers.set_blacklisted(clerk, ann.id, False)
    customers.require_account_credit(clerk, ann.id)  # allowed again


def test_merge_moves_vehicles_phones_history_and_is_audited(clerk):
    keep = person(clerk, phone="217 555 0142")
    dup = person(clerk, first="Anne", phone="(217) 555-0199", email="",
                 notes="Prefers mornings")
    vehicle = car(clerk, dup.id)
    interactions.log(clerk, dup.id, "call", "Asked about brakes")
    merged = customers.merge(clerk, dup.id, keep.id)
    assert vehicle.id in [v.id for v in merged.vehicles]
    assert sorted(p.e164 for p in merged.phones) == ["+12175550142", "+12175550199"]
    assert Interaction.select().where(Interaction.customer == keep.id).count() == 1
    assert "Prefers mornings" in merged.notes
    gone = customers.get(clerk, dup.id)
    assert gone.archived and gone.merged_into_id == keep.id
    assert [m.customer_id for m in search.find(clerk, "AB123")] == [keep.id]
    entry = AuditEntry.select().where(AuditEntry.action == "merge").get()
    assert f"#{dup.id}" in entry.summary and entry.username == "carl"


def test_merge_into_itself_or_an_archived_customer_is_refused(clerk):
    ann = person(clerk)
    bob = person(clerk, first="Bob", last="Jones", phone="")
    with pytest.raises(ValidationError, match="itself"):
        customers.merge(clerk, ann.id, ann.id)
    customers.set_archived(clerk, bob.id, True)
    with pytest.raises(ValidationError, match="archived"):
        customers.merge(clerk, ann.id, bob.id)


def test_tags_are_set_and_listed(clerk):
    ann = person(clerk)
    fleet = customers.add_tag(clerk, "Fleet", "#2e7d32")
    late = customers.add_tag(clerk, " pays  late ")
    customers.set_tags(clerk, ann.id, [fleet.id, late.id])
    assert [t.name for t in customers.tags_of(clerk, ann.id)] == ["Fleet", "pays late"]
    assert customers.add_tag(clerk, "Fleet").id == fleet.id


def test_a_chinese_name_is_written_family_name_first_and_whole(owner):
    from shopdesk.services.sales import invoices
    from shopdesk.services.sales.invoices import LineDraft
    from tests.services.customer_helpers import person

    zhang = person(owner, first="伟", last="张", phone="13812345678", email="")
    ann = person(owner, phone="(217) 555-0199", email="ann2@example.com")
    assert (zhang.display_name, ann.display_name) == ("张伟", "Smith, Ann")
    draft = invoices.create_draft(owner, zhang.id, lines=[LineDraft("机油", 1, "10.00")])
    assert draft.customer_name == "张伟"  # on the invoice too, not "伟 张"
    assert invoices.create_draft(owner, ann.id).customer_name == "Ann Smith"
