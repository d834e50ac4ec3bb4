"""``shopdesk find TEXT`` and ``shopdesk customers lapsed|regrade|reindex``."""

from __future__ import annotations

import argparse
import csv
import sys

from shopdesk.cli.common import open_db, print_table
from shopdesk.services import customer_lists, grading, search, search_index
from shopdesk.services.listing import Kind


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    find = sub.add_parser("find", parents=[common],
                          help="find customers by name, phone, e-mail, plate or VIN")
    find.add_argument("text", nargs="+", help="what to look for (e.g. smith, 0142, AB12, last 6 "
                                              "of a VIN)")
    find.add_argument("--limit", type=int, default=search.DEFAULT_LIMIT)
    find.set_defaults(func=run_find)
    parser = sub.add_parser("customers", parents=[common], help="customer lists and upkeep")
    actions = parser.add_subparsers(dest="customers_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    lapsed = actions.add_parser("lapsed", parents=[common],
                                help="customers with no visit for N months (for outreach)")
    lapsed.add_argument("--months", type=int, default=None,
                        help="months without a visit (default: the grading rules' setting)")
    lapsed.add_argument("--csv", metavar="FILE", help="write a CSV file instead of a table "
                                                      "('-' for standard output)")
    lapsed.set_defaults(func=run_lapsed)
    regrade = actions.add_parser("regrade", parents=[common],
                                 help="recompute every customer's grade now")
    regrade.set_defaults(func=run_regrade)
    reindex = actions.add_parser("reindex", parents=[common],
                                 help="rebuild the search keys from the tables")
    reindex.set_defaults(func=run_reindex)


def run_find(args: argparse.Namespace) -> int:
    open_db(args)
    text = " ".join(args.text)
    matches = search.find(text, args.limit)
    if not matches:
        print(f"Nobody matches {text!r}.")
        return 1
    rows = [(m.customer_id, m.name, m.phone, m.city, m.grade,
             "BLACKLISTED" if m.blacklisted else "", m.matched, m.vehicle) for m in matches]
    print_table(["no.", "name", "phone", "city", "grade", "", "matched", "vehicle"], rows)
    return 0


def run_lapsed(args: argparse.Namespace) -> int:
    open_db(args)
    months = args.months or grading.rules().lapsed_months
    listing = customer_lists.lapsed(months)
    headers = [c.title for c in listing.columns]
    rows = ([("yes" if v else "no") if c.kind is Kind.FLAG else ("" if v is None else v)
             for c, v in zip(listing.columns, row[:-1], strict=True)]
            for row in listing.iter_rows())
    if args.csv:
        out = sys.stdout if args.csv == "-" else open(args.csv, "w", newline="",  # noqa: SIM115
                                                      encoding="utf-8-sig")
        try:
            writer = csv.writer(out)
            writer.writerow(headers)
            count = 0
            for row in rows:
                writer.writerow(row)
                count += 1
        finally:
            if out is not sys.stdout:
                out.close()
        if args.csv != "-":
            print(f"{count:,} lapsed customers (no visit for {months} months) written to "
                  f"{args.csv}.")
        return 0
    table = list(rows)
    print_table(headers, table)
    print(f"{len(table):,} customers with no visit for {months} months.")
    return 0


def run_regrade(args: argparse.Namespace) -> int:
    open_db(args)
    changed = grading.regrade()
    print(f"Grades recomputed: {changed:,} changed.")
    return 0


def run_reindex(args: argparse.Namespace) -> int:
    open_db(args)
    keys = search_index.rebuild_all()
    print(f"Search index rebuilt: {keys:,} keys.")
    return 0
