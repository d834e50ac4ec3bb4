"""Search-as-you-type and the customer file on a large demo shop, against bare SQL floors.

    python tests/bench/bench_customer_search.py [--db /tmp/large.db]

Builds the large demo database first if the file is missing (``shopdesk demo --scale large``:
100,000 customers, ~115,000 vehicles). Picks 200 realistic queries from the data (50 name
prefixes, 50 phone fragments, 50 plate fragments typed with a space, 50 VIN tails) and times
every keystroke of each (from the 2nd character on). Figures:

* ids: the matching customer ids (what the list filters by) vs the same SQL through sqlite3;
* find: ids plus names, phones and the matched vehicle (the search box and ``shopdesk find``)
  vs the same statements through sqlite3;
* ranked: the window's search box (``search_ranking.ranked``: candidates, phone-tail rows,
  last visit, last invoice, cars in the shop, then the 8 shown with phones and cars) vs the
  bare indexed query floor (the ids statements through sqlite3), each kind of query apart,
  plus 50 last-4-digits queries and 50 "digits + 3 letters of the name" queries (``4624 tor``);
  it runs once per pause in typing, so its p95 should stay a few ms;
* list: the Customers screen's refresh (count + first page of the lazy list);
* opening the fleet customer's file (20 vehicles, 200 visits, its invoices and orders; the
  sections one by one and a bare-SQL floor are in ``bench_customer_file.py``).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from shopdesk import db as database  # noqa: E402
from shopdesk.models.base import database_proxy  # noqa: E402
from shopdesk.services.crm import (  # noqa: E402
    customer_file,
    customer_lists,
    search,
    search_ranking,
)
from shopdesk.services.crm.search_index import compact, words  # noqa: E402

FRAME_MS = 16.0


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


def _time_all(fn, keystrokes: list[str]) -> list[float]:
    out = []
    for text in keystrokes:
        started = time.perf_counter()
        fn(text)
        out.append((time.perf_counter() - started) * 1000)
    return out


def _time_pairs(ours, floor, texts: list[str]) -> tuple[list[float], list[float]]:
    """Each text through ``floor`` then ``ours``, one after the other (other load on the
    machine then weighs on both alike)."""
    mine, base = [], []
    for text in texts:
        for fn, out in ((floor, base), (ours, mine)):
            started = time.perf_counter()
            fn(text)
            out.append((time.perf_counter() - started) * 1000)
    return mine, base


def _summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def _report(label: str, ours: list[float], floor: list[float] | None) -> None:
    med, p95 = _summary(ours)
    line = f"{label:<34} median {med:6.2f} ms  p95 {p95:6.2f} ms"
    if floor:
        fmed, fp95 = _summary(floor)
        line += (f"   floor median {fmed:6.2f} ms  p95 {fp95:6.2f} ms   ratio p95 "
                 f"{p95 / fp95:4.2f}x")
    line += "   (under one frame)" if p95 <= FRAME_MS else "   (OVER one frame)"
    print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/shopdesk-bench-large.sqlite3")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    path = Path(args.db)
    if not path.exists():
        print(f"Building the large demo shop at {path} (a minute or two)…")
        subprocess.run([sys.executable, "-m", "shopdesk", "demo", "--scale", "large",
                        "--db", str(path)], check=True, cwd=ROOT)
    database.open(str(path))
    conn = sqlite3.connect(path)
    rng = random.Random(args.seed)
    queries = _queries(conn, rng)
    keystrokes = [k for _, q in queries for k in _keystrokes(q)]
    counts = conn.execute("SELECT (SELECT COUNT(*) FROM customer), (SELECT COUNT(*) FROM "
                          "vehicle), (SELECT COUNT(*) FROM search_key)").fetchone()
    print(f"{counts[0]:,} customers, {counts[1]:,} vehicles, {counts[2]:,} search keys; "
          f"{len(queries)} queries, {len(keystrokes)} keystrokes")
    for fn in (search.find, lambda t: _bare_find(conn, t)):  # warm the page cache
        _time_all(fn, keystrokes)
    for _ in range(2):
        floor_ids = _time_all(lambda t: _bare_ids(conn, t), keystrokes)
        ids = _time_all(search.matching_ids, keystrokes)
    _report("ids (list filter)", ids, floor_ids)
    floor_find = _time_all(lambda t: _bare_find(conn, t), keystrokes)
    find = _time_all(search.find, keystrokes)
    _report("find (search box, shopdesk find)", find, floor_find)
    kinds = ("name", "phone", "plate", "vin")
    for kind in kinds:
        ks = [k for t, q in queries if t == kind for k in _keystrokes(q)]
        _report(f"  find, {kind} queries", _time_all(search.find, ks),
                _time_all(lambda t: _bare_find(conn, t), ks))
    _time_all(search_ranking.ranked, keystrokes)  # warm

    def bare(text: str) -> list[int]:
        return _bare_ids(conn, text)

    _report("ranked (search box)", *_time_pairs(search_ranking.ranked, bare, keystrokes))
    for kind in (*kinds, "tail", "tail+name"):
        # (the box searches once typing pauses: the whole query, as typed by the clerk)
        typed = [q for t, q in queries if t == kind] if kind.startswith("tail") else \
            [k for t, q in queries if t == kind for k in _keystrokes(q)]
        _report(f"  ranked, {kind} queries", *_time_pairs(search_ranking.ranked, bare, typed))
    shared = sorted(search_ranking.ranked(q).tail_count for t, q in queries if t == "tail")
    left = sorted(len(search_ranking.ranked(q).hits) for t, q in queries if t == "tail+name")
    print(f"  phones ending in the same 4 digits: median {statistics.median(shared)} "
          f"customers, most {shared[-1]}; with 3 letters of the name: median "
          f"{statistics.median(left)} left, most {left[-1]}")

    def list_refresh(text: str) -> None:
        listing = customer_lists.customers(text)
        listing.count()
        listing.page(0, 200)

    _report("Customers list refresh (200 rows)", _time_all(list_refresh, keystrokes), None)
    fleet = conn.execute("SELECT id FROM customer WHERE company_name = 'Capitol City "
                         "Couriers'").fetchone()[0]
    times = []
    for _ in range(20):
        started = time.perf_counter()
        f = customer_file.load(fleet)
        times.append((time.perf_counter() - started) * 1000)
    print(f"Open the customer file ({len(f.vehicles)} vehicles, {len(f.visits)} visits, "
          f"{len(f.interactions)} interactions, {len(f.invoices)} invoices): median "
          f"{statistics.median(times):.1f} ms, worst {max(times):.1f} ms")
    try:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from shopdesk.gui.app import make_application
        from shopdesk.gui.context import AppContext
        from shopdesk.gui.customers.customer_file_view import CustomerFileView
        from shopdesk.services.access import COMMAND_LINE

        app = make_application()
        view = CustomerFileView(AppContext(database_proxy.obj, COMMAND_LINE))
        view.resize(1200, 760)
        view.show()
        shown = []
        for _ in range(10):
            started = time.perf_counter()
            view.show_customer(fleet)
            app.processEvents()
            shown.append((time.perf_counter() - started) * 1000)
        print(f"Open the customer file on screen (load + fill every tab + paint): median "
              f"{statistics.median(shown):.1f} ms, worst {max(shown):.1f} ms")
    except ImportError as exc:  # pragma: no cover
        print(f"(screen timing skipped: {exc})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
