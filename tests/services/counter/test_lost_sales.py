"""Lost sales: recorded in one call from the counter, ranked for the owner by part or words,
and counted as demand by reorder suggestions (not stocked / out of stock, not price)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shopdesk.errors import ValidationError
from shopdesk.models.lost_sales import LostSale
from shopdesk.services.counter import lost_sales
from shopdesk.services.stock import purchasing
from tests.helpers.invoices import stocked_part
from tests.helpers.parts import make_part, make_supplier


def test_lost_sales_are_ranked_by_part_and_by_words(db, owner, clerk):
    wiper = make_part(owner, sku="WB-55", name="Wiper blade 55cm")
    for qty, reason in ((2, "out_of_stock"), (1, "out_of_stock"), (1, "price")):
        lost_sales.record(clerk, part_id=wiper.id, quantity=qty, reason=reason)
    lost_sales.record(clerk, text="Tow hitch  Golf 7", reason="not_stocked")
    lost_sales.record(clerk, text="tow hitch golf 7", quantity=2, reason="not_stocked")
    lost_sales.record(clerk, text="Cabin filter Yaris", reason="not_stocked")
    ranked = lost_sales.ranking(owner)
    assert [(r.label, r.count, r.quantity) for r in ranked] == [
        ("Wiper blade 55cm", 3, Decimal("4")), ("Tow hitch Golf 7", 2, Decimal("3")),
        ("Cabin filter Yaris", 1, Decimal("1"))]
    top = ranked[0]
    assert (top.sku, top.out_of_stock, top.price, top.not_stocked) == ("WB-55", 2, 1, 0)
    assert top.last_at == max(r.at for r in LostSale.select().where(LostSale.part == wiper.id))
    assert sum(r.count for r in ranked) == LostSale.select().count()  # every one counted once
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert lost_sales.ranking(owner, since=tomorrow) == []


def test_lost_sale_needs_a_part_or_words_and_a_positive_quantity(db, clerk):
    with pytest.raises(ValidationError, match="Say what the customer asked for"):
        lost_sales.record(clerk, text="   ")
    with pytest.raises(ValidationError, match="more than zero"):
        lost_sales.record(clerk, text="Spark plugs", quantity=0)
    with pytest.raises(ValidationError, match="not a number"):
        lost_sales.record(clerk, text="Spark plugs", quantity="two")
    with pytest.raises(ValidationError, match="not stocked, out of stock or price"):
        lost_sales.record(clerk, text="Spark plugs", reason="weather")
    assert LostSale.select().count() == 0


def test_lost_sales_for_want_of_stock_raise_and_create_reorder_suggestions(db, owner, clerk):
    supplier = make_supplier(owner)
    pads = stocked_part(owner, sku="BP-1", name="Brake pads", qty=2, supplier=supplier.id,
                        reorder_point="2", reorder_qty="1")
    before = {s.sku: s for s in purchasing.reorder_suggestions(owner)}["BP-1"]
    assert before.suggested == Decimal("1")
    lost_sales.record(clerk, part_id=pads.id, quantity=30, reason="out_of_stock")
    after = {s.sku: s for s in purchasing.reorder_suggestions(owner)}["BP-1"]
    # demand 30 in 90 days x (3 days lead + 30 days cover) / 90 = 11
    assert (after.lost, after.suggested) == (Decimal("30"), Decimal("11"))
    assert "lost 30" in after.basis
    # a part never stocked, no reorder point: a new suggestion once customers ask for it
    hitch = make_part(owner, sku="TH-9", name="Tow hitch", supplier=supplier.id)
    assert "TH-9" not in {s.sku for s in purchasing.reorder_suggestions(owner)}
    lost_sales.record(clerk, part_id=hitch.id, quantity=3, reason="not_stocked")
    lost_sales.record(clerk, part_id=hitch.id, quantity=50, reason="price")  # not demand
    new = {s.sku: s for s in purchasing.reorder_suggestions(owner)}["TH-9"]
    assert (new.lost, new.suggested) == (Decimal("3"), Decimal("2"))


def test_refusals_read_in_chinese(owner):
    from shopdesk import i18n

    with pytest.raises(ValidationError) as nothing:
        lost_sales.record(owner, text="  ")
    with pytest.raises(ValidationError) as zero:
        lost_sales.record(owner, text="Towbar", quantity="0")
    with pytest.raises(ValidationError) as words:
        lost_sales.record(owner, text="Towbar", quantity="two")
    with i18n.documents("zh_CN"):
        assert nothing.value.translated() == "请说明客户要的是什么（配件或几个字的描述）"
        assert zero.value.translated() == "所需数量必须大于零"
        assert zero.value.field_text("quantity") == "须大于零"
        assert "不是数字" in words.value.translated()
    assert LostSale.select().count() == 0
