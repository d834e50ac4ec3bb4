"""``shopdesk find TEXT`` and ``shopdesk customers lapsed|regrade|reindex``."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from decimal import Decimal, InvalidOperation

from shopdesk.cli.common import open_db, print_table
from shopdesk.errors import ValidationError
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.crm import customer_lists, grading, inquiries, search, search_index, surveys
from shopdesk.services.listing import Kind


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    find = sub.add_parser("find", parents=[common],
                          help="find customers by name, phone, e-mail, plate or VIN")
    find.add_argument("text", nargs="+", help="what to look for (e.g. smith, 0142, AB12, last 6 "
                                              "of a VIN)")
    find.add_argument("--limit", type=int, default=search.DEFAULT_LIMIT,
                      help=f"list at most this many (default: {search.DEFAULT_LIMIT})")
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
    stats = actions.add_parser("surveys", parents=[common],
                               help="satisfaction per month: averages per dimension and NPS")
    stats.add_argument("--from", dest="start", type=_date, metavar="DATE",
                       default=dt.date.today().replace(day=1) - dt.timedelta(days=365),
                       help="first day (default: about a year ago)")
    stats.add_argument("--to", dest="end", type=_date, default=dt.date.today(), metavar="DATE",
                       help="last day, included (default: today)")
    stats.set_defaults(func=run_surveys)
    answers = actions.add_parser("answers", parents=[common],
                                 help="search the answered inquiries (knowledge base)")
    answers.add_argument("text", nargs="*", help="words to look for (none: every answer)")
    answers.set_defaults(func=run_answers)
    rules = actions.add_parser("grading", parents=[common],
                               help="show or set the grade thresholds (12 months)")
    for name, grade in (("vip-spend", "VIP"), ("regular-spend", "regular")):
        rules.add_argument(f"--{name}", metavar="AMOUNT",
                           help=f"spend in 12 months that makes a customer {grade}")
    for name, what in (("vip-visits", "visits in 12 months that make a customer VIP"),
                       ("regular-visits", "visits in 12 months that make a customer regular"),
                       ("lapsed-months", "months without a visit before a customer is lapsed")):
        rules.add_argument(f"--{name}", type=int, metavar="N", help=what)
    rules.set_defaults(func=run_grading)


def run_find(args: argparse.Namespace) -> int:
    open_db(args)
    text = " ".join(args.text)
    matches = search.find(COMMAND_LINE, text, args.limit)
    if not matches:
        print(f"Nobody matches {text!r}.")
        return 1
    rows = [(f"#{m.customer_id}", m.name, m.phone, m.city, m.grade,
             "BLACKLISTED" if m.blacklisted else "", m.matched, m.vehicle) for m in matches]
    print_table(["no.", "name", "phone", "city", "grade", "", "matched", "vehicle"], rows)
    return 0


def run_lapsed(args: argparse.Namespace) -> int:
    open_db(args)
    months = args.months or grading.rules(COMMAND_LINE).lapsed_months
    listing = customer_lists.lapsed(COMMAND_LINE, months)
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
    changed = grading.regrade(COMMAND_LINE)
    print(f"Grades recomputed: {changed:,} changed.")
    return 0


def run_reindex(args: argparse.Namespace) -> int:
    open_db(args)
    keys = search_index.rebuild_all(COMMAND_LINE)
    print(f"Search index rebuilt: {keys:,} keys.")
    return 0


def run_surveys(args: argparse.Namespace) -> int:
    open_db(args)
    months = surveys.monthly_stats(COMMAND_LINE, args.start, args.end)
    rows = [(m.month, m.count, *(m.averages[d] for d in surveys.DIMENSIONS), m.nps)
            for m in months]
    print_table(["month", "surveys", *surveys.DIMENSIONS, "NPS"], rows)
    return 0


def run_answers(args: argparse.Namespace) -> int:
    open_db(args)
    found = inquiries.knowledge_base(COMMAND_LINE, " ".join(args.text))
    for row in found:
        print(f"Q: {row.question}\nA: {row.answer}\n")
    print(f"{len(found)} answered question(s).")
    return 0


def run_grading(args: argparse.Namespace) -> int:
    open_db(args)
    current = grading.rules(COMMAND_LINE)
    given = {k: getattr(args, k) for k in ("vip_spend", "vip_visits", "regular_spend",
                                           "regular_visits", "lapsed_months")}
    if any(v is not None for v in given.values()):
        try:
            money = {k: Decimal(given[k]) for k in ("vip_spend", "regular_spend")
                     if given[k] is not None}
        except InvalidOperation:
            raise ValidationError("Spend thresholds are amounts like 2000.00") from None
        merged = {**current.__dict__, **{k: v for k, v in given.items() if v is not None},
                  **money}
        grading.set_rules(COMMAND_LINE, grading.Rules(**merged))
        current = grading.rules(COMMAND_LINE)
        print("Thresholds saved; every customer regraded.")
    print(f"VIP: {current.vip_spend} spent or {current.vip_visits} visits in 12 months; "
          f"regular: {current.regular_spend} or {current.regular_visits} visits; lapsed list "
          f"after {current.lapsed_months} months.")
    return 0
