"""``shopdesk check`` rules of the customer area."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import peewee

from shopdesk.i18n import translate
from shopdesk.models.customers import Customer, SearchKey
from shopdesk.models.vehicles import OdometerReading, Ownership, Vehicle
from shopdesk.services.crm import search_index
from shopdesk.services.faults import Fault, invariant


@invariant("customers")
def _customers(db: peewee.Database) -> Iterable[Fault]:
    merged_alive = Customer.select().where(Customer.merged_into.is_null(False)
                                           & (Customer.archived == False)).count()  # noqa: E712
    if merged_alive:
        yield Fault("customers", translate("Checks", "{count} merged customer(s) are not "
                                                     "archived").format(count=merged_alive))
    bad_grade = Customer.select().where(Customer.grade_override.is_null()
                                        & (Customer.grade != Customer.auto_grade)).count()
    if bad_grade:
        yield Fault("customers", translate(
            "Checks", "{count} customer(s) show a grade that is neither the automatic one "
                      "nor an override").format(count=bad_grade))


@invariant("vehicles")
def _vehicles(db: peewee.Database) -> Iterable[Fault]:
    open_owner = dict(Ownership.select(Ownership.vehicle, Ownership.customer)
                      .where(Ownership.until.is_null()).tuples())
    opens = Counter(v for (v,) in Ownership.select(Ownership.vehicle)
                    .where(Ownership.until.is_null()).tuples())
    for vid, cid in Vehicle.select(Vehicle.id, Vehicle.customer).tuples():
        if opens.get(vid, 0) != 1 or open_owner.get(vid) != cid:
            yield Fault("vehicles", translate(
                "Checks", "vehicle {id}: its owner and ownership history disagree").format(
                id=vid))
    latest = (OdometerReading.select(OdometerReading.vehicle,
                                     peewee.fn.MAX(OdometerReading.id).alias("last"))
              .group_by(OdometerReading.vehicle))
    for vid, odometer, reading in (
            Vehicle.select(Vehicle.id, Vehicle.odometer, OdometerReading.reading)
            .join(latest, on=(latest.c.vehicle_id == Vehicle.id))
            .join(OdometerReading, on=(OdometerReading.id == latest.c.last)).tuples()):
        if odometer != reading:
            yield Fault("vehicles", translate(
                "Checks", "vehicle {id}: odometer {odometer} but last reading {reading}")
                .format(id=vid, odometer=odometer, reading=reading))


FULL_SEARCH_CHECK = 20_000  # customers; above this a fixed sample is compared key by key
SAMPLE = 2_000


@invariant("search")
def _search(db: peewee.Database) -> Iterable[Fault]:
    ids = [cid for (cid,) in Customer.select(Customer.id).order_by(Customer.id).tuples()]
    if len(ids) > FULL_SEARCH_CHECK:
        step = len(ids) // SAMPLE
        ids = ids[::step]
    drift = []
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        expected, found = _by_customer(search_index.rows_for(chunk)), _by_customer(
            SearchKey.select(SearchKey.key, SearchKey.customer, SearchKey.vehicle_id,
                             SearchKey.field).where(SearchKey.customer.in_(chunk)).tuples())
        drift += [cid for cid in chunk if expected.get(cid) != found.get(cid)]
    if drift:
        yield Fault("search", translate(
            "Checks", "{count} customer(s) have stale search keys (e.g. number {id}): run "
                      "'shopdesk customers reindex'").format(count=len(drift), id=drift[0]))


def _by_customer(rows: Iterable[tuple]) -> dict[int, Counter]:
    grouped: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        grouped[row[1]][row] += 1
    return grouped
