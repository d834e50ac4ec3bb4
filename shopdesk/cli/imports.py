"""``shopdesk import customers|vehicles|parts|prices|stock FILE [--dry-run] [--errors FILE]
[--all-or-nothing] [--sheet NAME]``: import a spreadsheet; prints what was created, updated
and rejected (row by row) and exits 0 when every row was imported, 1 when any was rejected."""

from __future__ import annotations

import argparse

from shopdesk.cli.common import open_db
from shopdesk.errors import ShopDeskError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.io.importing import KINDS, run_import, write_error_workbook
from shopdesk.io.xlsx_writer import CannotWrite
from shopdesk.services.access import COMMAND_LINE

#: Rows listed on screen before "... and N more" (the error workbook has them all).
SHOWN_PROBLEMS = 50


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("import", parents=[common],
                            help="import customers, vehicles, parts, prices or stock counts "
                                 "from .xlsx or .csv")
    parser.add_argument("kind", choices=KINDS, help="what the file holds")
    parser.add_argument("file", help="the .xlsx or .csv file")
    parser.add_argument("--dry-run", action="store_true",
                        help="check every row and report, but save nothing")
    parser.add_argument("--errors", metavar="FILE",
                        help="write the rejected rows to this .xlsx, with an errors column "
                             "(fix them and import that file again)")
    parser.add_argument("--sheet", metavar="NAME",
                        help="the worksheet to read (default: the first)")
    parser.add_argument("--all-or-nothing", action="store_true",
                        help="save nothing if any row is rejected (default: save the valid rows)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    open_db(args)
    report = run_import(COMMAND_LINE, args.kind, args.file, dry_run=args.dry_run,
                        all_or_nothing=args.all_or_nothing, sheet=args.sheet)
    for problem in report.problems[:SHOWN_PROBLEMS]:
        print(problem)
    if len(report.problems) > SHOWN_PROBLEMS:
        print(f"... and {len(report.problems) - SHOWN_PROBLEMS:,} more problems")
    for warning in report.warnings[:SHOWN_PROBLEMS]:
        print(f"Note: {warning}")
    print(report.summary())
    if args.errors and report.rejected:
        try:
            count = write_error_workbook(report, args.errors)
        except CannotWrite as exc:  # the import is done: say so, and why no workbook
            raise ShopDeskError(QT_TRANSLATE_NOOP(
                "Errors", "Cannot write the rejected rows to {path}: {reason}. Choose another "
                          "file with --errors (the import itself is done as shown)."),
                path=str(exc.path), reason=exc.reason) from None
        print(f"{count:,} rejected rows written to {args.errors}")
    return 1 if report.rejected else 0
