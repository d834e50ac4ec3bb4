"""``shopdesk pricing levels|matrix|reprice`` and ``shopdesk catalogue import|costs``."""

from __future__ import annotations

import argparse

from shopdesk import formatting
from shopdesk.cli.common import open_db, print_table
from shopdesk.errors import ValidationError
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.pricing import catalogue, catalogue_costs, pricing, pricing_matrix
from shopdesk.services.pricing import pricing_reprice as reprice
from shopdesk.services.stock import parts


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("pricing", parents=[common],
                            help="price levels, the markup matrix, repricing")
    actions = parser.add_subparsers(dest="pricing_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    levels = actions.add_parser("levels", parents=[common], help="list (or add) price levels")
    levels.add_argument("--add", metavar="NAME", help="add a level, e.g. Fleet")
    levels.set_defaults(func=run_levels)
    matrix = actions.add_parser("matrix", parents=[common],
                                help="show the matrices, or set one with --band")
    matrix.add_argument("--level", default="retail",
                        help="the price level the matrix is for (default: retail)")
    matrix.add_argument("--category", default="",
                        help="set the matrix of this category (default: the shop's)")
    matrix.add_argument("--brand", default="",
                        help="set the matrix of this brand (default: the shop's)")
    matrix.add_argument("--band", action="append", default=[], metavar="FROM:TO:MARKUP",
                        help="cost band, e.g. 0:20:100 or 20::x1.5 (empty TO: no end)")
    matrix.set_defaults(func=run_matrix)
    price = actions.add_parser("set", parents=[common],
                               help="set a part's price at a level by hand")
    price.add_argument("code", help="SKU or barcode")
    price.add_argument("level", help="price level code, e.g. fleet")
    price.add_argument("price", help="the price, e.g. 24.90")
    price.set_defaults(func=run_set)
    rep = actions.add_parser("reprice", parents=[common],
                             help="preview (or --apply) matrix prices for a selection")
    rep.add_argument("--category", default="", help="only parts in this category")
    rep.add_argument("--brand", default="", help="only parts of this brand")
    rep.add_argument("--apply", action="store_true", help="make the changes shown")
    rep.set_defaults(func=run_reprice)

    cat = sub.add_parser("catalogue", parents=[common], help="supplier price files")
    cat_actions = cat.add_subparsers(dest="catalogue_command", metavar="ACTION", required=True,
                                     parser_class=type(cat))
    imp = cat_actions.add_parser("import", parents=[common],
                                 help="import a supplier's price file (.xlsx or .csv)")
    imp.add_argument("supplier", help="the supplier's name")
    imp.add_argument("file", help="the price file (.xlsx or .csv)")
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help=f"read COLUMN as FIELD ({', '.join(catalogue.FIELDS)} or ignore)")
    imp.add_argument("--dry-run", action="store_true", help="show what would change only")
    imp.set_defaults(func=run_import)
    costs = cat_actions.add_parser("costs", parents=[common],
                                   help="preview (or --apply) part costs from the catalogue")
    costs.add_argument("supplier", help="the supplier's name")
    costs.add_argument("--apply", action="store_true", help="make the changes shown")
    costs.set_defaults(func=run_costs)


def run_levels(args: argparse.Namespace) -> int:
    open_db(args)
    if args.add:
        level = pricing.add_level(COMMAND_LINE, args.add)
        print(f"Added price level {level.name} ({level.code}).")
    print_table(["code", "name"], [(lv.code, lv.name) for lv in pricing.levels(COMMAND_LINE)])
    return 0


def run_matrix(args: argparse.Namespace) -> int:
    open_db(args)
    if args.category and args.brand:
        raise ValidationError("A matrix is for a category or a brand, not both")
    scope = "category" if args.category else "brand" if args.brand else ""
    if args.band:
        rows = []
        for text in args.band:
            bits = text.split(":")
            if len(bits) != 3:
                raise ValidationError(f"A band is FROM:TO:MARKUP, not {text!r}")
            rows.append(tuple(bits))
        pricing_matrix.set_matrix(COMMAND_LINE, args.level, rows, scope=scope,
                                  scope_value=args.category or args.brand)
    table = []
    for matrix in pricing_matrix.all_matrices(COMMAND_LINE):
        for band in matrix.bands:
            table.append((pricing.level_name(COMMAND_LINE, matrix.level), matrix.label,
                          formatting.money(band.cost_from),
                          formatting.money(band.cost_to) if band.cost_to is not None else "…",
                          f"{band.markup.normalize():f}%"))
    print_table(["level", "for", "cost from", "cost to", "markup"], table)
    print(f"Rounding: {pricing.ROUNDING_RULES[pricing.rounding_rule(COMMAND_LINE)]}")
    return 0


def run_set(args: argparse.Namespace) -> int:
    open_db(args)
    part = parts.find_by_code(COMMAND_LINE, args.code)
    if part is None:
        raise ValidationError(f"No part has the SKU or barcode {args.code!r}")
    amount = pricing.set_price(COMMAND_LINE, part.id, args.level, args.price)
    level = pricing.level_name(COMMAND_LINE, args.level)
    print(f"{part.sku}: {level} price {formatting.money(amount)} "
          "(set by hand: the matrix leaves it alone).")
    return 0


def _margin(value: object) -> str:
    return "" if value is None else f"{value}%"


def run_reprice(args: argparse.Namespace) -> int:
    open_db(args)
    shown = reprice.preview(COMMAND_LINE, reprice.Selection(category=args.category,
                                                          brand=args.brand))
    print_table(["sku", "name", "level", "cost", "old price", "new price", "old margin",
                 "new margin"],
                [(c.sku, c.name[:30], pricing.level_name(COMMAND_LINE, c.level),
                  formatting.money(c.cost),
                  formatting.money(c.old) if c.old is not None else "-",
                  formatting.money(c.new), _margin(c.old_margin), _margin(c.new_margin))
                 for c in shown.changes])
    print(f"{len(shown.changes)} price(s) would change in {shown.parts} part(s) "
          f"({shown.selection.label}); {shown.manual_kept} set by hand kept; "
          f"{shown.unpriced} without a cost.")
    if args.apply and shown.changes:
        print(f"Changed {reprice.apply(COMMAND_LINE, shown)} price(s).")
    elif shown.changes:
        print("Nothing changed: add --apply to make these changes.")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from shopdesk.io.catalogue_file import read_price_file  # (reads xlsx: import when used)

    open_db(args)
    supplier = catalogue.find_supplier(COMMAND_LINE, args.supplier)
    chosen = {}
    for text in args.map:
        column, _, target = text.partition("=")
        if not target:
            raise ValidationError(f"--map is COLUMN=FIELD, not {text!r}")
        chosen[column.strip()] = target.strip()
    read = read_price_file(args.file, chosen)
    plan = catalogue.plan_import(COMMAND_LINE, supplier.id, read.rows)
    for error in plan.errors:
        print(f"row {error.row}: {error.message}")
    print(f"{supplier.name}: {len(plan.new)} new line(s), {len(plan.changed)} changed, "
          f"{plan.unchanged} unchanged, {len(plan.errors)} row(s) with errors (skipped).")
    if args.dry_run:
        print("Dry run: nothing was imported.")
        return 0
    if not plan.new and not plan.changed:
        print("Nothing to import.")
        return 1 if plan.errors else 0
    result = catalogue.apply_import(COMMAND_LINE, plan)
    print(f"Imported: {result.added} added, {result.updated} updated, {result.linked} linked "
          "to parts.")
    return 1 if plan.errors else 0


def run_costs(args: argparse.Namespace) -> int:
    open_db(args)
    supplier = catalogue.find_supplier(COMMAND_LINE, args.supplier)
    shown = catalogue_costs.preview(COMMAND_LINE, supplier.id)
    print_table(["sku", "name", "supplier no.", "pack", "old cost", "new cost"],
                [(c.sku, c.name[:30], c.supplier_sku, formatting.quantity(c.pack_size),
                  formatting.money(c.old_cost), formatting.money(c.new_cost))
                 for c in shown.costs])
    print(f"{len(shown.costs)} cost(s) and then {len(shown.prices)} matrix price(s) would "
          "change.")
    if args.apply and shown.costs:
        costs, prices = catalogue_costs.apply(COMMAND_LINE, shown)
        print(f"Changed {costs} cost(s) and {prices} price(s).")
    elif shown.costs:
        print("Nothing changed: add --apply to make these changes.")
    return 0
