"""``shopdesk cores outstanding|on-hand|claims``, ``shopdesk lost-sales``,
``shopdesk comebacks --from --to`` and ``shopdesk warranty labour|part|package``."""

from __future__ import annotations

import argparse
import datetime as dt

from shopdesk import formatting
from shopdesk.cli.common import open_db, print_table
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.counter import comebacks, cores, lost_sales, warranty, warranty_claims
from shopdesk.services.stock import parts


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    co = sub.add_parser("cores", parents=[common],
                        help="core deposits: cores out with customers, cores on hand, claims")
    actions = co.add_subparsers(dest="cores_command", metavar="ACTION", required=True,
                                parser_class=type(co))
    out = actions.add_parser("outstanding", parents=[common],
                             help="cores still out with customers (who, invoice, since, deposit)")
    out.set_defaults(func=run_outstanding)
    hand = actions.add_parser("on-hand", parents=[common],
                              help="cores on hand waiting to go back to suppliers")
    hand.set_defaults(func=run_on_hand)
    claims = actions.add_parser("claims", parents=[common],
                                help="cores and failed parts sent back, credit not yet received")
    claims.set_defaults(func=run_claims)
    lost = sub.add_parser("lost-sales", parents=[common],
                          help="lost sales ranked by part or request over a period")
    lost.add_argument("--from", dest="start", type=_date, metavar="DATE",
                      default=dt.date.today() - dt.timedelta(days=90),
                      help="first day (default: 90 days ago)")
    lost.add_argument("--to", dest="end", type=_date, default=dt.date.today(), metavar="DATE",
                      help="last day, included (default: today)")
    lost.set_defaults(func=run_lost_sales)
    cb = sub.add_parser("comebacks", parents=[common],
                        help="comebacks by technician and by part/supplier, warranty cost")
    cb.add_argument("--from", dest="start", type=_date, metavar="DATE",
                    default=dt.date.today().replace(day=1),
                    help="first day invoiced (default: the first of this month)")
    cb.add_argument("--to", dest="end", type=_date, default=dt.date.today(), metavar="DATE",
                    help="last day, included (default: today)")
    cb.set_defaults(func=run_comebacks)
    wa = sub.add_parser("warranty", parents=[common],
                        help="show or set warranty terms (without --months/--km: show)")
    terms = wa.add_subparsers(dest="warranty_command", metavar="ACTION", required=True,
                              parser_class=type(wa))
    lab = terms.add_parser("labour", parents=[common],
                           help="the shop's labour warranty and warranty labour cost per hour")
    _term_options(lab)
    lab.add_argument("--cost-rate", default=None, metavar="AMOUNT",
                     help="cost of one warranty labour hour, e.g. 38.50")
    lab.set_defaults(func=run_labour)
    part = terms.add_parser("part", parents=[common], help="a part's warranty")
    part.add_argument("sku", help="the part's SKU or barcode")
    _term_options(part)
    part.set_defaults(func=run_part)
    pkg = terms.add_parser("package", parents=[common],
                           help="a maintenance package's warranty (blank: the labour terms)")
    pkg.add_argument("name", help="the package's name as the package list shows it")
    _term_options(pkg)
    pkg.set_defaults(func=run_package)


def _term_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--months", default=None, metavar="N",
                        help="months of cover (0: no time limit; 0 for both: no warranty); "
                             "without --months and --km the terms are only shown")
    parser.add_argument("--km", default=None, metavar="N",
                        help="kilometres of cover (0: no limit in distance)")


def _terms_given(args: argparse.Namespace) -> bool:
    return any(getattr(args, name, None) is not None for name in ("months", "km", "cost_rate"))


def run_outstanding(args: argparse.Namespace) -> int:
    open_db(args)
    rows = cores.outstanding(COMMAND_LINE)
    print_table(["Customer", "Invoice", "Since", "SKU", "Part", "Out", "Deposit"],
                [[r.customer_name, r.number, r.issue_date.isoformat(), r.sku, r.description,
                  formatting.quantity(r.outstanding), formatting.money(r.deposit_outstanding)]
                 for r in rows])
    count, deposits = cores.outstanding_total(COMMAND_LINE)
    print(f"{formatting.quantity(count)} cores out, deposits {formatting.money(deposits)}")
    return 0


def run_on_hand(args: argparse.Namespace) -> int:
    open_db(args)
    rows = cores.on_hand_rows(COMMAND_LINE)
    print_table(["SKU", "Part", "Supplier", "On hand", "Deposit value"],
                [[r.sku, r.name, r.supplier, formatting.quantity(r.on_hand),
                  formatting.money(r.value)] for r in rows])
    print(f"{formatting.quantity(sum((r.on_hand for r in rows), 0))} cores on hand")
    return 0


def run_claims(args: argparse.Namespace) -> int:
    open_db(args)
    rows = warranty_claims.claims(COMMAND_LINE)
    print_table(["#", "Sent", "Kind", "Supplier", "SKU", "Qty", "Expected", "Reference"],
                [[c.claim_id, c.created_at.date().isoformat(), c.kind, c.supplier, c.sku,
                  formatting.quantity(c.quantity), formatting.money(c.expected), c.reference]
                 for c in rows])
    expected = formatting.money(warranty_claims.open_total(COMMAND_LINE))
    print(f"{len(rows)} open claims, {expected} expected")
    return 0


def run_lost_sales(args: argparse.Namespace) -> int:
    open_db(args)
    rows = lost_sales.ranking(COMMAND_LINE, args.start, args.end)
    print_table(["Asked for", "SKU", "Times", "Qty", "Last asked", "Not stocked",
                 "Out of stock", "Price"],
                [[r.label, r.sku, r.count, formatting.quantity(r.quantity),
                  r.last_at.strftime("%Y-%m-%d %H:%M"), r.not_stocked, r.out_of_stock, r.price]
                 for r in rows])
    print(f"{sum(r.count for r in rows)} lost sales from {args.start} to {args.end}")
    return 0


def run_comebacks(args: argparse.Namespace) -> int:
    open_db(args)
    report = comebacks.summary(COMMAND_LINE, args.start, args.end)
    print(f"Comebacks invoiced {args.start} to {args.end}: {report.count}; warranty cost "
          f"{formatting.money(report.warranty_cost)} (parts {formatting.money(report.parts_cost)}"
          f", labour {formatting.money(report.labour_cost)}); price not charged "
          f"{formatting.money(report.price_forgone)}")
    print("\nBy technician")
    print_table(["Technician", "Comebacks", "Warranty cost"],
                [[g.label, g.comebacks, formatting.money(g.cost)] for g in report.by_technician])
    print("\nBy part and supplier")
    print_table(["Part", "Supplier", "Qty", "Comebacks", "Warranty cost"],
                [[g.label, g.supplier, formatting.quantity(g.quantity), g.comebacks,
                  formatting.money(g.cost)] for g in report.by_part])
    print("\nComebacks")
    print_table(["Order", "Of", "Invoiced", "Customer", "Technician", "Cost", "Reason"],
                [[r.number, r.original, r.invoiced_on.isoformat(), r.customer, r.technician,
                  formatting.money(r.cost), r.reason] for r in report.rows])
    print(f"\nFailed parts with suppliers: {report.open_claims}, "
          f"{formatting.money(report.open_claims_expected)} credit expected")
    return 0


def run_labour(args: argparse.Namespace) -> int:
    open_db(args)
    terms = warranty.labour_terms(COMMAND_LINE)
    if _terms_given(args):
        if args.months is not None or args.km is not None:  # (only --cost-rate: terms kept)
            terms = warranty.parse_terms(args.months or "", args.km or "")
        warranty.set_labour(COMMAND_LINE, terms, args.cost_rate)
    row = warranty.settings(COMMAND_LINE)
    print(f"Labour warranty {terms.describe()}; warranty labour costs "
          f"{formatting.money(row.labour_cost_rate)} an hour")
    return 0


def run_part(args: argparse.Namespace) -> int:
    open_db(args)
    part = parts.find_by_code(COMMAND_LINE, args.sku)
    if part is None:
        from shopdesk.errors import NotFoundError

        raise NotFoundError(f"No part with number or barcode {args.sku!r}")
    if _terms_given(args):
        terms = warranty.parse_terms(args.months or "", args.km or "")
        warranty.set_part(COMMAND_LINE, part.id, terms)
    else:
        terms = warranty.part_terms(COMMAND_LINE, part.id)
    print(f"{part.sku}: warranty {terms.describe()}")
    return 0


def run_package(args: argparse.Namespace) -> int:
    open_db(args)
    from shopdesk.errors import NotFoundError
    from shopdesk.models.maintenance import MaintenancePackage

    package = MaintenancePackage.get_or_none(MaintenancePackage.name == args.name.strip())
    if package is None:
        raise NotFoundError(f"No maintenance package named {args.name.strip()!r}")
    if _terms_given(args):
        terms = warranty.parse_terms(args.months or "", args.km or "")
        warranty.set_package(COMMAND_LINE, package.id, terms)
    else:
        terms = (warranty.package_terms(COMMAND_LINE, package.id)
                 or warranty.labour_terms(COMMAND_LINE))
    print(f"{package.name}: warranty {terms.describe()}")
    return 0
