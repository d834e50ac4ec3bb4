"""Search-as-you-type on the large demo shop, against bare SQL floors.

    python -m tests.bench customer_search

The large demo: 100,000 customers, ~115,000 vehicles. Picks 200 realistic queries from the
data (50 name prefixes, 50 phone fragments, 50 plate fragments typed with a space, 50 VIN
tails) and times every keystroke of each (from the 2nd character on). Figures, each the p95
of its keystrokes against the p95 of its floor; target: under one frame (16 ms):

* ids: the matching customer ids (what the list filters by) vs the same SQL through sqlite3;
* find: ids plus names, phones and the matched vehicle (the search box and ``shopdesk find``)
  vs the same statements through sqlite3, all queries and each kind apart;
* ranked: the window's search box (``search_ranking.ranked``: candidates, phone-tail rows,
  last visit, last invoice, cars in the shop, then the 8 shown with phones and cars) vs the
  bare indexed query floor (the ids statements through sqlite3), each kind of query apart,
  plus 50 last-4-digits queries and 50 "digits + 3 letters of the name" queries (``4624 tor``);
  it runs once per pause in typing;
* list: the Customers screen's refresh (count + first page of the lazy list).

Opening the customer file is measured in ``bench_customer_file.py``.
"""

from __future__ import annotations

import functools
import random
import sqlite3
import statistics
import sys

from shopdesk import db as database
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.crm import customer_lists, search, search_ranking
from shopdesk.services.crm.search_index import compact, words
from tests.bench.harness import FRAME, Bench, below, each, paired, percentile
from tests.bench.runner import script

WRITES = False
SEED = 7


def _queries(conn: sqlite3.Connection, rng: random.Random) -> list[tuple[str, str]]:
    names = [r[0] for r in conn.execute(
        "SELECT last_name FROM customer WHERE last_name != '' ORDER BY random() LIMIT 25")]
    names += [r[0] for r in conn.execute(
        "SELECT first_name || ' ' || last_name FROM customer WHERE last_name != '' "
        "ORDER BY random() LIMIT 25")]
    phones = [r[0] for r in conn.execute(
        "SELECT e164 FROM customer_phone ORDER BY random() LIMIT 50")]
    plates = [r[0] for r in conn.execute(
        "SELECT plate FROM vehicle WHERE plate LIKE '% %' ORDER BY random() LIMIT 50")]
    vins = [r[0] for r in conn.execute("SELECT vin FROM vehicle ORDER BY random() LIMIT 50")]
    queries = [("name", n[: rng.randint(3, len(n))]) for n in names]
    for p in phones:
        digits = p[2:]
        start = rng.randint(0, len(digits) - 7)
        queries.append(("phone", digits[start:start + rng.randint(4, 7)]))
    queries += [("plate", p[: rng.randint(4, len(p))]) for p in plates]
    queries += [("vin", v[-6:]) for v in vins]
    for number, last in conn.execute(
            "SELECT p.e164, c.last_name FROM customer_phone p JOIN customer c ON c.id = "
            "p.customer_id WHERE c.last_name != '' ORDER BY random() LIMIT 50"):
        queries.append(("tail", number[-4:]))
        queries.append(("tail+name", f"{number[-4:]} {last[:3]}"))
    return queries


def _keystrokes(text: str) -> list[str]:
    return [text[:n] for n in range(2, len(text) + 1)]


def _bare_ids(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[int]:
    """The very statements search.matching_ids runs, straight through sqlite3."""
    found: dict[int, None] = {}
    for sql, params in search.statements(text, limit):
        for (cid,) in conn.execute(sql, params):
            found.setdefault(cid)
        if len(found) >= limit:
            break
    return list(found)[:limit]


def _bare_find(conn: sqlite3.Connection, text: str) -> list[tuple]:
    """search.find's statements written by hand (ids, how matched, phones, vehicles, names)."""
    ids = _bare_ids(conn, text)
    if not ids:
        return []
    tokens = [*words(text), compact(text)]
    marks = ",".join("?" * len(ids))
    ors = " OR ".join(["(key || '') GLOB ?"] * len(tokens))
    how = conn.execute(f"SELECT customer_id, vehicle_id, field FROM search_key WHERE ({ors}) "
                       f"AND customer_id IN ({marks})", [t + "*" for t in tokens] + ids)
    vids = [v for _, v, _ in how.fetchall() if v]
    conn.execute(f"SELECT customer_id, number FROM customer_phone WHERE customer_id IN ({marks})"
                 " ORDER BY position DESC", ids).fetchall()
    if vids:
        conn.execute(f"SELECT id, plate, make, model FROM vehicle WHERE id IN "
                     f"({','.join('?' * len(vids))})", vids).fetchall()
    return conn.execute(f"SELECT id, display_name, city, grade, blacklisted FROM customer "
                        f"WHERE id IN ({marks}) ORDER BY display_name, id", ids).fetchall()


def run(bench: Bench) -> None:
    database.open(str(bench.db))
    conn = sqlite3.connect(bench.db)
    rng = random.Random(SEED)
    queries = _queries(conn, rng)
    keystrokes = [k for _, q in queries for k in _keystrokes(q)]
    if bench.quick:
        keystrokes = keystrokes[:40]
    counts = conn.execute("SELECT (SELECT COUNT(*) FROM customer), (SELECT COUNT(*) FROM "
                          "vehicle), (SELECT COUNT(*) FROM search_key)").fetchone()
    bench.note(f"{counts[0]:,} customers, {counts[1]:,} vehicles, {counts[2]:,} search keys; "
               f"{len(queries)} queries, {len(keystrokes)} keystrokes")

    def report(label: str, ours: list[float], floor: list[float] | None) -> None:
        p95 = percentile(ours, 0.95)
        bench.note(f"{label}: median {statistics.median(ours) * 1000:.2f} ms, "
                   f"p95 {p95 * 1000:.2f} ms")
        bench.figure(f"{label}, p95", p95, below(FRAME),
                     percentile(floor, 0.95) if floor else None)

    def bare_find(text: str) -> list[tuple]:
        return _bare_find(conn, text)

    def bare(text: str) -> list[int]:
        return _bare_ids(conn, text)

    # what the window calls, for whoever is signed in (the actor does not change a search)
    find = functools.partial(search.find, COMMAND_LINE)
    matching_ids = functools.partial(search.matching_ids, COMMAND_LINE)
    ranked = functools.partial(search_ranking.ranked, COMMAND_LINE)
    for fn in (find, bare_find):  # warm the page cache
        each(fn, keystrokes)
    for _ in range(2):
        floor_ids = each(bare, keystrokes)
        ids = each(matching_ids, keystrokes)
    report("ids (list filter)", ids, floor_ids)
    floor_find = each(bare_find, keystrokes)
    report("find (search box, shopdesk find)", each(find, keystrokes), floor_find)
    kinds = ("name", "phone", "plate", "vin")
    for kind in kinds:
        ks = [k for t, q in queries if t == kind for k in _keystrokes(q)]
        if bench.quick:
            ks = ks[:10]
        report(f"find, {kind} queries", each(find, ks), each(bare_find, ks))
    each(ranked, keystrokes)  # warm
    report("ranked (search box)", *paired(ranked, bare, keystrokes))
    for kind in (*kinds, "tail", "tail+name"):
        # (the box searches once typing pauses: the whole query, as typed by the clerk)
        typed = [q for t, q in queries if t == kind] if kind.startswith("tail") else \
            [k for t, q in queries if t == kind for k in _keystrokes(q)]
        if bench.quick:
            typed = typed[:10]
        report(f"ranked, {kind} queries", *paired(ranked, bare, typed))
    shared = sorted(ranked(q).tail_count for t, q in queries if t == "tail")
    left = sorted(len(ranked(q).hits) for t, q in queries if t == "tail+name")
    bench.note(f"phones ending in the same 4 digits: median {statistics.median(shared)} "
               f"customers, most {shared[-1]}; with 3 letters of the name: median "
               f"{statistics.median(left)} left, most {left[-1]}")

    def list_refresh(text: str) -> None:
        listing = customer_lists.customers(COMMAND_LINE, text)
        listing.count()
        listing.page(0, 200)

    report("Customers list refresh (200 rows)", each(list_refresh, keystrokes), None)


if __name__ == "__main__":
    sys.exit(script("customer_search"))
