"""Stock-take: count sheet by location, counts typed or scanned, differences, one posting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shopdesk.errors import ValidationError
from shopdesk.models.parts import Part, StockMovement
from shopdesk.services.stock import stock, stocktake
from tests.helpers.parts import make_part


def test_count_review_and_post_differences(owner, clerk):
    a = make_part(owner, "A", "Alpha", bin_location="A-01", cost="0")
    b = make_part(owner, "B", "Beta", bin_location="A-02", barcodes=["777"], cost="0")
    c = make_part(owner, "C", "Gamma", bin_location="B-01", cost="0")
    for part in (a, b, c):
        stock.record_movement(owner, part, "receipt", 5, "2.50")
    take = stocktake.start(clerk, location="A-")
    assert [r[1] for r in stocktake.sheet(owner, take.id)] == ["A", "B"]
    stocktake.enter_count(clerk, take.id, a.id, "5")
    for _ in range(3):
        stocktake.count_scan(clerk, take.id, "777")
    stock.record_movement(clerk, b, "sale", 1)  # sold while counting: not lost
    diffs = stocktake.differences(owner, take.id)
    assert [(d.sku, d.difference, d.value) for d in diffs] == [("B", Decimal(-2),
                                                                Decimal("-5.00"))]
    stocktake.post(clerk, take.id)
    assert Part.get_by_id(b.id).on_hand == 2  # 5 - 1 sold - 2 missing
    move = StockMovement.select().where(StockMovement.kind == "stocktake").get()
    assert (move.quantity, move.reference, move.username) == (-2, take.number, "carl")
    with pytest.raises(ValidationError, match="is posted"):
        stocktake.enter_count(clerk, take.id, a.id, 1)


@pytest.mark.parametrize(("count", "message"), [("-1", "cannot be negative"),
                                                ("lots", "not a number")])
def test_bad_counts_are_refused(owner, count, message):
    part = make_part(owner)
    take = stocktake.start(owner)
    with pytest.raises(ValidationError, match=message):
        stocktake.enter_count(owner, take.id, part.id, count)
    assert stocktake.sheet(owner, take.id)[0][-1] is None


def test_unknown_scan_and_empty_sheet(owner):
    make_part(owner, bin_location="A-1")
    take = stocktake.start(owner)
    with pytest.raises(ValidationError, match="No part has the code 'zzz'"):
        stocktake.count_scan(owner, take.id, "zzz")
    with pytest.raises(ValidationError, match="No parts match"):
        stocktake.start(owner, location="Q-")
