"""Customers: add, change, archive, restore, blacklist, tag and merge duplicates (all audited).

Phones and e-mail are normalised when understood and flagged (saved anyway) when not: a clerk
with a customer at the desk must never be stopped by a number the library does not know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import peewee

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.bulk import RowInserter
from shopdesk.models.crm import Complaint, Inquiry, Interaction, Survey
from shopdesk.models.customers import (
    Channel,
    Customer,
    CustomerKind,
    CustomerPhone,
    CustomerTag,
    Tag,
)
from shopdesk.models.vehicles import Ownership, Vehicle
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.crm import grading, names, search_index
from shopdesk.services.crm.contact_details import check_email, check_phone, shop_region
from shopdesk.services.pricing import pricing

PHONE_LABELS = ("mobile", "home", "work", "other")


@dataclass
class PhoneInput:
    number: str
    label: str = "mobile"


@dataclass
class CustomerInput:
    """What the customer form collects. Empty strings mean "not given"."""

    kind: str = CustomerKind.PERSON.value
    first_name: str = ""
    last_name: str = ""
    company_name: str = ""
    phones: list[PhoneInput] = field(default_factory=list)
    email: str = ""
    address: str = ""
    city: str = ""
    postcode: str = ""
    country: str = ""
    tax_id: str = ""
    payment_terms_days: int | None = None
    notes: str = ""
    marketing_consent: bool = False
    preferred_channel: str = Channel.PHONE.value
    price_level: str = "retail"


@dataclass(frozen=True)
class Saved:
    """A saved customer and the warnings to show next to the fields (saved anyway)."""

    customer: Customer
    warnings: dict[str, str]


#: Later areas (repair orders, invoices, reminders) register ``mover(from_id, into_id)`` here
#: so a merge also moves their records, in the same transaction.
MERGE_MOVERS: list[Callable[[int, int], None]] = []




def display_name_of(data: CustomerInput) -> str:
    """How the customer is listed: the company, or "Last, First" (a Chinese name whole,
    family name first: 张伟)."""
    person = names.listed_name(data.first_name, data.last_name)
    if data.kind == CustomerKind.COMPANY.value:
        return data.company_name.strip() or person
    return person or data.company_name.strip()


def _validate(data: CustomerInput, *, price_levels: Collection[str] | None = None
             ) -> dict[str, str]:
    """The customer form's rules: a ValidationError naming the fields, else ``{}``.
    ``price_levels``: the shop's level codes when already read (many customers at once)."""
    problems: dict[str, str] = {}
    if data.kind not in (k.value for k in CustomerKind):
        problems["kind"] = "Person or company"
    if data.kind == CustomerKind.COMPANY.value and not data.company_name.strip():
        problems["company_name"] = "A company needs its name"
    if not display_name_of(data):
        problems["last_name"] = "Give a name (or a company name)"
    if data.preferred_channel not in (c.value for c in Channel):
        problems["preferred_channel"] = "Phone, SMS, e-mail, letter or none"
    if data.payment_terms_days is not None and not 0 <= data.payment_terms_days <= 365:
        problems["payment_terms_days"] = "Between 0 and 365 days"
    if data.price_level not in (pricing.level_codes() if price_levels is None
                                else price_levels):
        problems["price_level"] = f"No price level {data.price_level!r}"
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)
    return problems


def _stored(data: CustomerInput) -> tuple[dict[str, Any], dict[str, str]]:
    """The customer's fields as stored from the form's values, and the warnings."""
    warnings: dict[str, str] = {}
    email, email_problem = check_email(data.email)
    if email_problem:
        warnings["email"] = email_problem
    return {
        "kind": data.kind, "first_name": data.first_name.strip(),
        "last_name": data.last_name.strip(), "company_name": data.company_name.strip(),
        "display_name": display_name_of(data), "email": email, "email_problem": email_problem,
        "address": data.address.strip(), "city": data.city.strip(),
        "postcode": data.postcode.strip().upper(), "country": data.country.strip(),
        "tax_id": data.tax_id.strip(), "payment_terms_days": data.payment_terms_days,
        "notes": data.notes, "marketing_consent": bool(data.marketing_consent),
        "preferred_channel": data.preferred_channel, "price_level": data.price_level,
    }, warnings


def _apply(customer: Customer, data: CustomerInput) -> dict[str, str]:
    values, warnings = _stored(data)
    for name, value in values.items():
        setattr(customer, name, value)
    return warnings


def _phone_rows(phones: list[PhoneInput], region: str
                ) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The phones as stored (number as typed, E.164, problem, position; empty ones left
    out) and the warnings: ``phone<position>`` for each odd one, ``phone`` the first."""
    rows: list[dict[str, Any]] = []
    warnings: dict[str, str] = {}
    for phone in phones:
        if not phone.number.strip():
            continue
        checked = check_phone(phone.number, region)
        position = len(rows)
        if checked.problem:
            warnings[f"phone{position}"] = checked.problem
            warnings.setdefault("phone", checked.problem)
        rows.append({"label": phone.label or "mobile", "number": checked.number,
                     "e164": checked.e164, "problem": checked.problem, "position": position})
    return rows, warnings


def _save_phones(actor: Actor, customer: Customer, phones: list[PhoneInput]
                 ) -> dict[str, str]:
    CustomerPhone.delete().where(CustomerPhone.customer == customer.id).execute()
    rows, warnings = _phone_rows(phones, shop_region(actor))
    for row in rows:
        CustomerPhone.create(customer=customer, **row)
    return warnings


def first_phones(actor: Actor, customer_ids: list[int]) -> dict[int, str]:
    """Each customer's first phone number by customer id (lists that show who to call)."""
    if not customer_ids:
        return {}
    rows = (CustomerPhone.select(CustomerPhone.customer, CustomerPhone.number)
            .where(CustomerPhone.customer.in_(customer_ids))
            .order_by(CustomerPhone.position.desc()).tuples())
    return dict(rows)
# The customer's fields in the audit log's before/after (and its phones).
AUDITED = ("kind", "first_name", "last_name", "company_name", "email", "address", "city",
           "postcode", "country", "tax_id", "payment_terms_days", "notes", "marketing_consent",
           "preferred_channel", "blacklisted", "archived", "price_level")


def snapshot(actor: Actor, customer: Customer) -> dict:
    """The audited view of a customer."""
    data = {f: getattr(customer, f) for f in AUDITED}
    data["phones"] = [p.number for p in CustomerPhone.select()
                      .where(CustomerPhone.customer == customer.id)
                      .order_by(CustomerPhone.position)]
    return data


def get(actor: Actor, customer_id: int) -> Customer:
    """The customer with this id, or NotFoundError."""
    found = list(Customer.raw(f"SELECT * FROM customer WHERE id = {db.param}", customer_id))
    if not found:  # plain SQL: the customer file reads it on every open
        raise NotFoundError(f"There is no customer number {customer_id}")
    return found[0]


def add_customer(actor: Actor, data: CustomerInput) -> Saved:
    """Add a customer; odd phones and e-mails are saved and flagged in ``warnings``."""
    require(actor, Permission.EDIT_CUSTOMERS)
    _validate(data)
    with db.atomic():
        customer = Customer()
        warnings = _apply(customer, data)
        customer.save_checked()
        warnings |= _save_phones(actor, customer, data.phones)
        search_index.reindex(actor, [customer.id])
        audit.record(actor, "create", "customer", customer.id,
                     f"Added customer {customer.display_name}", None, snapshot(actor, customer))
    return Saved(customer, warnings)


def update_customer(actor: Actor, customer: Customer, data: CustomerInput) -> Saved:
    """Save changes made to ``customer`` (a copy read earlier: a stale copy is refused)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    _validate(data)
    with db.atomic():
        before = snapshot(actor, get(actor, customer.id))
        warnings = _apply(customer, data)
        customer.save_checked()
        warnings |= _save_phones(actor, customer, data.phones)
        search_index.reindex(actor, [customer.id])
        old, new = audit.changes(before, snapshot(actor, customer))
        audit.record(actor, "update", "customer", customer.id,
                     f"Changed customer {customer.display_name}", old, new)
    return Saved(customer, warnings)


def input_of(actor: Actor, customer: Customer) -> CustomerInput:
    """The form values of a saved customer (to edit it)."""
    phones = [PhoneInput(p.number, p.label) for p in CustomerPhone.select()
              .where(CustomerPhone.customer == customer.id).order_by(CustomerPhone.position)]
    return CustomerInput(
        customer.kind, customer.first_name, customer.last_name, customer.company_name, phones,
        customer.email, customer.address, customer.city, customer.postcode, customer.country,
        customer.tax_id, customer.payment_terms_days, customer.notes,
        customer.marketing_consent, customer.preferred_channel, customer.price_level)


def set_archived(actor: Actor, customer_id: int, archived: bool) -> Customer:
    """Archive a customer (hidden from search and lists, history kept) or bring one back."""
    require(actor, Permission.EDIT_CUSTOMERS)
    with db.atomic():
        customer = get(actor, customer_id)
        if customer.merged_into_id and not archived:
            raise ValidationError("This customer was merged into another; open that one instead")
        customer.archived = archived
        customer.save_checked()
        search_index.reindex(actor, [customer.id])
        audit.record(actor, "archive" if archived else "restore", "customer", customer.id,
                     f"{'Archived' if archived else 'Restored'} {customer.display_name}")
    return customer


def set_blacklisted(actor: Actor, customer_id: int, blacklisted: bool, reason: str = "", *,
                    version: int | None = None) -> None:
    """Mark a bad payer (warned at check-in, no account credit) or clear the mark.
    ``version``: the customer's version the person saw; a customer another PC changed since
    is refused (:class:`ConflictError`, nothing written)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    if blacklisted and not reason.strip():
        raise ValidationError("Say why the customer is blacklisted",
                              {"reason": "Why (e.g. unpaid invoice)"})
    with db.atomic():
        customer = get(actor, customer_id)
        customer.blacklisted = blacklisted
        customer.blacklist_reason = reason.strip() if blacklisted else ""
        if version is not None:
            customer.version = version
        customer.save_checked()
        audit.record(actor, "blacklist" if blacklisted else "unblacklist", "customer",
                     customer.id, f"{'Blacklisted' if blacklisted else 'Cleared'} "
                     f"{customer.display_name}: {reason.strip()}".rstrip(": "))


def require_account_credit(actor: Actor, customer_id: int) -> None:
    """Refuse account credit (pay later) to a blacklisted customer; invoicing calls this."""
    customer = get(actor, customer_id)
    if customer.blacklisted:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "{name} is blacklisted ({reason}): payment is due now, no account "
                      "credit"), name=customer.display_name, reason=customer.blacklist_reason)


# --- tags --------------------------------------------------------------------------------
def add_tag(actor: Actor, name: str, colour: str = "#627d98") -> Tag:
    """Make a new tag (or return the one with this name)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    name = " ".join(name.split())
    if not name:
        raise ValidationError("A tag needs a name", {"name": "Name the tag"})
    with db.atomic():
        tag = Tag.get_or_none(Tag.name == name)
        if tag is None:
            tag = Tag.create(name=name, colour=colour)
            audit.record(actor, "create", "tag", tag.id, f"Added tag {name}")
    return tag


def set_tags(actor: Actor, customer_id: int, tag_ids: list[int]) -> None:
    """Give a customer exactly these tags."""
    require(actor, Permission.EDIT_CUSTOMERS)
    with db.atomic():
        customer = get(actor, customer_id)
        before = sorted(t for (t,) in CustomerTag.select(CustomerTag.tag)
                        .where(CustomerTag.customer == customer_id).tuples())
        CustomerTag.delete().where(CustomerTag.customer == customer_id).execute()
        for tag_id in sorted(set(tag_ids)):
            CustomerTag.create(customer=customer_id, tag=tag_id)
        audit.record(actor, "tag", "customer", customer_id,
                     f"Tags of {customer.display_name} changed",
                     {"tags": before}, {"tags": sorted(set(tag_ids))})


def tags_of(actor: Actor, customer_id: int) -> list[Tag]:
    """The customer's tags, by name."""
    return list(Tag.select().join(CustomerTag)
                .where(CustomerTag.customer == customer_id).order_by(Tag.name))


def all_tags(actor: Actor) -> list[Tag]:
    return list(Tag.select().order_by(Tag.name))


# --- merge -------------------------------------------------------------------------------
def merge(actor: Actor, duplicate_id: int, keep_id: int) -> Customer:
    """Merge a duplicate into the customer kept: vehicles, history, phones, tags and notes move.

    The duplicate is archived and points to the one kept. Later areas move their records
    through :data:`MERGE_MOVERS`. Audited with both snapshots.
    """
    require(actor, Permission.EDIT_CUSTOMERS)
    if duplicate_id == keep_id:
        raise ValidationError("A customer cannot be merged into itself: pick the duplicate")
    with db.atomic():
        dup, keep = get(actor, duplicate_id), get(actor, keep_id)
        if keep.archived:
            raise ValidationError(f"{keep.display_name} is archived: restore them first, or "
                                  "merge the other way round")
        if dup.merged_into_id:
            raise ValidationError(f"{dup.display_name} was already merged")
        before = {"duplicate": snapshot(actor, dup), "kept": snapshot(actor, keep)}
        Vehicle.update(customer=keep.id).where(Vehicle.customer == dup.id).execute()
        Ownership.update(customer=keep.id).where(Ownership.customer == dup.id).execute()
        for model in (Interaction, Inquiry, Complaint, Survey):
            model.update(customer=keep.id).where(model.customer == dup.id).execute()
        known = {p.e164 or p.number for p in keep.phones}
        position = CustomerPhone.select().where(CustomerPhone.customer == keep.id).count()
        for phone in CustomerPhone.select().where(CustomerPhone.customer == dup.id):
            if (phone.e164 or phone.number) not in known:
                CustomerPhone.create(customer=keep.id, label=phone.label, number=phone.number,
                                     e164=phone.e164, problem=phone.problem, position=position)
                position += 1
        have = {t for (t,) in CustomerTag.select(CustomerTag.tag)
                .where(CustomerTag.customer == keep.id).tuples()}
        for (tag_id,) in CustomerTag.select(CustomerTag.tag).where(
                CustomerTag.customer == dup.id).tuples():
            if tag_id not in have:
                CustomerTag.create(customer=keep.id, tag=tag_id)
        for name in ("email", "address", "city", "postcode", "tax_id"):
            if not getattr(keep, name) and getattr(dup, name):
                setattr(keep, name, getattr(dup, name))
        if dup.notes.strip():
            keep.notes = (keep.notes.rstrip() + "\n\n" if keep.notes.strip() else "") + \
                f"From merged duplicate {dup.display_name}:\n{dup.notes.strip()}"
        if dup.last_visit_on and (not keep.last_visit_on or dup.last_visit_on > keep.last_visit_on):
            keep.last_visit_on = dup.last_visit_on
        keep.blacklisted = keep.blacklisted or dup.blacklisted
        keep.blacklist_reason = keep.blacklist_reason or dup.blacklist_reason
        keep.marketing_consent = keep.marketing_consent and dup.marketing_consent
        keep.save_checked()
        for mover in MERGE_MOVERS:
            mover(dup.id, keep.id)
        dup.archived = True
        dup.merged_into = keep.id
        dup.save_checked()
        search_index.reindex(actor, [dup.id, keep.id])
        grading.regrade(actor, [keep.id])
        audit.record(actor, "merge", "customer", keep.id,
                     f"Merged {dup.display_name} (#{dup.id}) into {keep.display_name}",
                     before, {"kept": snapshot(actor, get(actor, keep.id)), "duplicate_id": dup.id})
    return get(actor, keep.id)


def as_dict(data: CustomerInput) -> dict:
    return asdict(data)


# Many customers at once (an import) ------------------------------------------------------


def living_by_contact(actor: Actor, phones: Iterable[str], addresses: Iterable[str]
                      ) -> tuple[dict[str, int], dict[str, int]]:
    """Living customers (not archived, not merged) with these phones or e-mail addresses:
    ``phones`` in E.164 or as stored, ``addresses`` in lower case. Returns (phone -> customer
    id, both forms of each phone found; address -> customer id), the lowest id when several
    customers share one. One query per 400 phones or addresses."""
    living = (Customer.archived == False) & Customer.merged_into.is_null()  # noqa: E712
    keys = sorted(set(phones) - {""})
    by_phone: dict[str, int] = {}
    by_email: dict[str, int] = {}
    for start in range(0, len(keys), 400):
        chunk = keys[start:start + 400]
        query = (CustomerPhone.select(CustomerPhone.e164, CustomerPhone.number,
                                      CustomerPhone.customer).join(Customer)
                 .where(living & (CustomerPhone.e164.in_(chunk)
                                  | CustomerPhone.number.in_(chunk)))
                 .order_by(CustomerPhone.customer))
        for e164, number, customer_id in query.tuples():
            for key in (e164, number):
                if key:
                    by_phone.setdefault(key, customer_id)
    wanted = sorted(set(addresses) - {""})
    for start in range(0, len(wanted), 400):
        chunk = wanted[start:start + 400]
        query = (Customer.select(peewee.fn.LOWER(Customer.email), Customer.id)
                 .where(living & peewee.fn.LOWER(Customer.email).in_(chunk))
                 .order_by(Customer.id))
        for address, customer_id in query.tuples():
            by_email.setdefault(address, customer_id)
    return by_phone, by_email


def only_one_listed_as(actor: Actor, names: Iterable[str]) -> Customer | None:
    """The one living customer listed under one of these names (as the customer list shows
    them: "Lee, Ann", the company), or None when there is none or more than one."""
    listed = sorted({n for n in names if n})
    if not listed:
        return None
    living = (Customer.archived == False) & Customer.merged_into.is_null()  # noqa: E712
    hits = list(Customer.select().where(living & Customer.display_name.in_(listed)).limit(2))
    return hits[0] if len(hits) == 1 else None


@dataclass(frozen=True)
class NewCustomer:
    """A customer for :func:`add_customers`: the form's values, and since when they have
    been a customer (``None``: from now)."""

    data: CustomerInput
    since: dt.datetime | None = None


@dataclass(frozen=True)
class Added:
    """What became of one :class:`NewCustomer`: its id and the warnings to show by field
    (``email``, ``phone<position>``), or what refused it (then nothing was added)."""

    customer_id: int
    warnings: dict[str, str]
    refused: ValidationError | None = None


def add_customers(actor: Actor, new: Sequence[NewCustomer], *, note: str = "") -> list[Added]:
    """Add many customers at once, each stored as :func:`add_customer` stores one (the same
    rules; phones and e-mail normalised, flagged when odd; search keys; an audit entry
    each, its summary ending with `` (note)``) without its dozen statements per customer:
    for an import. A customer the rules refuse is left out (its :class:`Added` says why);
    the others are added. One result per customer given, in order."""
    require(actor, Permission.EDIT_CUSTOMERS)
    levels = pricing.level_codes()
    region = shop_region(actor)
    insert = RowInserter(Customer)
    results: list[Added] = []
    phones: list[dict[str, Any]] = []
    entries: list[audit.Entry] = []
    added: list[int] = []
    ending = f" ({note})" if note else ""
    with db.atomic():
        for item in new:
            try:
                _validate(item.data, price_levels=levels)
            except ValidationError as exc:
                results.append(Added(0, {}, exc))
                continue
            values, warnings = _stored(item.data)
            customer_id = insert(values | {"created_at": item.since or utcnow()})
            rows, phone_warnings = _phone_rows(item.data.phones, region)
            warnings |= phone_warnings
            phones += [row | {"customer": customer_id} for row in rows]
            after = {k: values.get(k, False) for k in AUDITED}  # not blacklisted, archived
            after["phones"] = [row["number"] for row in rows]
            entries.append(audit.Entry("create", "customer", customer_id,
                                       f"Added customer {values['display_name']}{ending}",
                                       None, after))
            added.append(customer_id)
            results.append(Added(customer_id, warnings))
        for start in range(0, len(phones), 200):
            CustomerPhone.insert_many(phones[start:start + 200]).execute()
        search_index.reindex(actor, added)
        audit.record_many(actor, entries)
    return results


def set_customer_since(actor: Actor, customer_id: int, since: dt.datetime) -> None:
    """Since when a customer has been one (an imported "customer since"; stored as when the
    customer was added). Audited when it changes."""
    require(actor, Permission.EDIT_CUSTOMERS)
    with db.atomic():
        customer = get(actor, customer_id)
        if customer.created_at == since:
            return
        Customer.update(created_at=since).where(Customer.id == customer_id).execute()
        audit.record(actor, "update", "customer", customer_id,
                     f"Customer {customer.display_name} since {since:%Y-%m-%d}",
                     {"created_at": customer.created_at}, {"created_at": since})
