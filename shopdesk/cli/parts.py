"""``shopdesk parts list|find|value|movers|dead|reorder|labels|po-pdf``."""

from __future__ import annotations

import argparse

from shopdesk import formatting
from shopdesk.cli.common import open_db, print_table
from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.models.parts import Part, PurchaseOrder
from shopdesk.printing.labels import LAYOUTS, label_for, render_labels
from shopdesk.printing.purchase_order import render_purchase_order
from shopdesk.reports import inventory
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.stock import parts, purchasing, stock
from shopdesk.services.stock.parts_lists import StockFilter, parts_list


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("parts", parents=[common],
                            help="parts, stock value, reorder suggestions, labels")
    actions = parser.add_subparsers(dest="parts_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    lst = actions.add_parser("list", parents=[common], help="list parts (first 50)")
    lst.add_argument("text", nargs="?", default="", help="SKU, name, brand or barcode")
    lst.add_argument("--filter", choices=[f.value for f in StockFilter], default="active",
                     help="which parts (default: active; low: at or below the reorder point)")
    lst.set_defaults(func=run_list)
    find = actions.add_parser("find", parents=[common], help="what a scan of CODE finds")
    find.add_argument("code", help="a barcode or SKU, as scanned or typed")
    find.set_defaults(func=run_find)
    value = actions.add_parser("value", parents=[common], help="stock value at cost by category")
    value.set_defaults(func=run_value)
    movers = actions.add_parser("movers", parents=[common], help="fast (or --slow) movers")
    movers.add_argument("--days", type=int, default=90, metavar="N",
                        help="over the last N days (default: 90)")
    movers.add_argument("--slow", action="store_true", help="the slowest movers instead")
    movers.set_defaults(func=run_movers)
    dead = actions.add_parser("dead", parents=[common], help="stock with no movement")
    dead.add_argument("--months", type=int, default=12, metavar="N",
                      help="no movement for N months (default: 12)")
    dead.set_defaults(func=run_dead)
    reorder = actions.add_parser("reorder", parents=[common], help="reorder suggestions")
    reorder.add_argument("--create", action="store_true",
                         help="turn every suggestion into draft purchase orders")
    reorder.set_defaults(func=run_reorder)
    labels = actions.add_parser("labels", parents=[common], help="print barcode labels")
    labels.add_argument("sku", nargs="+", help="the parts' SKUs or barcodes")
    labels.add_argument("--layout", choices=sorted(LAYOUTS), default="a4-3x8",
                        help="label sheet or label printer (default: a4-3x8)")
    labels.add_argument("--copies", type=int, default=1, metavar="N",
                        help="labels per part, 1 to 500 (default: 1)")
    labels.add_argument("-o", "--output", required=True, help="PDF file to write")
    labels.set_defaults(func=run_labels)
    reprice = actions.add_parser("reprice", parents=[common],
                                 help="change prices of a brand/category by a percentage")
    reprice.add_argument("percent", help="e.g. 5 for +5%%, -3.5 for -3.5%%")
    reprice.add_argument("--brand", default="", help="only parts of this brand")
    reprice.add_argument("--category", default="", help="only parts in this category")
    reprice.add_argument("--trade", action="store_true", help="also the trade price")
    reprice.set_defaults(func=run_reprice)
    po = actions.add_parser("po-pdf", parents=[common], help="print a purchase order")
    po.add_argument("number", help="e.g. PO-00012")
    po.add_argument("-o", "--output", required=True, help="PDF file to write")
    po.set_defaults(func=run_po_pdf)


def run_list(args: argparse.Namespace) -> int:
    open_db(args)
    rows = parts_list(COMMAND_LINE, args.text, args.filter)
    print_table(["SKU", "name", "on hand", "unit", "retail", "bin"],
                [(r["sku"], r["name"][:40], formatting.quantity(r["on_hand"]), r["unit"],
                  formatting.money(r["retail"]), r["bin"]) for r in rows.named_page(0, 50)])
    print(f"{rows.count():,} part(s).")
    return 0


def _part(code: str) -> Part:
    part = parts.find_by_code(COMMAND_LINE, code)
    if part is None:
        raise NotFoundError(f"No part has the barcode or SKU {code!r}")
    return part


def run_find(args: argparse.Namespace) -> int:
    open_db(args)
    part = _part(args.code)
    print(f"{part.sku}  {part.name}  on hand {formatting.quantity(part.on_hand)} {part.unit}  "
          f"retail {formatting.money(part.retail_price)}  bin {part.bin_location or '-'}")
    return 0


def run_value(args: argparse.Namespace) -> int:
    open_db(args)
    result = stock.valuation(COMMAND_LINE)
    print_table(["category", "parts in stock", "value at cost"],
                [(c, f"{n:,}", formatting.money(v)) for c, n, v in result.by_category])
    print(f"Total: {formatting.money(result.total)} ({result.parts:,} parts in stock).")
    return 0


def run_movers(args: argparse.Namespace) -> int:
    open_db(args)
    rows = inventory.recent_movers(args.days, fastest=not args.slow)
    print_table(["SKU", "name", f"out in {args.days} days", "on hand"],
                [(m.sku, m.name[:40], formatting.quantity(m.quantity),
                  formatting.quantity(m.on_hand)) for m in rows])
    return 0


def run_dead(args: argparse.Namespace) -> int:
    open_db(args)
    rows = inventory.dead_stock(COMMAND_LINE, args.months)
    print_table(["SKU", "name", "on hand", "value", "last movement"],
                [(d.sku, d.name[:40], formatting.quantity(d.on_hand), formatting.money(d.value),
                  formatting.date(d.last_movement) if d.last_movement else "never")
                 for d in rows])
    print(f"{len(rows)} part(s) with no movement in {args.months} months.")
    return 0


def run_reorder(args: argparse.Namespace) -> int:
    open_db(args)
    found = purchasing.reorder_suggestions(COMMAND_LINE)
    print_table(["SKU", "name", "supplier", "on hand", "on order", "order", "why"],
                [(s.sku, s.name[:32], s.supplier, formatting.quantity(s.on_hand),
                  formatting.quantity(s.on_order), formatting.quantity(s.suggested), s.basis)
                 for s in found])
    if args.create and found:
        orders = purchasing.drafts_from_suggestions(
            COMMAND_LINE, [(s.part_id, s.suggested) for s in found if s.supplier_id])
        print("Draft purchase orders: " + ", ".join(o.number for o in orders))
    return 0


def run_labels(args: argparse.Namespace) -> int:
    open_db(args)
    if not 1 <= args.copies <= 500:
        raise ValidationError("Copies: 1 to 500")
    labels = [label_for(COMMAND_LINE, _part(code).id) for code in args.sku
              for _ in range(args.copies)]
    render_labels(labels, args.layout, args.output)
    print(f"{len(labels)} label(s) written to {args.output}.")
    return 0


def run_reprice(args: argparse.Namespace) -> int:
    open_db(args)
    fields = ("retail_price", "trade_price") if args.trade else ("retail_price",)
    changed = parts.bulk_price_update(COMMAND_LINE, args.percent, brand=args.brand,
                                      category=args.category, fields=fields)
    print(f"{changed} part(s) repriced by {args.percent}%.")
    return 0


def run_po_pdf(args: argparse.Namespace) -> int:
    open_db(args)
    order = PurchaseOrder.get_or_none(PurchaseOrder.number == args.number.strip().upper())
    if order is None:
        raise NotFoundError(f"There is no purchase order {args.number}")
    render_purchase_order(COMMAND_LINE, order.id, args.output)
    print(f"{order.number} written to {args.output}.")
    return 0
