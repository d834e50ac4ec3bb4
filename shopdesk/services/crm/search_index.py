"""The search keys behind "find anyone in a keystroke", kept in step with customers and vehicles.

Every service that changes a customer's name, company, e-mail or phones, or a vehicle's plate,
VIN or owner, calls :func:`reindex` in the same transaction. Keys are lower-case letters and
digits only, so a query is a plain prefix match:

* each word of the name and company, and of the e-mail's local part, plus the whole e-mail
  compacted (``ann.m@example.com`` -> ``annmexamplecom``);
* every tail (3+ digits) of each phone's digits, so any run of digits finds it;
* every tail (2+ characters) of the plate without spaces or dashes;
* every tail (6+ characters) of the VIN, so the last 6 find it;
* a Chinese name whole, family name first (``张伟``), and in pinyin whole (``zhangwei``), by
  its initials (``zw``) and by syllable, every reading of the family name's character
  (曾 is *zeng* as a name, *ceng* in words), so the clerk types what comes to mind.

Archived and merged customers have no keys (search shows the living).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

from shopdesk.models.base import database_proxy as db
from shopdesk.models.customers import Customer, CustomerPhone, SearchKey
from shopdesk.models.vehicles import Vehicle
from shopdesk.services.access import Actor
from shopdesk.services.crm.contact_details import digits_of

PHONE_TAIL = 3
PLATE_TAIL = 2
VIN_TAIL = 6
_BATCH = 500
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def fold(text: str) -> str:
    """Lower case without accents (Müller -> muller)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The letter/digit words of ``text``, folded."""
    return [w for w in re.split(r"[\W_]+", fold(text)) if w]


def compact(text: str) -> str:
    """Letters and digits only, folded ("AB-12 CD" -> "ab12cd")."""
    return "".join(words(text))


def tails(text: str, shortest: int) -> Iterator[str]:
    """``text`` and each of its tails at least ``shortest`` long."""
    yield text
    for start in range(1, len(text) - shortest + 1):
        yield text[start:]


@functools.cache
def _readings(char: str, every: bool) -> tuple[str, ...]:
    """The pinyin of one Chinese character (every reading, or the usual one)."""
    from pypinyin import Style, pinyin  # (0.5 s to load: only when a Chinese name is indexed)

    found = pinyin(char, style=Style.NORMAL, heteronym=every, errors="ignore")
    return tuple(dict.fromkeys(r.lower() for r in (found[0] if found else []) if r))


def chinese_name_keys(first: str, last: str) -> set[tuple[str, str]]:
    """(key, field) pairs for a Chinese name: whole, family name first; its pinyin whole, by
    initials and by syllable. Empty for a name with no Chinese character."""
    whole = compact(f"{last}{first}")
    if not _CHINESE.search(whole):
        return set()
    keys = {(whole, "name")}
    chars = [c for c in whole if _CHINESE.match(c)]
    if not chars:
        return keys
    family = _readings(chars[0], True)  # a family name's reading is not the word's
    rest = [(_readings(c, False) or ("",))[0] for c in chars[1:]]
    given = "".join(s for s in rest if s)
    if given:
        keys.add((given, "pinyin"))  # the given name alone (xiaoming)
    for reading in family or ("",):
        syllables = [s for s in (reading, *rest) if s]
        keys.add(("".join(syllables), "pinyin"))
        keys.add(("".join(s[0] for s in syllables), "pinyin"))
        keys.update((s, "pinyin") for s in syllables)
    return keys


def customer_keys(name_parts: Iterable[tuple[str, str]], email: str,
                  phone_digits: Iterable[str],
                  name: tuple[str, str] = ("", "")) -> set[tuple[str, str]]:
    """(key, field) pairs for a customer's own details (``name``: first and family name,
    for the keys of a Chinese name)."""
    keys: set[tuple[str, str]] = set(chinese_name_keys(*name))
    for field, text in name_parts:
        keys.update((w, field) for w in words(text))
    if email:
        keys.add((compact(email), "email"))
        keys.update((w, "email") for w in words(email.split("@", 1)[0]))
    for digits in phone_digits:
        if digits:
            keys.update((t, "phone") for t in tails(digits, PHONE_TAIL))
    return keys


def vehicle_keys(plate: str, vin: str) -> set[tuple[str, str]]:
    """(key, field) pairs for a vehicle's plate and VIN."""
    keys: set[tuple[str, str]] = set()
    plate_key = compact(plate)
    if plate_key:
        keys.update((t, "plate") for t in tails(plate_key, PLATE_TAIL))
    vin_key = compact(vin)
    if vin_key:
        keys.update((t, "vin") for t in tails(vin_key, VIN_TAIL))
    return keys


def rows_for(customer_ids: list[int]) -> list[tuple[str, int, int | None, str]]:
    """All search rows (key, customer id, vehicle id, field) for living customers."""
    rows: list[tuple[str, int, int | None, str]] = []
    phones: dict[int, list[str]] = {}
    for cid, number, e164 in (CustomerPhone.select(CustomerPhone.customer, CustomerPhone.number,
                                                   CustomerPhone.e164)
                              .where(CustomerPhone.customer.in_(customer_ids)).tuples()):
        phones.setdefault(cid, []).append(digits_of(e164 or number))
    living = (Customer.select(Customer.id, Customer.first_name, Customer.last_name,
                              Customer.company_name, Customer.email)
              .where(Customer.id.in_(customer_ids) & (Customer.archived == False))  # noqa: E712
              .tuples())
    alive = set()
    for cid, first, last, company, email in living:
        alive.add(cid)
        keys = customer_keys([("name", f"{first} {last}"), ("company", company)], email,
                             phones.get(cid, []), (first, last))
        rows.extend((k, cid, None, f) for k, f in keys)
    for vid, cid, plate, vin in (Vehicle.select(Vehicle.id, Vehicle.customer, Vehicle.plate,
                                                Vehicle.vin)
                                 .where(Vehicle.customer.in_(list(alive))
                                        & (Vehicle.archived == False))  # noqa: E712
                                 .tuples()):
        rows.extend((k, cid, vid, f) for k, f in vehicle_keys(plate, vin))
    return rows


def reindex(actor: Actor, customer_ids: Iterable[int]) -> None:
    """Replace the search keys of these customers (call inside the writing transaction)."""
    ids = sorted(set(customer_ids))
    with db.atomic():
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start:start + _BATCH]
            SearchKey.delete().where(SearchKey.customer.in_(chunk)).execute()
            _insert_rows(rows_for(chunk))


def _insert_rows(rows: list[tuple[str, int, int | None, str]]) -> None:
    """Bulk-insert search rows."""
    fields = [SearchKey.key, SearchKey.customer, SearchKey.vehicle_id, SearchKey.field]
    for start in range(0, len(rows), 1000):
        SearchKey.insert_many(rows[start:start + 1000], fields=fields).execute()


def rebuild_all(actor: Actor) -> int:
    """Rebuild every key from the tables (after an import, or when ``check`` finds drift)."""
    with db.atomic():
        SearchKey.delete().execute()
        ids = [cid for (cid,) in Customer.select(Customer.id).tuples()]
        for start in range(0, len(ids), _BATCH):
            _insert_rows(rows_for(ids[start:start + _BATCH]))
    return SearchKey.select().count()
