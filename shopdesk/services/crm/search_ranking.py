"""Search as you type in the window's search box: the customers a query finds, best first.

The clerk types the last digits of a phone (perhaps with a few letters of the name:
``4624 tor``), a plate fragment or a VIN tail, and the customer at the desk should be on top.
The order:

1. customers whose phone **ends** in the digits typed (``4624`` -> ``…555-4624``);
2. customers seen recently: a car of theirs in the shop now (an open repair order, or one
   done or invoiced and not collected yet), or a visit or an invoice (or credit note) within
   the shop's "lapsed" months (Customers → Grades…);
3. then by what matched: name, company, plate, VIN, other digits of a phone, e-mail;
4. then the most recent visit first, then the name.

Every word of the query must match the start of some key of the customer, as in
:mod:`shopdesk.services.crm.search` (whose statements find the candidates); the first
:data:`CANDIDATES` key rows are ranked, so a short query on a large shop ranks a sample of
its matches and says there are more. When only digits were typed, :attr:`Found.tail_count`
says how many customers' phones end in them, so the box can suggest adding name letters.

A new kind of key (pinyin initials of Chinese names, say) needs a place in
:data:`FIELD_RANK` and, if a row would not show why it matched, a line in :data:`REASONS`.
Everything runs in a handful of indexed queries with the ids written in: it runs after every
pause in typing (tests/bench/bench_customer_search.py measures it on the large demo).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.repair_orders import OPEN_STATUSES, Status
from shopdesk.services.access import Actor
from shopdesk.services.crm import search
from shopdesk.services.crm.contact_details import digits_of, format_phone, region_of_currency
from shopdesk.services.crm.search_index import PHONE_TAIL, words

# rows the box shows
SHOWN = 8
# key rows read and ranked per query (the rest are counted as "more")
CANDIDATES = 200
# what matched, best first; a field not named here ranks after these
FIELD_RANK = {"name": 0, "pinyin": 1, "company": 2, "plate": 3, "vin": 4, "phone": 5,
              "email": 6}
# repair-order statuses in which the car is still at the shop (not collected)
IN_SHOP = tuple(s.value for s in (*OPEN_STATUSES, Status.DONE, Status.INVOICED))
# why a row matched, where the row would not show it (context "Search"; ``{key}`` is the
# matched detail: the VIN, the e-mail, the company)
REASONS = {
    "vin": QT_TRANSLATE_NOOP("Search", "VIN {key}"),
    "email": QT_TRANSLATE_NOOP("Search", "e-mail {key}"),
    "company": QT_TRANSLATE_NOOP("Search", "company {key}"),
}
_DIGITS = re.compile(r"[0-9]+")
# Formatting a phone parses it (phonenumbers, ~0.1 ms each): the same customers come back
# keystroke after keystroke
_formatted = functools.lru_cache(maxsize=4096)(format_phone)
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True)
class Hit:
    """One customer found, with what tells them apart at a glance."""

    customer_id: int
    name: str
    phone: str  # the phone that matched, else the main one; formatted for the shop's region
    car: str  # "AB-123-CD  Honda Accord": the matched car, else the latest ("" if none)
    other_plates: tuple[str, ...]  # plates of their other cars, at most 2
    more_vehicles: int  # their other cars not listed
    matched: str  # "phone_tail" (the phone ends in the digits typed) or a FIELD_RANK key
    reason: str = ""  # a REASONS template ("" when the row shows what matched)
    reason_key: str = ""  # the value for the template's {key}
    last_visit: dt.date | None = None  # last visit or invoice
    in_shop: str = ""  # number of a repair order whose car is at the shop now
    blacklisted: bool = False


@dataclass(frozen=True)
class Found:
    """What the box shows for ``text``."""

    text: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # more customers match than are shown
    tail_digits: str = ""  # the digits, when only digits were typed
    tail_count: int = 0  # customers whose phone ends in tail_digits (CANDIDATES+: "more")
    example: str = ""  # a narrower query to suggest ("4624 tor"), when tail_count > 1


def _as_date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _tail_of(tokens: list[str]) -> tuple[str, list[str], bool]:
    """(digits a phone may end in, the other words, whether only digits were typed)."""
    if tokens and all(_DIGITS.fullmatch(t) for t in tokens):
        return "".join(tokens), [], True  # "555 0142" is 5550142
    digits = [t for t in tokens if _DIGITS.fullmatch(t)]
    if not digits:
        return "", tokens, False
    tail = max(digits, key=len)
    rest = list(tokens)
    rest.remove(tail)
    return tail, rest, False


def _mark(is_pg: bool) -> str:
    return "%s" if is_pg else "?"


def ranked(actor: Actor, text: str, limit: int = SHOWN, today: dt.date | None = None) -> Found:
    """The customers matching ``text``, best first (see the module's doc), at most ``limit``."""
    tokens = list(dict.fromkeys(words(text)))
    if not tokens:
        return Found(text)
    today = today or dt.date.today()
    is_pg = search.is_postgres()
    wild = "%" if is_pg else "*"
    mark = _mark(is_pg)
    columns = "s.customer_id, s.field, s.key, s.vehicle_id"
    tail, others, only_digits = _tail_of(tokens)

    # 1. candidates: (customer, field, key, vehicle) key rows; the phone-tail rows first
    rows: list[tuple[int, str, str, int | None]] = []
    tail_ids: dict[int, None] = {}
    if len(tail) >= PHONE_TAIL:
        sql = (f"SELECT {columns} FROM search_key s WHERE s.key = {mark} AND s.field = 'phone'"
               + search.also_matching(others, is_pg) + f" LIMIT {CANDIDATES + 1}")
        for row in db.execute_sql(sql, [tail, *(o + wild for o in others)]).fetchall():
            tail_ids.setdefault(row[0])
            rows.append((row[0], "phone_tail", row[2], row[3]))
    truncated = False
    # more phones end in the digits than are shown: nothing else could come before them
    enough = len(tail_ids) > limit
    for sql, params in [] if enough else search.statements(text, CANDIDATES, is_pg, columns):
        found = db.execute_sql(sql, params).fetchall()
        rows.extend(found)
        truncated = truncated or len(found) >= CANDIDATES
        if len({r[0] for r in rows}) >= CANDIDATES:
            break
    best: dict[int, tuple[int, str, str, int | None]] = {}
    for cid, fld, key, vid in rows:
        rank = -1 if fld == "phone_tail" else FIELD_RANK.get(fld, len(FIELD_RANK))
        if cid not in best or rank < best[cid][0]:
            best[cid] = (rank, fld, key, vid)
    if not best:
        return Found(text)

    # 2. who came lately: last visit, last invoice, a car at the shop now. Only issued
    # documents have an issue date, so the (customer, issue date) index answers alone (a
    # credit note counts as a visit here); the few orders in the shop by their status.
    listed = ",".join(str(int(c)) for c in best)
    people: dict[int, tuple[str, bool]] = {}
    last_seen: dict[int, str] = {}  # ISO dates: they sort as dates
    for cid, name, visited, black, archived, invoiced in db.execute_sql(
            "SELECT c.id, c.display_name, c.last_visit_on, c.blacklisted, c.archived, "
            "(SELECT MAX(i.issue_date) FROM invoice i WHERE i.customer_id = c.id) "
            f"FROM customer c WHERE c.id IN ({listed})"):
        if archived:
            continue
        people[cid] = (name, bool(black))
        seen = max(str(visited or "")[:10], str(invoiced or "")[:10])
        if seen:
            last_seen[cid] = seen
    in_shop: dict[int, str] = {}
    statuses = ", ".join(f"'{s}'" for s in IN_SHOP)
    for cid, number in db.execute_sql(
            f"SELECT customer_id, number FROM repair_order WHERE customer_id IN ({listed}) "
            f"AND status IN ({statuses}) ORDER BY created_at, id"):
        in_shop[cid] = number  # the latest wins
    (months,) = db.execute_sql("SELECT lapsed_months FROM grading_rules WHERE id = 1").fetchone()
    today_iso = today.isoformat()
    recent_from = (today - dt.timedelta(days=round(months * 30.4375))).isoformat()

    def order(cid: int) -> tuple:
        rank = best[cid][0]
        seen = today_iso if cid in in_shop else last_seen.get(cid, "")
        return (rank >= 0, seen < recent_from, rank, -int(seen.replace("-", "") or 0),
                people[cid][0].casefold(), cid)

    ordered = sorted((c for c in best if c in people), key=order)
    top = ordered[:limit]
    hits = _describe(top, best, people, last_seen, in_shop) if top else []
    tail_count = len(tail_ids) if only_digits else 0
    example = ""
    if tail_count > 1:
        first = next((c for c in ordered if c in tail_ids), None)
        example = f"{tail} {_letters_of(people[first][0])}" if first in people else ""
    return Found(text, hits, len(ordered) > limit or truncated,
                 tail if only_digits else "", tail_count, example)


def _letters_of(name: str) -> str:
    """A few letters of a name to narrow by: its first word's first 3 letters (1 character
    of a Chinese name: the family name)."""
    found = words(name)
    if not found:
        return ""
    word = found[0]
    return word[:1] if _CJK.match(word) else word[:3]


def _describe(top: list[int], best: dict, people: dict, last_seen: dict,
              in_shop: dict) -> list[Hit]:
    """The phone, cars and reason of each customer shown (plain SQL, the ids written in)."""
    listed = ",".join(str(int(c)) for c in top)
    shop = db.execute_sql("SELECT currency FROM shop_settings WHERE id = 1").fetchone()
    region = region_of_currency(shop[0] if shop else "")
    phones: dict[int, list[tuple[str, str, str]]] = {}
    for cid, number, e164 in db.execute_sql(
            f"SELECT customer_id, number, e164 FROM customer_phone WHERE customer_id IN "
            f"({listed}) ORDER BY customer_id, position, id"):
        phones.setdefault(cid, []).append((number, e164, digits_of(e164 or number)))
    cars: dict[int, list[tuple[int, str, str, str]]] = {}
    for vid, cid, plate, make, model, vin in db.execute_sql(
            f"SELECT id, customer_id, plate, make, model, vin FROM vehicle WHERE customer_id IN "
            f"({listed}) AND archived = {_mark(search.is_postgres())} ORDER BY id DESC", [False]):
        text = f"{plate}  {make} {model}".strip() if plate else f"{make} {model}".strip()
        cars.setdefault(cid, []).append((vid, text, vin, plate))
    extra: dict[int, str] = {}
    companies = [c for c in top if best[c][1] == "company"]
    if companies:
        extra.update(db.execute_sql(
            "SELECT id, company_name FROM customer WHERE id IN "
            f"({','.join(str(int(c)) for c in companies)})").fetchall())
    emails = [c for c in top if best[c][1] == "email"]
    if emails:
        extra.update(db.execute_sql(
            f"SELECT id, email FROM customer WHERE id IN ({','.join(str(int(c)) for c in emails)})"
        ).fetchall())
    hits = []
    for cid in top:
        _, fld, key, vid = best[cid]
        name, black = people[cid]
        own = phones.get(cid, [])
        phone = own[0] if own else None
        if fld in ("phone", "phone_tail"):
            phone = next((p for p in own if key in p[2]), phone)
        mine = cars.get(cid, [])
        if vid is not None:
            mine = sorted(mine, key=lambda car, v=vid: car[0] != v)  # the matched car first
        plates = tuple(plate for *_, plate in mine[1:] if plate)[:2]
        reason, reason_key = "", ""
        if fld == "vin":
            reason = REASONS["vin"]
            reason_key = next((vin for v, _, vin, _ in mine if v == vid), key.upper())
        elif fld == "email":
            reason, reason_key = REASONS["email"], extra.get(cid, "")
        elif fld == "company" and extra.get(cid, "") and extra[cid] not in name:
            reason, reason_key = REASONS["company"], extra[cid]
        hits.append(Hit(cid, name, _formatted(phone[1], phone[0], region) if phone else "",
                        mine[0][1] if mine else "", plates,
                        max(0, len(mine) - 1 - len(plates)), fld, reason, reason_key,
                        _as_date(last_seen.get(cid)), in_shop.get(cid, ""), black))
    return hits
