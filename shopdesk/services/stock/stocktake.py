"""Stock-take: make a count sheet, enter counts (typed or scanned), review, post in one go.

The sheet freezes what the ledger said when it was made (``expected``). Posting books
``counted - expected`` for each counted part as one stock-take movement, so sales made
while counting are not lost. All adjustments post in one transaction, or none.

A part is on at most one open stock-take: a second sheet over any of the same parts is
refused, naming the first (:class:`OpenStockTakeError`), since both would post against the
same frozen figure (13 on hand, 11 counted on both sheets, 9 left). ``check`` names sheets
posted over each other before this rule (``stock_checks``).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import peewee

from shopdesk import db as database
from shopdesk import formatting
from shopdesk.errors import NotFoundError, ShopDeskError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow, writing
from shopdesk.models.parts import MovementKind, Part, StockMovement, StockTake, StockTakeLine
from shopdesk.money import CENT
from shopdesk.services import amounts, audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.stock import stock
from shopdesk.services.stock.parts import find_by_code


def get_stocktake(actor: Actor, stocktake_id: int) -> StockTake:
    """The stock-take with this id, or NotFoundError."""
    row = StockTake.get_or_none(StockTake.id == stocktake_id)
    if row is None:
        raise NotFoundError(f"There is no stock-take #{stocktake_id}")
    return row


# PostgreSQL advisory lock: two PCs starting stock-takes check their overlap one at a time
_START_LOCK = 0x5D0E57


class OpenStockTakeError(ValidationError):
    """A new count sheet would share parts with an open one (:attr:`open_id`)."""

    def __init__(self, take: StockTake, overlap: int) -> None:
        super().__init__(QT_TRANSLATE_NOOP(
            "Errors", "{number} (started {day}) is still open and counts {count} of these "
                      "parts: post or cancel it first"),
            number=take.number, day=formatting.date(take.started_at.date()), count=overlap)
        self.open_id = take.id


def _refuse_overlap(take: StockTake) -> None:
    """Refuse ``take`` (just filled) if an earlier open sheet counts any of its parts."""
    other = StockTakeLine.alias()
    mine = StockTakeLine.select(StockTakeLine.part).where(StockTakeLine.stocktake == take.id)
    row = (StockTake.select(StockTake.id, peewee.fn.COUNT(other.id))
           .join(other, on=(other.stocktake == StockTake.id))
           .where(StockTake.status.in_(("open", "posting")) & (StockTake.id != take.id)
                  & other.part.in_(mine))
           .group_by(StockTake.id).order_by(StockTake.id).tuples().first())
    if row is not None:
        raise OpenStockTakeError(StockTake.get_by_id(row[0]), int(row[1]))


def start(actor: Actor, *, location: str = "", category: str = "") -> StockTake:
    """A count sheet for the parts in bins starting with ``location`` and/or a category.

    Refused (:class:`OpenStockTakeError`) when an open sheet counts any of the same parts."""
    require(actor, Permission.MANAGE_STOCK)
    location, category = location.strip(), category.strip()
    with writing():  # (SQLite: the write lock first, so two starts check one after the other)
        if isinstance(db.obj, peewee.PostgresqlDatabase):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_START_LOCK,))
        last = StockTake.select(peewee.fn.MAX(StockTake.id)).scalar() or 0
        take = StockTake.create(number=f"ST-{last + 1:05d}", location=location,
                                category=category, username=actor.username)
        parts = Part.select(peewee.Value(take.id, converter=False), Part.id, Part.on_hand,
                            Part.cost).where(Part.archived == False)  # noqa: E712
        if location:
            parts = parts.where(Part.bin_location.startswith(location))
        if category:
            parts = parts.where(Part.category == category)
        (StockTakeLine.insert_from(
            parts, [StockTakeLine.stocktake, StockTakeLine.part, StockTakeLine.expected,
                    StockTakeLine.unit_cost]).execute())
        if not StockTakeLine.select().where(StockTakeLine.stocktake == take.id).exists():
            raise ValidationError("No parts match that location and category; nothing to count")
        _refuse_overlap(take)
        audit.record(actor, "start", "stock-take", take.id,
                     f"{take.number} ({location or 'all bins'}, {category or 'all categories'})")
    return take


def open_stocktake(actor: Actor, stocktake_id: int) -> StockTake:
    """An open stock-take to continue counting, or one partly posted to post again (refused
    if posted or cancelled)."""
    take = get_stocktake(actor, stocktake_id)
    return take if take.status == "posting" else _open(actor, stocktake_id)


def _open(actor: Actor, stocktake_id: int) -> StockTake:
    take = get_stocktake(actor, stocktake_id)
    if take.status == "posting":
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "{number} is partly posted; its counts can no longer change. Post it "
                      "again to finish."), number=take.number)
    if take.status != "open":
        raise ValidationError(f"{take.number} is {take.status}; counts can no longer change")
    return take


def enter_count(actor: Actor, stocktake_id: int, part_id: int, counted: object) -> None:
    """Record the counted quantity of one part (replaces an earlier count)."""
    require(actor, Permission.MANAGE_STOCK)
    qty = amounts.parse_quantity(counted, "Count")
    if qty < 0:
        raise ValidationError("A count cannot be negative", {"counted": "Zero or more"})
    with db.atomic():
        take = _open(actor, stocktake_id)
        done = (StockTakeLine.update(counted=qty)
                .where((StockTakeLine.stocktake == take.id) & (StockTakeLine.part == part_id))
                .execute())
        if not done:
            part = Part.get_or_none(Part.id == part_id)
            raise ValidationError(f"{part.sku if part else 'That part'} is not on {take.number}")


def count_scan(actor: Actor, stocktake_id: int, code: str, add: object = 1) -> StockTakeLine:
    """A scan while counting: adds ``add`` (one piece) to the part's count so far."""
    part = find_by_code(actor, code)
    if part is None:
        raise ValidationError(f"No part has the code {code.strip()!r}", {"code": "Unknown"})
    line = StockTakeLine.get_or_none((StockTakeLine.stocktake == stocktake_id)
                                     & (StockTakeLine.part == part.id))
    if line is None:
        raise ValidationError(f"{part.sku} is not on this count sheet")
    enter_count(actor, stocktake_id, part.id,
                (line.counted or Decimal(0)) + amounts.parse_quantity(add))
    return StockTakeLine.get_by_id(line.id)


@dataclass(frozen=True)
class Difference:
    """A counted part whose count differs from the ledger, and what that is worth at cost."""

    part_id: int
    sku: str
    name: str
    bin_location: str
    expected: Decimal
    counted: Decimal
    difference: Decimal
    value: Decimal | None  # at cost; None for whoever may not see costs (differences_for)


def sheet(actor: Actor,
          stocktake_id: int) -> list[tuple[int, str, str, str, str, Decimal, Decimal | None]]:
    """Every line of the sheet by bin: (part id, SKU, name, bin, unit, expected, counted)."""
    return list(StockTakeLine.select(Part.id, Part.sku, Part.name, Part.bin_location, Part.unit,
                                     StockTakeLine.expected, StockTakeLine.counted)
                .join(Part).where(StockTakeLine.stocktake == stocktake_id)
                .order_by(Part.bin_location, Part.sku).tuples())


def differences(actor: Actor, stocktake_id: int) -> list[Difference]:
    """Counted parts whose count differs from what the ledger expected, as ``actor`` may see
    them: each one's value at cost None unless they may see costs (a clerk counts; the owner
    reads what it was worth)."""
    return shown_to(actor, _differences(stocktake_id))


def _differences(stocktake_id: int) -> list[Difference]:
    """Every difference with its value at cost (what :func:`post` books)."""
    rows = (StockTakeLine.select(Part.id, Part.sku, Part.name, Part.bin_location,
                                 StockTakeLine.expected, StockTakeLine.counted,
                                 StockTakeLine.unit_cost)
            .join(Part)
            .where((StockTakeLine.stocktake == stocktake_id)
                   & StockTakeLine.counted.is_null(False)
                   & (StockTakeLine.counted != StockTakeLine.expected))
            .order_by(Part.bin_location, Part.sku).tuples())
    return [Difference(pid, sku, name, bin_, exp, cnt, cnt - exp,
                       ((cnt - exp) * cost).quantize(CENT, rounding=ROUND_HALF_UP))
            for pid, sku, name, bin_, exp, cnt, cost in rows]


def differences_for(actor: Actor, stocktake_id: int) -> list[Difference]:
    """The same as :func:`differences` (which now takes the actor too)."""
    return differences(actor, stocktake_id)


def shown_to(actor: Actor, found: list[Difference]) -> list[Difference]:
    """``found`` (differences, or what :func:`post` booked) without their values at cost
    unless ``actor`` may see costs."""
    return found if actor.sees_costs else [dataclasses.replace(d, value=None) for d in found]


# Posting commits after holding the write lock this long, then (SQLite) leaves it free a
# moment, so other PCs and processes wait at most a second or two while a big sheet posts.
HOLD_SECONDS = database.BATCH_HOLD_SECONDS
GAP_SECONDS = database.BATCH_GAP_SECONDS
# The post's own wait for the write lock (a clerk's save or another PC's batch first).
BUSY_TIMEOUT_MS = database.LONG_WRITE_BUSY_TIMEOUT_MS

# Told after each committed batch of a post: (differences posted so far, all of them).
PostProgress = Callable[[int, int], None]


def post(actor: Actor, stocktake_id: int,
         progress: PostProgress | None = None) -> list[Difference]:
    """Book every difference as a stock-take movement (reference: the sheet's number).

    A big sheet posts in batches, each committed once it held the write lock
    :data:`HOLD_SECONDS`, so other writers are not kept waiting. The first batch marks the
    sheet "posting" (its counts no longer change); the last marks it "posted", with the audit
    entry. A post stopped midway (killed, a refusal) leaves it "posting": posting again books
    the rest, and never a difference twice (a part with a movement of this sheet is done).
    A sheet that fits in one batch is posted whole or not at all."""
    require(actor, Permission.MANAGE_STOCK)
    found: list[Difference] | None = None
    position = committed = 0  # found[:position] booked, found[:committed] committed
    number = ""
    with database.waiting_longer(BUSY_TIMEOUT_MS):
        while True:
            try:
                with writing():
                    take = _posting(stocktake_id)
                    number = take.number
                    if found is None:  # (the counts are final from here on)
                        found = _differences(take.id)
                        if take.status == "open":
                            StockTake.update(status="posting").where(
                                StockTake.id == take.id).execute()
                    started = time.monotonic()
                    while position < len(found) and (
                            position == committed
                            or time.monotonic() - started < HOLD_SECONDS):
                        _post_line(actor, take, found[position])
                        position += 1
                    finished = position == len(found)
                    if finished:
                        StockTake.update(status="posted", posted_at=utcnow()).where(
                            StockTake.id == take.id).execute()
                        total = sum((d.value for d in found if d.value is not None),
                                    Decimal("0.00"))
                        audit.record(actor, "post", "stock-take", take.id,
                                     f"{take.number}: {len(found)} difference(s) worth {total}")
            except ShopDeskError as exc:
                if committed == 0 or found is None:
                    raise
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "Errors", "{number}: stopped after {count} of {total} differences were "
                              "posted ({problem}). Post it again to finish: differences "
                              "already posted are not posted twice."),
                    number=number, count=committed, total=len(found),
                    problem=exc.translated()) from exc
            committed = position
            if finished:
                break
            if progress:
                progress(position, len(found))
            if database.is_sqlite():
                time.sleep(GAP_SECONDS)  # a waiting writer's turn before the next batch
    if progress:
        progress(len(found), len(found))
    return found


def _posting(stocktake_id: int) -> StockTake:
    """The sheet to post (open, or partly posted by a post that stopped), its row locked on
    PostgreSQL so two PCs posting it at once take turns (SQLite: the write lock does)."""
    query = StockTake.select().where(StockTake.id == stocktake_id)
    if isinstance(db.obj, peewee.PostgresqlDatabase):
        query = query.for_update()
    take = query.first()
    if take is None:
        raise NotFoundError(f"There is no stock-take #{stocktake_id}")
    if take.status not in ("open", "posting"):
        raise ValidationError(f"{take.number} is {take.status}; counts can no longer change")
    return take


def _post_line(actor: Actor, take: StockTake, diff: Difference) -> None:
    """Book one difference, unless a movement of this sheet already did (a post that stopped
    after committing it)."""
    booked = StockMovement.select().where(
        (StockMovement.part == diff.part_id)
        & (StockMovement.kind == MovementKind.STOCKTAKE.value)
        & (StockMovement.reference == take.number)).exists()
    if not booked:
        stock.record_movement(actor, diff.part_id, MovementKind.STOCKTAKE, diff.difference,
                              reference=take.number, reason="Counted")


def cancel(actor: Actor, stocktake_id: int) -> None:
    """Drop an open stock-take without changing stock."""
    require(actor, Permission.MANAGE_STOCK)
    with db.atomic():
        take = _open(actor, stocktake_id)
        StockTake.update(status="cancelled").where(StockTake.id == take.id).execute()
        audit.record(actor, "cancel", "stock-take", take.id, take.number)
