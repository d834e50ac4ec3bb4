"""``shopdesk report monthly YYYY-MM [--pdf FILE] [--xlsx FILE]``: the owner's monthly report.

The command line acts as the owner (``access.COMMAND_LINE``): whoever runs it already holds
the database.
"""

from __future__ import annotations

import argparse

from shopdesk.cli.common import open_db, print_table
from shopdesk.services.access import COMMAND_LINE


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser("report", parents=[common], help="the owner's reports")
    kinds = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    month = kinds.add_parser("monthly", parents=[common],
                             help="a month's figures against the previous month and last year")
    month.add_argument("month", metavar="YYYY-MM", help="the month, e.g. 2026-11")
    month.add_argument("--pdf", metavar="FILE", help="also write the report as a PDF")
    month.add_argument("--xlsx", metavar="FILE", help="also write it as an Excel workbook")
    month.set_defaults(func=run_monthly)


def run_monthly(args: argparse.Namespace) -> int:
    from shopdesk.reports import monthly
    from shopdesk.reports import monthly_format as fmt

    first = monthly.parse_month(args.month)  # a bad month is refused before opening anything
    open_db(args)
    report = monthly.build(COMMAND_LINE, first)
    names = fmt.period_names(report)
    print(f"Monthly report {names[0]}")
    print_table(["Figure", names[0], names[1], "Change", names[2], "Change"],
                [[k.label, fmt.value(k.unit, k.values[0]), fmt.value(k.unit, k.values[1]),
                  fmt.change(k, 1), fmt.value(k.unit, k.values[2]), fmt.change(k, 2)]
                 for k in report.kpis])
    for b in report.breakdowns:
        if b.key in ("technicians", "top_customers", "top_parts") and b.rows:
            print()
            print(b.title)
            print_table(["", *b.columns],
                        [[r.label, *(fmt.value(u, v) for u, v in zip(b.units, r.values,
                                                                     strict=True))]
                         for r in b.rows])
    if args.pdf:
        from shopdesk.printing.monthly_report import render_monthly

        render_monthly(report, args.pdf)
        print(f"Wrote {args.pdf}")
    if args.xlsx:
        from shopdesk.io.monthly_report_xlsx import write_monthly

        write_monthly(report, args.xlsx)
        print(f"Wrote {args.xlsx}")
    return 0
