"""``shopdesk export invoices|payments|customers|vehicles|parts|all FILE``.

``--from/--to`` (ISO dates, both included) limit invoices and payments; ``--format`` is
``xlsx`` or ``csv`` (default: from the file name) and, for invoices, ``xero`` or
``quickbooks`` (their CSV import layouts).
"""

from __future__ import annotations

import argparse
import datetime as dt

from shopdesk import formatting
from shopdesk.cli.common import open_db
from shopdesk.errors import ValidationError
from shopdesk.services.access import COMMAND_LINE

WHAT = ("invoices", "payments", "customers", "vehicles", "parts", "all")
FORMATS = ("xlsx", "csv", "xero", "quickbooks")
PACKAGES = {"xero": "Xero", "quickbooks": "QuickBooks Online"}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-30") from None


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "export", parents=[common], help="export data to Excel/CSV or an accounting package",
        description="Export the shop's data. invoices: the sales journal (per tax rate), or "
                    "Xero / QuickBooks Online invoice import files; payments: the payments "
                    "journal; customers, vehicles, parts: plain lists ShopDesk (and others) "
                    "import; all: every table, one sheet each.")
    parser.add_argument("what", choices=WHAT, help="what to export (see above)")
    parser.add_argument("file", metavar="FILE",
                        help="the file to write (.xlsx or .csv; the name decides unless "
                             "--format is given)")
    parser.add_argument("--from", dest="start", type=_date, metavar="DATE",
                        help="first day (invoices, payments)")
    parser.add_argument("--to", dest="end", type=_date, metavar="DATE",
                        help="last day, included (invoices, payments)")
    parser.add_argument("--format", choices=FORMATS,
                        help="xlsx or csv (default: from FILE); xero or quickbooks for invoices")
    parser.set_defaults(func=run_export)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    return "csv" if args.file.lower().endswith(".csv") else "xlsx"


def run_export(args: argparse.Namespace) -> int:
    fmt = _format(args)
    if fmt in ("xero", "quickbooks") and args.what != "invoices":
        raise ValidationError(f"--format {fmt} is for invoices; {args.what} export as xlsx or "
                              "csv")
    if (args.start or args.end) and args.what not in ("invoices", "payments"):
        raise ValidationError("--from and --to are for invoices and payments")
    open_db(args)
    from shopdesk.services.shop.settings import get_settings

    formatting.configure(currency=get_settings().currency)
    if args.what == "all":
        from shopdesk.io.exports.all_data import export_all

        if fmt != "xlsx":
            raise ValidationError("export all writes one workbook (.xlsx), a sheet per table")
        counts = export_all(COMMAND_LINE, args.file)
        print(f"Wrote {len(counts)} tables ({sum(counts.values()):,} rows) to {args.file}.")
        return 0
    if args.what in ("customers", "vehicles", "parts"):
        from shopdesk.io.exports.records import export_records

        rows = export_records(COMMAND_LINE, args.what, args.file, fmt)
        print(f"Wrote {rows:,} {args.what} to {args.file}.")
        return 0
    from shopdesk.io.accounting import Period, export_payments, export_sales

    period = Period(args.start, args.end)
    if args.what == "payments":
        summary = export_payments(COMMAND_LINE, args.file, period, fmt)
        print(f"Wrote {summary.rows:,} payments totalling {formatting.money(summary.gross)} "
              f"to {args.file}.")
        return 0
    if fmt in ("xero", "quickbooks"):
        from shopdesk.io.accounting_formats import export_package

        summary = export_package(COMMAND_LINE, fmt, args.file, period)
        print(f"Wrote {summary.documents:,} invoices and credit notes ({summary.rows:,} lines, "
              f"{formatting.money(summary.gross)}) for {PACKAGES[fmt]} to {args.file}.")
        return 0
    summary = export_sales(COMMAND_LINE, args.file, period, fmt)
    print(f"Wrote {summary.documents:,} invoices and credit notes to {args.file}: net "
          f"{formatting.money(summary.net)}, tax {formatting.money(summary.tax)}, gross "
          f"{formatting.money(summary.gross)}.")
    return 0
