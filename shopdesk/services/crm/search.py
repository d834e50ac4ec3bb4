"""One search for the whole desk: the global search box, the customer list and ``shopdesk find``.

Finds customers by name, company, e-mail, any digits of a phone, a plate fragment (spaces and
dashes ignored) or any 6+ characters of a VIN. Every word of the query must match the start of
some key of the customer (``ann smi`` finds Ann Smith); the query with spaces and dashes taken
out is tried too (``AB 12`` finds plate AB-12-CD, ``555 01`` finds 555-0142).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import peewee

from shopdesk.models.base import database_proxy as db
from shopdesk.services.access import Actor
from shopdesk.services.crm.contact_details import digits_of
from shopdesk.services.crm.search_index import compact, words

DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Match:
    """A customer found, with the vehicle that matched (if the match was a plate or VIN)."""

    customer_id: int
    name: str
    phone: str
    city: str
    grade: str
    blacklisted: bool
    matched: str  # name, company, email, phone, plate or vin
    vehicle_id: int | None = None
    vehicle: str = ""


def is_postgres() -> bool:
    return isinstance(db.obj, peewee.PostgresqlDatabase)


def _prefix_sql(is_pg: bool) -> tuple[str, str]:
    """The prefix test on ``key`` and the wildcard that ends the pattern, per engine."""
    return ("key LIKE %s", "%") if is_pg else ("key GLOB ?", "*")


def statements(text: str, limit: int = DEFAULT_LIMIT, is_pg: bool = False,
               columns: str = "DISTINCT s.customer_id") -> list[tuple[str, list[str]]]:
    """The SQL (with parameters) that finds the ids, in the order to run them.

    First the whole query compacted (``AB 12`` -> plate ``ab12…``), then every word: the
    longest word drives an index range scan that stops at ``limit`` customers, and each other
    word must match one of that customer's own keys (index on customer, key). ``columns``
    are the columns of the driving key row ``s`` to select (the ranked search also reads
    which field and key matched: then ``limit`` counts key rows).
    """
    tokens = list(dict.fromkeys(words(text)))
    if not tokens:
        return []
    test, wild = _prefix_sql(is_pg)
    alternatives = [[compact(text)]] if len(tokens) > 1 else []
    alternatives.append(sorted(tokens, key=len, reverse=True))
    result = []
    for driver, *others in alternatives:
        sql = f"SELECT {columns} FROM search_key s WHERE s.{test}"
        params = [driver + wild]
        sql += also_matching(others, is_pg)
        params += [other + wild for other in others]
        result.append((sql + f" LIMIT {int(limit)}", params))
    return result


def also_matching(others: list[str], is_pg: bool) -> str:
    """SQL that keeps a key row ``s`` only if its customer has a key starting with each of
    ``others`` too (one parameter each: the word and the wildcard)."""
    test, mark = ("LIKE", "%s") if is_pg else ("GLOB", "?")
    return "".join(" AND EXISTS (SELECT 1 FROM search_key t WHERE t.customer_id = "
                   f"s.customer_id AND t.key {test} {mark})" for _ in others)


def matching_ids(actor: Actor, text: str, limit: int = DEFAULT_LIMIT) -> list[int]:
    """Ids of up to ``limit`` living customers matching ``text``, best matches first."""
    found: dict[int, None] = {}
    for sql, params in statements(text, limit, is_postgres()):
        for (cid,) in db.execute_sql(sql, params).fetchall():
            found.setdefault(cid)
        if len(found) >= limit:
            break
    return list(found)[:limit]


def find(actor: Actor, text: str, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """The customers matching ``text``, sorted by name, with what matched."""
    ids = matching_ids(actor, text, limit)
    if not ids:
        return []
    tokens = [*words(text), compact(text)]
    is_pg = is_postgres()
    test, wild = _prefix_sql(is_pg)
    # (key || '') keeps the planner on the customer index: 50 customers' keys, not a key range
    ors = " OR ".join(["(key || '') " + test.split(" ", 1)[1]] * len(tokens))
    marks = ", ".join(["%s" if is_pg else "?"] * len(ids))
    how: dict[int, tuple[str, int | None]] = {}
    rank = {"name": 0, "company": 1, "plate": 2, "vin": 3, "phone": 4, "email": 5}
    for cid, vid, field in db.execute_sql(
            f"SELECT customer_id, vehicle_id, field FROM search_key WHERE ({ors}) "
            f"AND customer_id IN ({marks})", [t + wild for t in tokens] + ids).fetchall():
        best = how.get(cid)
        if best is None or rank.get(field, 9) < rank.get(best[0], 9):
            how[cid] = (field, vid)
    return _described(ids, how)


def _described(ids: list[int], how: dict[int, tuple[str, int | None]]) -> list[Match]:
    """The customers ``ids`` as Matches, sorted by name (``how``: what matched, per id)."""
    # The rest in plain SQL with the ids written in: this runs on every keystroke, and
    # building peewee queries would cost about as much as running them.
    listed = ",".join(str(int(i)) for i in ids)
    phones: dict[int, str] = {}
    for cid, number in db.execute_sql(
            f"SELECT customer_id, number FROM customer_phone WHERE customer_id IN ({listed}) "
            "ORDER BY position DESC").fetchall():
        phones[cid] = number  # position 0 (main) comes last and wins
    vehicle_ids = ",".join(str(int(v)) for _, v in how.values() if v)
    vehicles = {vid: f"{plate}  {make} {model}".strip() for vid, plate, make, model in
                db.execute_sql(f"SELECT id, plate, make, model FROM vehicle WHERE id IN "
                               f"({vehicle_ids})").fetchall()} if vehicle_ids else {}
    rows = db.execute_sql(f"SELECT id, display_name, city, grade, blacklisted FROM customer "
                          f"WHERE id IN ({listed}) ORDER BY display_name, id").fetchall()
    result = []
    for cid, name, city, grade, black in rows:
        field, vid = how.get(cid, ("name", None))
        result.append(Match(cid, name, phones.get(cid, ""), city, grade, bool(black), field,
                            vid, vehicles.get(vid, "") if vid else ""))
    return result


#: The customer number as printed on statements ("Customer no.") and listed by
#: ``shopdesk find``: ``#123``, ``no. 123`` or ``no123``.
_CUSTOMER_NUMBER = re.compile(r"^(?:#|no\.?)\s*(\d{1,12})$", re.IGNORECASE)


def customers_meant(actor: Actor, text: str, limit: int = 20) -> list[Match]:
    """The customers a clerk means by ``text``: the customer number printed on statements
    (``#123``), else whoever the search finds (name, phone digits or their last digits, plate,
    VIN tail, e-mail). When several are found and exactly one has that very name (in any
    order of its words) or that whole phone number, only that one: ``Ann Lee`` is Ann Lee,
    not also Ann Leeds. An empty list: nobody; more than one: ask for more."""
    text = text.strip()
    number = _CUSTOMER_NUMBER.match(text)
    if number:
        cid = int(number.group(1))
        exists = db.execute_sql(f"SELECT id FROM customer WHERE id = {int(cid)} AND "
                                "merged_into_id IS NULL").fetchall()
        return _described([cid], {}) if exists else []
    found = find(actor, text, limit)
    if len(found) <= 1:
        return found
    asked_words, asked_digits = sorted(words(text)), digits_of(text)
    exact = [m for m in found if sorted(words(m.name)) == asked_words
             or (len(asked_digits) >= 7 and any(digits_of(p) == asked_digits
                                                for p in _phones_of(m.customer_id)))]
    return exact if len(exact) == 1 else found


def _phones_of(customer_id: int) -> list[str]:
    return [row[0] for row in db.execute_sql(
        f"SELECT number FROM customer_phone WHERE customer_id = {int(customer_id)}").fetchall()]
