"""The lazily fetched lists of the parts and purchasing screens (SQL filter, sort, page)."""

from __future__ import annotations

import enum

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.parts import (
    OrderStatus,
    Part,
    PartBarcode,
    PurchaseOrder,
    PurchaseOrderLine,
    StockMovement,
    Supplier,
)
from shopdesk.models.repair_orders import OPEN_STATUSES, Approval, RepairOrder, RepairOrderLine
from shopdesk.money import from_milli
from shopdesk.services.access import Actor
from shopdesk.services.listing import Column, Kind, QueryList
from shopdesk.services.stock.purchasing import STATUS_LABELS
from shopdesk.services.stock.stock import LABELS


class StockFilter(enum.StrEnum):
    """Which parts the parts list shows."""

    ACTIVE = "active"
    LOW = "low"  # at or below reorder point
    NEGATIVE = "negative"
    ARCHIVED = "archived"
    ALL = "all"


def _like(text: str) -> str:
    return "%" + text.replace("\\", "").replace("%", "") + "%"


def _costs_for(actor: Actor, columns: list[Column], *keys: str) -> list[Column]:
    """``columns`` without the cost columns ``keys`` unless ``actor`` may see costs (the
    service leaves them out: a window cannot show, nor a list export write, what it never
    got)."""
    return columns if actor.sees_costs else [c for c in columns if c.key not in keys]


def parts_list(actor: Actor, text: str = "",
               stock_filter: StockFilter | str = StockFilter.ACTIVE,
               category: str = "") -> QueryList:
    """Parts by SKU; ``text`` matches SKU, name, brand or a barcode; negative stock in red.
    The average cost column only for whoever may see costs."""
    stock_filter = StockFilter(stock_filter)
    text = text.strip()
    held = _reserved().alias("held")
    reserved = peewee.fn.COALESCE(held.c.qty, 0).python_value(_milli)
    available = peewee.fn.COALESCE(Part.on_hand - held.c.qty, Part.on_hand).python_value(_milli)

    def base() -> peewee.ModelSelect:
        query = (Part.select().join(Supplier, peewee.JOIN.LEFT_OUTER)
             .join_from(Part, held, peewee.JOIN.LEFT_OUTER, on=(held.c.part_id == Part.id)))
        if stock_filter is StockFilter.ARCHIVED:
            query = query.where(Part.archived == True)  # noqa: E712
        elif stock_filter is not StockFilter.ALL:
            query = query.where(Part.archived == False)  # noqa: E712
        if stock_filter is StockFilter.LOW:
            query = query.where(((Part.reorder_point > 0) | (Part.reorder_qty > 0))
                                & (Part.on_hand <= Part.reorder_point))
        elif stock_filter is StockFilter.NEGATIVE:
            query = query.where(Part.on_hand < 0)
        if category:
            query = query.where(Part.category == category)
        if text:
            pattern = _like(text)
            coded = PartBarcode.select(PartBarcode.part).where(PartBarcode.code == text)
            query = query.where(Part.sku.startswith(text.upper()) | Part.name ** pattern
                                | Part.brand ** pattern | Part.id.in_(coded))
        return query

    return QueryList(
        columns=_costs_for(actor, [
            Column("sku", QT_TRANSLATE_NOOP("Columns", "SKU"), Part.sku, width=12),
            Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), Part.name, width=30),
            Column("brand", QT_TRANSLATE_NOOP("Columns", "Brand"), Part.brand, width=12),
            Column("category", QT_TRANSLATE_NOOP("Columns", "Category"), Part.category, width=14),
            Column("bin", QT_TRANSLATE_NOOP("Columns", "Bin"), Part.bin_location, width=8),
            Column("on_hand", QT_TRANSLATE_NOOP("Columns", "On hand"), Part.on_hand, Kind.QUANTITY,
                    width=8),
            Column("reserved", QT_TRANSLATE_NOOP("Columns", "Reserved"), reserved,
                   Kind.QUANTITY, width=8),
            Column("available", QT_TRANSLATE_NOOP("Columns", "Available"), available,
                   Kind.QUANTITY, width=8),
            Column("unit", QT_TRANSLATE_NOOP("Columns", "Unit"), Part.unit, width=6),
            Column("reorder_point", QT_TRANSLATE_NOOP("Columns", "Reorder at"), Part.reorder_point,
                    Kind.QUANTITY, width=8),
            Column("retail", QT_TRANSLATE_NOOP("Columns", "Retail"), Part.retail_price, Kind.MONEY,
                    width=9),
            Column("trade", QT_TRANSLATE_NOOP("Columns", "Trade"), Part.trade_price, Kind.MONEY,
                    width=9),
            Column("cost", QT_TRANSLATE_NOOP("Columns", "Avg cost"), Part.cost, Kind.MONEY,
                    width=9),
            Column("supplier", QT_TRANSLATE_NOOP("Columns", "Supplier"), Supplier.name, width=16),
        ], "cost"),
        base=base, key=Part.id, default_sort=[Part.sku],
        row_styles=_part_style)


def _milli(value: object) -> object:
    return None if value is None else from_milli(int(value))


def _reserved() -> peewee.SelectQuery:
    """Reserved quantity per part: what open repair orders still need (one grouped subquery,
    as :func:`shopdesk.services.workshop.workshop_parts.reserved` counts it)."""
    still = RepairOrderLine.quantity - RepairOrderLine.issued
    return (RepairOrderLine.select(RepairOrderLine.part.alias("part_id"),
                                   peewee.fn.SUM(still).alias("qty"))
            .join(RepairOrder)
            .where(RepairOrderLine.part.is_null(False)
                   & (RepairOrderLine.approval != Approval.DECLINED.value)
                   & RepairOrder.status.in_([s.value for s in OPEN_STATUSES]))
            .group_by(RepairOrderLine.part))


def _part_style(values: tuple) -> str | None:
    on_hand, point = values[5], values[9]
    if on_hand is not None and on_hand < 0:
        return "danger"
    if point and on_hand is not None and on_hand <= point:
        return "warning"
    return None


def movements_list(actor: Actor, part_id: int) -> QueryList:
    """The stock ledger of one part, newest first (unit costs for whoever may see costs)."""
    return QueryList(
        columns=_costs_for(actor, [
            Column("at", QT_TRANSLATE_NOOP("Columns", "When"), StockMovement.at, Kind.DATETIME,
                    width=16),
            Column("kind", QT_TRANSLATE_NOOP("Columns", "Movement"),
                    peewee.Case(StockMovement.kind, [
                (k.value, label) for k, label in LABELS.items()], StockMovement.kind),
                width=14, labels=True),
            Column("quantity", QT_TRANSLATE_NOOP("Columns", "Quantity"), StockMovement.quantity,
                    Kind.QUANTITY, width=8),
            Column("unit_cost", QT_TRANSLATE_NOOP("Columns", "Unit cost"), StockMovement.unit_cost,
                    Kind.MONEY, width=9),
            Column("reference", QT_TRANSLATE_NOOP("Columns", "Reference"), StockMovement.reference,
                    width=20),
            Column("reason", QT_TRANSLATE_NOOP("Columns", "Reason"), StockMovement.reason,
                    width=20),
            Column("user", QT_TRANSLATE_NOOP("Columns", "By"), StockMovement.username, width=10),
        ], "unit_cost"),
        base=lambda: StockMovement.select().where(StockMovement.part == part_id),
        key=StockMovement.id, default_sort=[StockMovement.at.desc()], descending=False)


def orders_list(actor: Actor, status: str = "open", text: str = "") -> QueryList:
    """Purchase orders, newest first: ``status`` is "open", "all" or one OrderStatus. Their
    value (at cost) only for whoever may see costs."""
    cents = (peewee.fn.SUM(PurchaseOrderLine.quantity * PurchaseOrderLine.unit_cost)
             / 1000).cast("BIGINT")  # thousandths x cents -> cents, same on both databases
    total = PurchaseOrderLine.select(cents).where(PurchaseOrderLine.order == PurchaseOrder.id)

    def base() -> peewee.ModelSelect:
        query = PurchaseOrder.select().join(Supplier)
        if status == "open":
            query = query.where(PurchaseOrder.status.in_([
                OrderStatus.DRAFT.value, OrderStatus.ORDERED.value,
                OrderStatus.PARTLY_RECEIVED.value]))
        elif status != "all":
            query = query.where(PurchaseOrder.status == status)
        if text.strip():
            query = query.where(PurchaseOrder.number.contains(text.strip())
                                | Supplier.name ** _like(text.strip()))
        return query

    return QueryList(
        columns=_costs_for(actor, [
            Column("number", QT_TRANSLATE_NOOP("Columns", "Number"), PurchaseOrder.number,
                    width=10),
            Column("supplier", QT_TRANSLATE_NOOP("Columns", "Supplier"), Supplier.name, width=22),
            Column("status", QT_TRANSLATE_NOOP("Columns", "Status"),
                    peewee.Case(PurchaseOrder.status, [
                (k.value, label) for k, label in STATUS_LABELS.items()], PurchaseOrder.status),
                width=14, labels=True),
            Column("created", QT_TRANSLATE_NOOP("Columns", "Created"), PurchaseOrder.created_at,
                    Kind.DATETIME, width=16),
            Column("ordered", QT_TRANSLATE_NOOP("Columns", "Ordered"), PurchaseOrder.ordered_at,
                    Kind.DATETIME, width=16),
            Column("value", QT_TRANSLATE_NOOP("Columns", "Value"), total, Kind.MONEY,
                    sortable=False, width=10),
        ], "value"),
        base=base, key=PurchaseOrder.id, default_sort=[PurchaseOrder.id.desc()])


def suppliers_list(actor: Actor) -> QueryList:
    """Suppliers by name."""
    return QueryList(
        columns=[
            Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), Supplier.name, width=22),
            Column("contact", QT_TRANSLATE_NOOP("Columns", "Contact"), Supplier.contact_name,
                    width=16),
            Column("phone", QT_TRANSLATE_NOOP("Columns", "Phone"), Supplier.phone, width=14),
            Column("email", QT_TRANSLATE_NOOP("Columns", "Email"), Supplier.email, width=20),
            Column("account", QT_TRANSLATE_NOOP("Columns", "Account no."), Supplier.account_number,
                    width=12),
            Column("lead", QT_TRANSLATE_NOOP("Columns", "Lead time (days)"),
                    Supplier.lead_time_days, Kind.NUMBER, width=6),
            Column("terms", QT_TRANSLATE_NOOP("Columns", "Terms"), Supplier.terms, width=14),
        ],
        base=lambda: Supplier.select().where(Supplier.archived == False),  # noqa: E712
        key=Supplier.id, default_sort=[Supplier.name])
