"""One search for the whole desk: the global search box, the customer list and ``shopdesk find``.

Finds customers by name, company, e-mail, any digits of a phone, a plate fragment (spaces and
dashes ignored) or any 6+ characters of a VIN. Every word of the query must match the start of
some key of the customer (``ann smi`` finds Ann Smith); the query with spaces and dashes taken
out is tried too (``AB 12`` finds plate AB-12-CD, ``555 01`` finds 555-0142).
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from shopdesk.models.base import database_proxy as db
from shopdesk.models.customers import Customer, CustomerPhone
from shopdesk.models.vehicles import Vehicle
from shopdesk.services.search_index import compact, words

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


def _is_pg() -> bool:
    return isinstance(db.obj, peewee.PostgresqlDatabase)


def _prefix_sql(is_pg: bool) -> tuple[str, str]:
    """The prefix test on ``key`` and the wildcard that ends the pattern, per engine."""
    return ("key LIKE %s", "%") if is_pg else ("key GLOB ?", "*")


def plan(text: str) -> list[list[str]]:
    """The alternatives to try: every word, and the whole query compacted."""
    tokens = words(text)
    if not tokens:
        return []
    alternatives = [tokens]
    joined = compact(text)
    if len(tokens) > 1 and joined:
        alternatives.append([joined])
    return alternatives


def matching_ids(text: str, limit: int = DEFAULT_LIMIT) -> list[int]:
    """Ids of up to ``limit`` living customers matching ``text`` (prefix keys, one query)."""
    alternatives = plan(text)
    if not alternatives:
        return []
    is_pg = _is_pg()
    test, wild = _prefix_sql(is_pg)
    parts, params = [], []
    for tokens in alternatives:
        selects = []
        for token in tokens:
            selects.append(f"SELECT customer_id FROM search_key WHERE {test}")
            params.append(token + wild)
        parts.append(" INTERSECT ".join(selects) if len(selects) > 1 else selects[0])
    if len(parts) == 1 and len(alternatives[0]) == 1:
        sql = (f"SELECT DISTINCT customer_id FROM search_key WHERE {test} "
               f"LIMIT {int(limit)}")
    else:
        sql = " UNION ".join(f"SELECT customer_id FROM ({p}) AS a{i}"
                             for i, p in enumerate(parts)) + f" LIMIT {int(limit)}"
    return [row[0] for row in db.execute_sql(sql, params).fetchall()]


def find(text: str, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """The customers matching ``text``, sorted by name, with what matched."""
    ids = matching_ids(text, limit)
    if not ids:
        return []
    tokens = [*words(text), compact(text)]
    is_pg = _is_pg()
    test, wild = _prefix_sql(is_pg)
    ors = " OR ".join([test] * len(tokens))
    marks = ", ".join(["%s" if is_pg else "?"] * len(ids))
    how: dict[int, tuple[str, int | None]] = {}
    rank = {"plate": 0, "vin": 1, "phone": 2, "email": 3, "company": 4, "name": 5}
    for cid, vid, field in db.execute_sql(
            f"SELECT customer_id, vehicle_id, field FROM search_key WHERE ({ors}) "
            f"AND customer_id IN ({marks})", [t + wild for t in tokens] + ids).fetchall():
        best = how.get(cid)
        if best is None or rank.get(field, 9) < rank.get(best[0], 9):
            how[cid] = (field, vid)
    phones: dict[int, str] = {}
    for cid, number in (CustomerPhone.select(CustomerPhone.customer, CustomerPhone.number)
                        .where(CustomerPhone.customer.in_(ids))
                        .order_by(CustomerPhone.position.desc()).tuples()):
        phones[cid] = number  # position 0 (main) comes last and wins
    vehicle_ids = [v for _, v in how.values() if v]
    vehicles = {vid: f"{plate}  {make} {model}".strip() for vid, plate, make, model in
                Vehicle.select(Vehicle.id, Vehicle.plate, Vehicle.make, Vehicle.model)
                .where(Vehicle.id.in_(vehicle_ids)).tuples()} if vehicle_ids else {}
    rows = (Customer.select(Customer.id, Customer.display_name, Customer.city, Customer.grade,
                            Customer.blacklisted)
            .where(Customer.id.in_(ids)).order_by(Customer.display_name, Customer.id).tuples())
    result = []
    for cid, name, city, grade, black in rows:
        field, vid = how.get(cid, ("name", None))
        result.append(Match(cid, name, phones.get(cid, ""), city, grade, bool(black), field,
                            vid, vehicles.get(vid, "") if vid else ""))
    return result
