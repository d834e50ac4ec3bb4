"""Demo parts: suppliers, a catalogue with barcodes, two years of stock movements, open orders.

Small: ~400 parts and a few thousand movements. Large: 50,000 parts and over 2,000,000
movements, written with bulk inserts; every part's cached on-hand equals its ledger.
"""

from __future__ import annotations

import datetime as dt
import random

import peewee

from shopdesk.demo.bulk import insert_rows, reset_sequence
from shopdesk.demo.registry import DemoContext, Scale, generator
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.parts import Part, PartBarcode, StockMovement, SupplierPart
from shopdesk.models.users import User
from shopdesk.services.stock import purchasing, suppliers

SUPPLIERS = [
    ("Midwest Auto Parts", "Dana Kowalski", "(217) 555-0190", 1, "30 days net"),
    ("Prairie Parts Wholesale", "Ray Whitfield", "(309) 555-0111", 2, "30 days net"),
    ("Lincoln Land Filters & Fluids", "Maria Santos", "(217) 555-0175", 3, "14 days net"),
    ("Capital Brake & Clutch", "Joe Brennan", "(217) 555-0133", 2, "30 days net"),
    ("Great Lakes Electrical", "Amy Chen", "(312) 555-0148", 5, "Prepay"),
    ("Heartland Tire & Suspension", "Luis Ortega", "(314) 555-0162", 4, "30 days net"),
    ("Illinois Lighting Supply", "Beth Miller", "(217) 555-0129", 3, "COD"),
    ("OEM Direct Imports", "Ken Tanaka", "(630) 555-0187", 10, "60 days net"),
]
# category: (SKU prefix, unit, [(item, cost range), ...], brands, supplier indexes)
CATEGORIES = {
    "Filters": ("FLT", "piece", [("Oil filter", (3, 9)), ("Air filter", (6, 18)),
                                 ("Cabin filter", (7, 20)), ("Fuel filter", (8, 30))],
                ["Mann", "Mahle", "Bosch", "Fram", "Wix"], [2, 0, 1]),
    "Brakes": ("BRK", "set", [("Brake pads front", (18, 60)), ("Brake pads rear", (15, 50)),
                              ("Brake rotor", (25, 90)), ("Brake shoes", (20, 45))],
               ["Brembo", "ATE", "TRW", "Akebono", "Bosch"], [3, 0]),
    "Ignition": ("IGN", "piece", [("Spark plug", (3, 14)), ("Ignition coil", (25, 80)),
                                  ("Glow plug", (9, 25))],
                 ["NGK", "Denso", "Bosch", "Champion"], [4, 1]),
    "Oils & fluids": ("FLD", "litre", [("Engine oil 5W-30", (4, 9)),
                                       ("Engine oil 0W-20", (5, 10)),
                                       ("Coolant", (3, 7)), ("Brake fluid DOT4", (6, 12)),
                                       ("ATF", (6, 11))],
                      ["Castrol", "Mobil", "Valvoline", "Shell", "Motul"], [2, 1]),
    "Electrical": ("ELE", "piece", [("Battery 12V", (70, 160)), ("Alternator", (120, 320)),
                                    ("Starter motor", (110, 300)), ("Relay", (4, 15))],
                   ["Bosch", "Varta", "Denso", "Valeo"], [4, 7]),
    "Suspension": ("SUS", "piece", [("Shock absorber", (35, 110)), ("Control arm", (30, 95)),
                                    ("Stabilizer link", (8, 25)), ("Tie rod end", (12, 35))],
                   ["Monroe", "KYB", "Moog", "Lemförder", "Febi"], [5, 0]),
    "Wipers": ("WIP", "piece", [("Wiper blade 22in", (6, 14)), ("Wiper blade 18in", (5, 12)),
                                ("Rear wiper blade", (5, 11))],
               ["Bosch", "Valeo", "Rain-X", "Trico"], [0, 1]),
    "Belts & hoses": ("BLT", "piece", [("Serpentine belt", (14, 45)),
                                       ("Timing belt kit", (60, 190)),
                                       ("Radiator hose", (12, 40))],
                      ["Gates", "Dayco", "Continental"], [1, 0]),
    "Lighting": ("LGT", "piece", [("Bulb H7", (4, 16)), ("Bulb H4", (4, 15)),
                                  ("LED bulb kit", (25, 70)), ("Tail lamp", (40, 150))],
                 ["Philips", "Osram", "Sylvania", "Hella"], [6]),
    "Cooling": ("COL", "piece", [("Water pump", (35, 120)), ("Thermostat", (9, 35)),
                                 ("Radiator", (90, 280))],
                ["Gates", "Mahle", "Nissens", "Valeo"], [1, 7]),
}
FITS = ["Ford F-150", "Chevy Silverado", "Toyota Camry", "Honda Civic", "Honda CR-V",
        "Toyota RAV4", "Nissan Altima", "Jeep Wrangler", "Ram 1500", "Hyundai Elantra",
        "Subaru Outback", "VW Jetta", "BMW 3 Series", "Kia Sorento", "Ford Escape"]
DAYS = 730


def _ean13(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(12)]
    digits[0] = rng.choice([0, 3, 4, 5, 7, 8])
    check = (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    return "".join(map(str, digits)) + str(check)


def _cents(rng: random.Random, low: int, high: int) -> int:
    return rng.randrange(low * 100, high * 100 + 1)


def _history(rng: random.Random, part_id: int, unit: str, cost: int, mean: float,
             users: list[tuple[int, str]], now: dt.datetime, stamp) -> tuple[list[tuple], int,
                                                                                int]:
    """One part's ledger over two years: receipts, sales, repair use, a few returns."""
    rows: list[tuple] = []
    step = 500 if unit == "litre" else 1000  # half-litres for fluids
    on_hand, avg = 0, 0
    dead = rng.random() < 0.06
    day = rng.randrange(0, 60)
    end = DAYS - (rng.randrange(400, DAYS) if dead else 0)
    batch = max(4, int(mean * 8)) * step
    while day < end:
        at = (now.replace(hour=0, minute=0, second=0) - dt.timedelta(days=DAYS - day)
              + dt.timedelta(minutes=rng.randrange(8 * 60, 18 * 60)))
        user_id, username = rng.choice(users)
        if on_hand < batch // 3:
            unit_cost = max(1, int(cost * rng.uniform(0.93, 1.07)))
            qty = batch
            avg = unit_cost if on_hand <= 0 else (on_hand * avg + qty * unit_cost) // (
                on_hand + qty)
            rows.append((part_id, "receipt", qty, unit_cost, stamp(at), user_id, username,
                         f"PO-{rng.randrange(1, 99999):05d}", ""))
            on_hand += qty
        else:
            roll = rng.random()
            qty = min(on_hand, step * rng.choice((1, 1, 1, 2, 2, 4)))
            if roll < 0.55:
                kind, ref = "sale", f"RA-{rng.randrange(10000, 99999)}"
            elif roll < 0.93:
                kind, ref = "repair_use", f"RO-{rng.randrange(10000, 99999)}"
            elif roll < 0.97:
                kind, ref, qty = "customer_return", "Returned unused", -min(qty, step)
            else:
                kind, ref, qty = "adjustment", "Damaged in store", min(qty, step)
            rows.append((part_id, kind, -qty, avg, stamp(at), user_id, username,
                         ref if kind != "adjustment" else "",
                         ref if kind == "adjustment" else ""))
            on_hand -= qty
        day += max(1, int(rng.expovariate(mean / 7)))
    return rows, on_hand, avg


@generator("parts")
def make_parts(ctx: DemoContext) -> None:
    """Suppliers, parts with barcodes and supplier numbers, their ledgers, and open orders."""
    rng = ctx.rng
    large = ctx.scale is Scale.LARGE
    count = 50_000 if large else 400
    now = utcnow().replace(microsecond=0)
    sqlite = isinstance(db.obj, peewee.SqliteDatabase)

    def stamp(value: dt.datetime) -> object:
        return value.strftime("%Y-%m-%d %H:%M:%S") if sqlite else value

    users = [(u.id, u.username) for u in User.select().where(User.role != "technician")]
    supplier_rows = []
    for name, contact, phone, lead, terms in SUPPLIERS:
        account = f"{rng.randrange(10000, 99999)}"
        email = "orders@" + name.lower().split()[0].replace("&", "") + ".example"
        supplier_rows.append(suppliers.create_supplier(
            ctx.owner, name=name, contact_name=contact, phone=phone, email=email,
            account_number=account, lead_time_days=lead, terms=terms,
            address=f"{rng.randrange(100, 9999)} Industrial Pkwy\nSpringfield, IL 62704"))
    with db.atomic():
        first = (Part.select(peewee.fn.MAX(Part.id)).scalar() or 0) + 1
        part_rows, barcode_rows, supplier_numbers, plans = [], [], [], []
        seen_codes: set[str] = set()
        names = list(CATEGORIES)
        for offset in range(count):
            part_id = first + offset
            category = names[offset % len(names)]
            prefix, unit, items, brands, sup_idx = CATEGORIES[category]
            item, (low, high) = rng.choice(items)
            brand = rng.choice(brands)
            cost = _cents(rng, low, high)
            retail = int(cost * rng.uniform(1.6, 2.2)) // 5 * 5 + 4  # prices end in 4 or 9
            mean = (0.43 * rng.uniform(0.3, 1.7) if large
                    else rng.choice((0.05, 0.1, 0.2, 0.4, 0.8, 1.5)))
            point = 0 if rng.random() < 0.2 else max(1, round(mean * 1.5)) * 1000
            supplier = supplier_rows[rng.choice(sup_idx)]
            part_rows.append((
                part_id, f"{prefix}-{offset + 1:05d}", f"{brand} {item} – {rng.choice(FITS)}",
                brand, category, unit, cost, retail, int(retail * 0.85), "STD",
                f"{chr(65 + offset % 8)}-{offset % 40 + 1:02d}-{offset % 5 + 1}",
                point, point * 2 if point else 0, supplier.id, 0, False,
                stamp(now - dt.timedelta(days=DAYS)), 1))
            plans.append((part_id, unit, cost, mean))
            code = _ean13(rng)
            if rng.random() < 0.85 and code not in seen_codes:
                seen_codes.add(code)
                barcode_rows.append((code, part_id))
            if rng.random() < 0.7:
                number = f"{supplier.name[:3].upper()}-{rng.randrange(10000, 999999)}"
                supplier_numbers.append((supplier.id, part_id, number))
        insert_rows(Part, ["id", "sku", "name", "brand", "category", "unit", "cost",
                           "retail_price", "trade_price", "tax_code", "bin_location",
                           "reorder_point", "reorder_qty", "supplier_id", "on_hand", "archived",
                           "created_at", "version"], part_rows)
        reset_sequence(Part)
        insert_rows(PartBarcode, ["code", "part_id"], barcode_rows)
        insert_rows(SupplierPart, ["supplier_id", "part_id", "supplier_sku"], supplier_numbers)
        finals: list[tuple[int, int, int]] = []

        def ledgers():
            for part_id, unit, cost, mean in plans:
                rows, on_hand, avg = _history(rng, part_id, unit, cost, mean, users, now, stamp)
                finals.append((on_hand, avg or cost, part_id))
                yield from rows

        movements = insert_rows(StockMovement, [
            "part_id", "kind", "quantity", "unit_cost", "at", "user_id", "username",
            "reference", "reason"], ledgers())
        _set_on_hand(finals, sqlite)
    ctx.counts["suppliers"] = len(supplier_rows)
    ctx.counts["parts"] = count
    ctx.counts["stock movements"] = movements
    _open_orders(ctx, supplier_rows)


def _set_on_hand(finals: list[tuple[int, int, int]], sqlite: bool) -> None:
    """Write each part's ledger total and average cost into the cached columns."""
    if sqlite:
        db.cursor().executemany("UPDATE part SET on_hand = ?, cost = ? WHERE id = ?", finals)
        return
    from psycopg2.extras import execute_values

    execute_values(db.cursor(), "UPDATE part SET on_hand = v.q, cost = v.c FROM (VALUES %s) "
                   "AS v(q, c, id) WHERE part.id = v.id", finals, page_size=5000)


def _open_orders(ctx: DemoContext, supplier_rows: list) -> None:
    """A few purchase orders in every state, through the real services."""
    per_supplier: dict[int | None, int] = {}
    suggestions = []
    for item in purchasing.reorder_suggestions(ctx.owner):  # a few lines for each supplier
        if item.supplier_id is not None and per_supplier.get(item.supplier_id, 0) < 4:
            per_supplier[item.supplier_id] = per_supplier.get(item.supplier_id, 0) + 1
            suggestions.append(item)
    if suggestions:
        orders = purchasing.drafts_from_suggestions(
            ctx.owner, [(s.part_id, s.suggested) for s in suggestions])
        for number, order in enumerate(orders):
            if number % 3 == 2:
                continue  # stays a draft
            purchasing.place_order(ctx.owner, order.id)
            if number % 3 == 1:
                lines = purchasing.order_lines(ctx.owner, order.id)
                purchasing.receive(ctx.owner, order.id, {lines[0].id: lines[0].quantity},
                                   f"INV-{ctx.rng.randrange(100000, 999999)}",
                                   confirm_cost=True)
        ctx.counts["purchase orders"] = len(orders)
