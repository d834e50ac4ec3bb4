"""Demo customers and vehicles: plausible names, phones, plates, real-maker VINs, history.

Small: 300 customers. Large: 100,000 customers and ~120,000 vehicles, written with bulk
inserts (SQLite ``executemany``, PostgreSQL ``insert_many``) so it takes a minute or two.
One fleet customer has 20 vehicles and 200 visits (the "big customer file" benchmark).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

import peewee

from shopdesk.demo.registry import DemoContext, Scale, generator
from shopdesk.models.base import database_proxy as db
from shopdesk.models.crm import Complaint, Inquiry, Interaction, Survey
from shopdesk.models.customers import Customer, CustomerPhone, CustomerTag, SearchKey, Tag
from shopdesk.models.users import User
from shopdesk.models.vehicles import OdometerReading, Ownership, Vehicle
from shopdesk.services.crm import grading, search_index


def _names(text: str) -> list[str]:
    return text.split()


FIRST = _names("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William "
         "Barbara Richard Susan Joseph Jessica Thomas Sarah Carlos Karen Daniel Lisa Matthew "
         "Nancy Anthony Betty Mark Sandra Donald Ashley Steven Kimberly Andrew Emily Paul "
         "Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah "
         "Timothy Stephanie Ronald Rebecca Jason Laura Edward Sharon Jeffrey Cynthia Ryan "
         "Kathleen Jacob Amy Gary Angela Nicholas Shirley Eric Anna Jonathan Brenda Stephen "
         "Pamela Larry Emma Justin Nicole Scott Helen Brandon Samantha Benjamin Katherine "
         "Samuel Christine Gregory Debra Alexander Rachel Frank Carolyn Patrick Janet Raymond "
         "Maria Jack Olivia Dennis Heather Jerry Diane Tyler Julie Aaron Joyce Jose Victoria "
         "Adam Kelly Nathan Christina Henry Lauren Zachary Joan Douglas Evelyn Peter Olga "
         "Priya Wei Hiroshi Fatima Ahmed Sofia Mateo Lucia Andrés Zoë Renée Jürgen")
LAST = _names("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
        "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
        "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright "
        "Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell "
        "Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins "
        "Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper "
        "Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez "
        "Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel "
        "Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman "
        "Butler Henderson Barnes Fisher Vasquez Simmons Romero Jordan Müller Kowalski "
        "O'Brien Nowak Schmidt Novák Dubois Rossi Becker Østergaard Zhang Wang Singh")
COMPANY_WORDS = _names("Prairie Lincoln Sangamon Capitol Riverside Midwest Heartland Central Union "
                 "Eagle Summit Valley Lakeview Pioneer Frontier Keystone")
COMPANY_KINDS = ("Plumbing", "Electric", "Landscaping", "Logistics", "Delivery", "Construction",
                 "Taxi", "Florist", "Catering", "Roofing", "Rentals", "Courier")
CITIES = [("Springfield", "627"), ("Chatham", "626"), ("Rochester", "626"),
          ("Decatur", "625"), ("Jacksonville", "626"), ("Lincoln", "626"),
          ("Taylorville", "625"), ("Petersburg", "626"), ("Auburn", "626"),
          ("Champaign", "618"), ("Bloomington", "617"), ("Peoria", "616")]
STREETS = ("Main St", "Oak Ave", "Maple Dr", "Washington St", "Lincoln Ave", "Cedar Ln",
           "Park Rd", "Elm St", "Walnut St", "River Rd", "Church St", "Jefferson Ave")
AREA_CODES = ("217", "217", "217", "309", "312", "618", "630", "773", "815")
DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "comcast.net")
#: (WMI, make, [(model, engine, fuel)]); fuel as stored (services/crm/fuel)
MAKERS = [
    ("1HG", "Honda", [("Accord", "2.4 i4", "petrol"), ("Civic", "1.8 i4", "petrol")]),
    ("2HG", "Honda", [("Civic", "2.0 i4", "petrol")]),
    ("1FT", "Ford", [("F-150", "5.0 V8", "petrol"), ("F-250", "6.7 V8", "diesel")]),
    ("1FA", "Ford", [("Mustang", "2.3 i4", "petrol"), ("Fusion", "2.0 hybrid", "hybrid")]),
    ("1G1", "Chevrolet", [("Malibu", "1.5 turbo", "petrol"), ("Cruze", "1.4 turbo", "petrol"),
                          ("Bolt EV", "electric", "electric")]),
    ("1GC", "Chevrolet", [("Silverado", "5.3 V8", "petrol"), ("Silverado", "3.0 Duramax",
                                                              "diesel")]),
    ("4T1", "Toyota", [("Camry", "2.5 i4", "petrol"), ("Camry", "2.5 hybrid", "hybrid")]),
    ("5YJ", "Tesla", [("Model 3", "dual motor", "electric"), ("Model Y", "dual motor",
                                                               "electric")]),
    ("1C4", "Jeep", [("Grand Cherokee", "3.6 V6", "petrol"), ("Wrangler", "3.6 V6", "petrol"),
                     ("Wrangler 4xe", "2.0 plug-in hybrid", "plug-in hybrid")]),
    ("3N1", "Nissan", [("Sentra", "2.0 i4", "petrol"), ("Versa", "1.6 i4", "petrol")]),
    ("5NP", "Hyundai", [("Elantra", "2.0 i4", "petrol"), ("Sonata", "2.5 i4", "petrol")]),
    ("WBA", "BMW", [("330i", "2.0 turbo", "petrol"), ("X3", "2.0 turbo", "petrol")]),
    ("WVW", "Volkswagen", [("Jetta", "1.4 TSI", "petrol"), ("Golf", "2.0 TDI", "diesel")]),
    ("1V2", "Volkswagen", [("ID.4", "electric", "electric")]),
    ("JTD", "Toyota", [("Corolla", "1.8 i4", "petrol"), ("Prius", "1.8 hybrid", "hybrid")]),
    ("JTM", "Toyota", [("RAV4", "2.5 i4", "petrol"), ("RAV4 Prime", "2.5 plug-in hybrid",
                                                     "plug-in hybrid")]),
    ("1N4", "Nissan", [("Altima", "2.5 i4", "petrol"), ("Leaf", "electric", "electric")]),
]
#: the first model year of the models that are newer than the demo's oldest cars (2006)
FIRST_YEAR = {"Bolt EV": 2017, "Model 3": 2017, "Model Y": 2020, "Wrangler 4xe": 2021,
              "ID.4": 2021, "RAV4 Prime": 2021, "Leaf": 2011, "Fusion": 2010}
COLOURS = ("white", "black", "silver", "grey", "blue", "red", "green", "beige", "brown")
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_VIN_VALUES = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9,
                                                  2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 2010 = A ... 2039 = 9
TAGS = [("Fleet", "#2e7d32"), ("Pays late", "#b42318"), ("Prefers mornings", "#1f4e79"),
        ("Family", "#7c3aed"), ("Classic car", "#b45309"), ("Referred a friend", "#0e7490")]
SAID = ["Booked in for an oil change", "Asked for a brake quote", "Collected the car",
        "Reported a rattle at speed", "Approved the extra work by phone",
        "Asked about winter tyres", "Dropped off keys after hours",
        "Wanted a second opinion on the timing belt", "Paid the balance"]
QA = [("Do you fit towbars?", "Yes: fixed and detachable, about 2 hours, quote on request."),
      ("How often should brake fluid be changed?", "Every 2 years whatever the mileage."),
      ("Can you store my winter tyres?", "Yes, $60 a season including the swap."),
      ("Do you service hybrids?", "Yes, including battery health checks."),
      ("Is a courtesy car available?", "Two loan cars, book a day ahead.")]
COMPLAINTS = ["Noise after brake job", "Car not ready when promised", "Grease on the seat",
              "Invoice higher than estimate", "Warning light back on"]


def _vin(rng: random.Random, wmi: str, year: int) -> str:
    body = [rng.choice(VIN_CHARS) for _ in range(14)]
    body[6] = _YEAR_CODES[(year - 2010) % 30] if year >= 2010 else "ABCDEFGHJKLMNPRSTVWXY"[
        (year - 1980) % 21]
    vin = list(wmi) + body
    total = sum((_VIN_VALUES.get(c) or int(c)) * w for c, w in zip(vin, _VIN_WEIGHTS,
                                                                    strict=True))
    vin[8] = "X" if total % 11 == 10 else str(total % 11)
    return "".join(vin)


def _plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    style = rng.random()
    if style < 0.6:
        return f"{''.join(rng.choices(letters, k=2))} {rng.randint(10000, 99999)}"
    if style < 0.9:
        return f"{rng.choice(letters)}{rng.randint(10, 99)} {rng.randint(1000, 9999)}"
    return f"{rng.randint(100000, 9999999)}"


def _bulk(model: type[peewee.Model], fields: Sequence[peewee.Field], rows: list[tuple]) -> None:
    """Insert many rows fast (SQLite: executemany; PostgreSQL: insert_many in batches)."""
    if not rows:
        return
    given = {f.name for f in fields}
    extra = [f for f in model._meta.sorted_fields
             if f.name not in given and not f.primary_key and f.default is not None]
    if extra:  # the database has no defaults of its own: peewee's live in Python
        defaults = tuple(f.default() if callable(f.default) else f.default for f in extra)
        fields = [*fields, *extra]
        rows = [(*r, *defaults) for r in rows]
    if isinstance(db.obj, peewee.SqliteDatabase):
        names = ", ".join(f'"{f.column_name}"' for f in fields)
        marks = ", ".join("?" * len(fields))
        sql = f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})'
        db.obj.cursor().executemany(sql, [tuple(_sqlite(v) for v in r) for r in rows])
        return
    for start in range(0, len(rows), 1000):
        model.insert_many(rows[start:start + 1000], fields=list(fields)).execute()


def _sqlite(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _reset_sequences(*models: type[peewee.Model]) -> None:
    if isinstance(db.obj, peewee.PostgresqlDatabase):
        for model in models:
            table = model._meta.table_name
            db.execute_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"COALESCE((SELECT MAX(id) FROM {table}), 1))")


#: The demo's fleet customer: 20 vehicles, 200 visits and (large) about 200 invoices.
FLEET = "Capitol City Couriers"


@generator("customers")
def make_customers(ctx: DemoContext) -> None:
    """Customers, phones, vehicles, readings, owners, tags, interactions, complaints, surveys."""
    rng = ctx.rng
    count = 300 if ctx.scale is Scale.SMALL else 100_000
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    staff = {u.username: u.id for u in User.select()}
    clerk_id, owner_id = staff.get("clerk"), staff.get("owner")
    customers, phones, vehicles, readings, owners, links = [], [], [], [], [], []
    talks, keys = [], []
    vid = 0
    for cid in range(1, count + 1):
        fleet = cid == 1
        company = fleet or rng.random() < 0.08
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company_name = (f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_KINDS)}"
                        if company else "")
        if fleet:
            company_name = FLEET
        display = company_name or f"{last}, {first}"
        city, zip3 = rng.choice(CITIES)
        email = (f"{first}.{last}{rng.randint(1, 99)}@{rng.choice(DOMAINS)}".lower()
                 .replace("'", "") if rng.random() < 0.6 else "")
        email = search_index.fold(email)
        created = now - dt.timedelta(days=rng.randint(30, 2000))
        last_visit = (today - dt.timedelta(days=int(rng.expovariate(1 / 240))) if not fleet
                      else today - dt.timedelta(days=3))
        if rng.random() < 0.08 and not fleet:
            last_visit = None
        black = rng.random() < 0.005
        customers.append((
            cid, "company" if company else "person", "" if company else first,
            last if not company else "", company_name, display, email,
            f"{rng.randint(100, 9999)} {rng.choice(STREETS)}", city,
            f"{zip3}{rng.randint(0, 99):02d}", "US",
            f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}" if company else "",
            30 if company else None, rng.random() < 0.55,
            rng.choice(("phone", "phone", "sms", "email")), black,
            "Unpaid invoice from last year" if black else "", last_visit, created))
        digits_list = []
        for position in range(1 if rng.random() < 0.7 else 2):
            area = rng.choice(AREA_CODES)
            exchange, line = rng.randint(201, 989), rng.randint(0, 9999)
            number = f"({area}) {exchange}-{line:04d}"
            e164 = f"+1{area}{exchange}{line:04d}"
            phones.append((cid, ("mobile", "home", "work")[position], number, e164, position))
            digits_list.append(e164[1:])
        keys.extend((k, cid, None, f) for k, f in search_index.customer_keys(
            [("name", f"{first} {last}" if not company else ""), ("company", company_name)],
            email, digits_list))
        n_vehicles = 20 if fleet else (1 if rng.random() < 0.8 else rng.choice((0, 2, 2, 3)))
        for _ in range(n_vehicles):
            vid += 1
            wmi, make, models = rng.choice(MAKERS)
            model, engine, fuel = rng.choice(models)
            year = max(rng.randint(2006, today.year), FIRST_YEAR.get(model, 0))
            vin = _vin(rng, wmi, year)
            plate = _plate(rng)
            odometer = max(1000, (today.year - year) * rng.randint(6000, 15000))
            vehicles.append((vid, cid, vin, plate, search_index.compact(plate).upper(), make,
                             model, year, engine, fuel, rng.choice(COLOURS), odometer, created))
            readings.append((vid, odometer, last_visit or created.date(), clerk_id, created))
            owners.append((vid, cid, created.date()))
            keys.extend((k, cid, vid, f) for k, f in search_index.vehicle_keys(plate, vin))
        if rng.random() < 0.1:
            for tag_id in rng.sample(range(1, len(TAGS) + 1), rng.randint(1, 2)):
                links.append((cid, tag_id))
        visits = 200 if fleet else (rng.randint(0, 3) if ctx.scale is Scale.SMALL
                                    else rng.choice((0, 0, 1)))
        if last_visit is not None:
            for n in range(visits):
                when = dt.datetime.combine(last_visit, dt.time(8, 30)) - dt.timedelta(
                    days=n * rng.randint(1, 5) if fleet else n * rng.randint(60, 200))
                talks.append((cid, "visit", rng.choice(SAID), when, clerk_id, None, "", None))
        if rng.random() < 0.05:
            due = today + dt.timedelta(days=rng.randint(-2, 5))
            talks.append((cid, "call", rng.choice(SAID), now - dt.timedelta(days=3),
                          clerk_id, due, "Call back about " + rng.choice(
                              ("the quote", "the parts ETA", "the service reminder")),
                          rng.choice((clerk_id, clerk_id, owner_id))))
    with db.atomic():
        Tag.insert_many([(i, n, c) for i, (n, c) in enumerate(TAGS, 1)],
                        fields=[Tag.id, Tag.name, Tag.colour]).execute()
        C = Customer
        _bulk(C, [C.id, C.kind, C.first_name, C.last_name, C.company_name, C.display_name,
                  C.email, C.address, C.city, C.postcode, C.country, C.tax_id,
                  C.payment_terms_days, C.marketing_consent, C.preferred_channel,
                  C.blacklisted, C.blacklist_reason, C.last_visit_on, C.created_at], customers)
        P = CustomerPhone
        _bulk(P, [P.customer, P.label, P.number, P.e164, P.position], phones)
        V = Vehicle
        _bulk(V, [V.id, V.customer, V.vin, V.plate, V.plate_key, V.make, V.model, V.year,
                  V.engine, V.fuel, V.colour, V.odometer, V.created_at], vehicles)
        R = OdometerReading
        _bulk(R, [R.vehicle, R.reading, R.read_on, R.user, R.recorded_at], readings)
        _bulk(Ownership, [Ownership.vehicle, Ownership.customer, Ownership.since], owners)
        _bulk(CustomerTag, [CustomerTag.customer, CustomerTag.tag], links)
        i = Interaction
        _bulk(i, [i.customer, i.kind, i.summary, i.at, i.user, i.follow_up_on,
                  i.follow_up_note, i.follow_up_user], talks)
        _bulk(SearchKey, [SearchKey.key, SearchKey.customer, SearchKey.vehicle_id,
                          SearchKey.field], keys)
        _reset_sequences(Tag, Customer, Vehicle)
        _extras(ctx, count, clerk_id, owner_id)
    grading.regrade(ctx.owner)
    ctx.counts.update({"customers": count, "vehicles": len(vehicles),
                       "interactions": len(talks)})


def _extras(ctx: DemoContext, count: int, clerk_id: int | None, owner_id: int | None) -> None:
    rng, today = ctx.rng, dt.date.today()
    sample = min(count, 300)
    surveys, complaints = [], []
    for _ in range(sample // 3):
        cid = rng.randint(1, count)
        taken = today - dt.timedelta(days=rng.randint(0, 330))
        base = rng.choice((5, 5, 4, 4, 3, 2))
        score = [max(1, min(5, base + rng.choice((-1, 0, 0, 1)))) for _ in range(4)]
        surveys.append((cid, taken, *score, max(0, min(10, base * 2 + rng.randint(-1, 1))),
                        "" if rng.random() < 0.7 else "Friendly and quick", clerk_id))
    s = Survey
    _bulk(s, [s.customer, s.taken_on, s.quality, s.price, s.speed, s.staff, s.recommend,
              s.comment, s.user], surveys)
    for n in range(max(5, sample // 25)):
        status = ("open", "in progress", "resolved", "resolved")[n % 4]
        done = status == "resolved"
        complaints.append((rng.randint(1, count), today - dt.timedelta(days=rng.randint(1, 90)),
                           rng.choice(COMPLAINTS), "Customer phoned the desk.",
                           rng.choice((clerk_id, owner_id)), status,
                           "Redid the job free of charge" if done else "",
                           today - dt.timedelta(days=rng.randint(0, 1)) if done else None,
                           rng.randint(3, 5) if done else None, clerk_id))
    c = Complaint
    _bulk(c, [c.customer, c.opened_on, c.subject, c.details, c.owner, c.status, c.resolution,
              c.resolved_on, c.satisfaction, c.created_by], complaints)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    asked = [(rng.randint(1, count), q, a, "answered", now, clerk_id, now, clerk_id)
             for q, a in QA]
    q = Inquiry
    _bulk(q, [q.customer, q.question, q.answer, q.status, q.asked_at, q.asked_by,
              q.answered_at, q.answered_by], asked)
    ctx.counts.update({"surveys": len(surveys), "complaints": len(complaints)})
