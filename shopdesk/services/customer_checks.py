"""``shopdesk check`` rules of the customer area."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import peewee

from shopdesk.models.customers import Customer, SearchKey
from shopdesk.models.vehicles import OdometerReading, Ownership, Vehicle
from shopdesk.services import search_index
from shopdesk.services.integrity import Fault, invariant


@invariant("customers")
def _customers(db: peewee.Database) -> Iterable[Fault]:
    merged_alive = Customer.select().where(Customer.merged_into.is_null(False)
                                           & (Customer.archived == False)).count()  # noqa: E712
    if merged_alive:
        yield Fault("customers", f"{merged_alive} merged customer(s) are not archived")
    bad_grade = Customer.select().where(Customer.grade_override.is_null()
                                        & (Customer.grade != Customer.auto_grade)).count()
    if bad_grade:
        yield Fault("customers", f"{bad_grade} customer(s) show a grade that is neither the "
                                 "automatic one nor an override")


@invariant("vehicles")
def _vehicles(db: peewee.Database) -> Iterable[Fault]:
    open_owner = dict(Ownership.select(Ownership.vehicle, Ownership.customer)
                      .where(Ownership.until.is_null()).tuples())
    opens = Counter(v for (v,) in Ownership.select(Ownership.vehicle)
                    .where(Ownership.until.is_null()).tuples())
    for vid, cid in Vehicle.select(Vehicle.id, Vehicle.customer).tuples():
        if opens.get(vid, 0) != 1 or open_owner.get(vid) != cid:
            yield Fault("vehicles", f"vehicle {vid}: its owner and ownership history disagree")
    latest = (OdometerReading.select(OdometerReading.vehicle,
                                     peewee.fn.MAX(OdometerReading.id).alias("last"))
              .group_by(OdometerReading.vehicle))
    for vid, odometer, reading in (
            Vehicle.select(Vehicle.id, Vehicle.odometer, OdometerReading.reading)
            .join(latest, on=(latest.c.vehicle_id == Vehicle.id))
            .join(OdometerReading, on=(OdometerReading.id == latest.c.last)).tuples()):
        if odometer != reading:
            yield Fault("vehicles", f"vehicle {vid}: odometer {odometer} but last reading "
                                    f"{reading}")


@invariant("search")
def _search(db: peewee.Database) -> Iterable[Fault]:
    ids = [cid for (cid,) in Customer.select(Customer.id).tuples()]
    expected = 0
    for start in range(0, len(ids), 2000):
        expected += len(search_index.rows_for(ids[start:start + 2000]))
    found = SearchKey.select().count()
    if expected != found:
        yield Fault("search", f"the search index has {found} keys, the tables call for "
                              f"{expected}: run 'shopdesk customers reindex'")
