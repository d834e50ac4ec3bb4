"""Demo parts counter: core deposits on batteries, alternators and starters, some sold with
their cores (most brought back, some sent back to the supplier and credited), warranty terms,
lost sales over the last three months, and comebacks with warranty work.

Core sales, returns and comebacks go through the services (a few dozen, so every ledger and
credit note is the real thing); lost sales are bulk rows.
"""

from __future__ import annotations

import datetime as dt
import random

from shopdesk.demo.bulk import insert_rows
from shopdesk.demo.registry import DemoContext, Scale, generator
from shopdesk.models.base import database_proxy as db
from shopdesk.models.customers import Customer
from shopdesk.models.invoices import PaymentMethod
from shopdesk.models.lost_sales import LostReason, LostSale
from shopdesk.models.parts import Part
from shopdesk.models.repair_orders import LineKind, Status
from shopdesk.models.users import Role, User
from shopdesk.models.vehicles import Vehicle
from shopdesk.services.access import Actor, Approval
from shopdesk.services.counter import comebacks, cores, warranty, warranty_claims
from shopdesk.services.sales import invoices, payments
from shopdesk.services.workshop import repair_order_invoicing, repair_orders
from shopdesk.services.workshop.repair_orders import LineInput

#: name prefix -> (core deposit, warranty months, warranty km)
CORE_PARTS = {"Battery": ("18.00", 24, None), "Alternator": ("45.00", 12, 20000),
              "Starter": ("35.00", 12, 20000)}
ASKED = ["Tow bar Golf 7", "Roof rack bars Outback", "Wiper blade 26in", "Cabin filter Yaris",
         "Headlight bulb H11", "Brake pads Tesla Model 3", "Spark plugs Ford EcoBoost",
         "Floor mats RAV4", "Trailer light socket 13-pin", "Fuel cap Civic",
         "AdBlue 10 l", "Dash cam", "Tire valve caps", "Key fob battery CR2032"]


def _staff(role: Role) -> list[User]:
    return list(User.select().where((User.role == role.value) & (User.active == True))  # noqa: E712
                .order_by(User.id))


@generator("parts counter")
def make_counter(ctx: DemoContext) -> None:
    """Cores, warranty terms, lost sales and comebacks."""
    rng, owner = ctx.rng, ctx.owner
    clerk = Actor.of(_staff(Role.CLERK)[0]) if _staff(Role.CLERK) else owner
    warranty.set_labour(owner, warranty.Terms(12, 20000), cost_rate="38.00")
    core_parts = []
    for prefix, (deposit, months, km) in CORE_PARTS.items():
        for part in (Part.select().where(Part.name.contains(prefix) & (Part.archived == False))  # noqa: E712
                     .order_by(Part.id).limit(4)):
            cores.set_deposit(owner, part.id, deposit)
            warranty.set_part(owner, part.id, warranty.Terms(months, km))
            core_parts.append(part.id)
    customers = [c for (c,) in Customer.select(Customer.id).where(
        (Customer.archived == False) & (Customer.blacklisted == False))  # noqa: E712
        .order_by(Customer.id).limit(400).tuples()]
    sales = 0
    if core_parts and customers:
        sales = _core_sales(ctx, clerk, owner, core_parts, customers)
    lost = _lost_sales(ctx, clerk)
    made = _comebacks(ctx, owner, rng) if customers else 0
    ctx.counts.update({"core sales": sales, "lost sales": lost, "comebacks": made})


def _core_sales(ctx: DemoContext, clerk: Actor, owner: Actor, core_parts: list[int],
                customers: list[int]) -> int:
    rng = ctx.rng
    today = dt.date.today()
    count = 24 if ctx.scale is Scale.SMALL else 60
    sold = 0
    for _ in range(count):
        part = Part.get_by_id(rng.choice(core_parts))
        if part.on_hand < 1:
            continue
        customer = rng.choice(customers)
        day = max(today - dt.timedelta(days=rng.randint(0, 45)), today.replace(month=1, day=1))
        draft = invoices.create_draft(clerk, customer, lines=[invoices.LineDraft(
            part_id=part.id, quantity=1)])
        # the demo's past sales: the owner stands behind the clerk's back-dated invoices
        invoice = invoices.issue(clerk, draft.id, today=day,
                                 approval=Approval(owner, "the demo's past sales"))
        payments.take_payment(clerk, invoice.id, rng.choice([PaymentMethod.CASH,
                                                             PaymentMethod.CARD]), invoice.gross)
        sold += 1
        if rng.random() < 0.65:  # most customers bring the old unit back
            cores.return_core(clerk, part.id, 1, invoice_id=invoice.id,
                              settle=PaymentMethod.CASH)
    for row in cores.on_hand_rows(owner)[:2]:  # a batch goes back; the rest wait on the shelf
        if row.supplier:
            claim = cores.return_to_supplier(owner, row.part_id, quantity=row.on_hand,
                                             reference=f"RMA-{rng.randint(1000, 9999)}")
            if rng.random() < 0.5:
                warranty_claims.record_credit(owner, claim.id, claim.expected,
                                              f"CN-{rng.randint(10000, 99999)}")
    return sold


def _lost_sales(ctx: DemoContext, clerk: Actor) -> int:
    rng = ctx.rng
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    part_ids = [p for (p,) in Part.select(Part.id).where(Part.archived == False)  # noqa: E712
                .order_by(Part.id).limit(2000).tuples()]
    popular = rng.sample(part_ids, min(len(part_ids), 25))
    customers = [c for (c,) in Customer.select(Customer.id).order_by(Customer.id)
                 .limit(500).tuples()]
    n = 80 if ctx.scale is Scale.SMALL else 3000
    rows = []
    for _ in range(n):
        at = now - dt.timedelta(days=rng.randint(0, 89), minutes=rng.randint(0, 600))
        customer = rng.choice(customers) if customers and rng.random() < 0.4 else None
        if popular and rng.random() < 0.6:
            part, text = rng.choice(popular), ""
            reason = rng.choice([LostReason.OUT_OF_STOCK] * 3 + [LostReason.PRICE])
        else:
            part, text, reason = None, rng.choice(ASKED), LostReason.NOT_STOCKED
        rows.append((at, part, text, rng.choice((1000, 1000, 2000, 4000)), reason.value,
                     customer, clerk.user_id, clerk.username))
    with db.atomic():
        insert_rows(LostSale, ["at", "part_id", "text", "quantity", "reason", "customer_id",
                               "user_id", "username"], rows)
    return n


def _comebacks(ctx: DemoContext, owner: Actor, rng: random.Random) -> int:
    """An earlier job invoiced on a few cars, then the car comes back: warranty work."""
    techs = _staff(Role.TECHNICIAN) or [User.get_by_id(owner.user_id)]
    stocked = [p for p in Part.select().where((Part.on_hand >= 4) & (Part.archived == False)  # noqa: E712
                                              & (Part.cost > 0)).order_by(Part.id).limit(200)]
    cars = list(Vehicle.select().join(Customer).where(
        (Vehicle.archived == False) & (Customer.archived == False)  # noqa: E712
        & (Customer.blacklisted == False)).order_by(Vehicle.id).limit(300))  # noqa: E712
    if not stocked or not cars:
        return 0
    made = 0
    for car in rng.sample(cars, min(len(cars), 3 if ctx.scale is Scale.SMALL else 8)):
        part = rng.choice(stocked)
        tech = rng.choice(techs)
        odometer = (car.odometer or 40000) + rng.randint(500, 2000)
        original = repair_orders.open_order(owner, car.id, odometer=odometer,
                                            concerns=f"Replace {part.name.lower()}")
        repair_orders.add_line(owner, original.id, LineInput(LineKind.PART, part_id=part.id))
        repair_orders.add_line(owner, original.id, LineInput(
            LineKind.LABOUR, f"Fit {part.name.lower()}", "1", technician_id=tech.id))
        _finish(owner, original.id)
        comeback = repair_orders.open_order(owner, car.id,
                                            odometer=odometer + rng.randint(100, 1500),
                                            concerns="Same fault again")
        comebacks.mark(owner, comeback.id, original.id,
                       rng.choice(["Noise again", "Leaking", "Warning light back",
                                   "Part failed"]))
        lines = [repair_orders.add_line(owner, comeback.id, LineInput(
                     LineKind.PART, part_id=part.id)),
                 repair_orders.add_line(owner, comeback.id, LineInput(
                     LineKind.LABOUR, f"Refit {part.name.lower()}", "0.5",
                     technician_id=tech.id))]
        for line in lines:
            comebacks.set_warranty(owner, line.id)
        _finish(owner, comeback.id)
        if part.supplier_id:
            comebacks.return_failed_part(owner, comeback.id, part.id, 1,
                                         note="Failed within warranty")
        made += 1
    return made


def _finish(owner: Actor, order_id: int) -> None:
    repair_orders.record_approval(owner, order_id)
    repair_orders.set_status(owner, order_id, Status.DONE)
    draft = repair_order_invoicing.invoice_order(owner, order_id)
    invoices.issue(owner, draft.id)
