"""``shopdesk reminders`` and ``shopdesk ro print|history|list``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from shopdesk import formatting
from shopdesk.cli.common import open_db, print_table, vehicle_from
from shopdesk.i18n import translate
from shopdesk.models.repair_orders import Status
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.workshop import reminders, repair_orders


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    rem = sub.add_parser("reminders", parents=[common],
                         help="due and overdue services with the customer's contact")
    rem.add_argument("--due-by", type=_date, default=None,
                     help="include services due by this date (default: end of next month)")
    rem.add_argument("--export", metavar="FILE", type=Path,
                     help="write .xlsx or .csv for an SMS or e-mail tool")
    rem.add_argument("--letters", metavar="DIR", type=Path,
                     help="write one reminder letter (PDF) per customer into DIR")
    rem.set_defaults(func=run_reminders)
    ro = sub.add_parser("ro", parents=[common],
                        help="repair orders: print, a vehicle's history, open orders, hours")
    actions = ro.add_subparsers(dest="ro_command", metavar="ACTION", required=True,
                                parser_class=type(ro))
    prt = actions.add_parser("print", parents=[common], help="estimate or job card as PDF")
    prt.add_argument("number", help="e.g. RO-000042, ro-42 or 42")
    kind = prt.add_mutually_exclusive_group(required=True)
    kind.add_argument("--estimate", action="store_true",
                      help="the estimate for the customer to approve")
    kind.add_argument("--job-card", action="store_true",
                      help="the job card for the workshop")
    prt.add_argument("--pdf", required=True, metavar="FILE", type=Path,
                     help="the PDF file to write")
    prt.add_argument("--paper", choices=["A4", "LETTER"], default="",
                     help="paper size (default: the shop's setting)")
    prt.set_defaults(func=run_print)
    his = actions.add_parser("history", parents=[common], help="a vehicle's service history")
    his.add_argument("vehicle", metavar="PLATE|VIN",
                     help="the plate (spaces and dashes do not matter), the VIN or its last 6 "
                          "or more characters; several matches are listed")
    his.add_argument("--pdf", required=True, metavar="FILE", type=Path,
                     help="the PDF file to write")
    his.add_argument("--paper", choices=["A4", "LETTER"], default="",
                     help="paper size (default: the shop's setting)")
    his.set_defaults(func=run_history)
    lst = actions.add_parser("list", parents=[common], help="open repair orders")
    lst.set_defaults(func=run_list)
    hrs = actions.add_parser("hours", parents=[common],
                             help="hours sold vs clocked per technician")
    hrs.add_argument("--from", dest="start", type=_date, metavar="DATE",
                     default=dt.date.today().replace(day=1),
                     help="first day (default: the first of this month)")
    hrs.add_argument("--to", dest="end", type=_date, default=dt.date.today(), metavar="DATE",
                     help="last day, included (default: today)")
    hrs.set_defaults(func=run_hours)


def run_reminders(args: argparse.Namespace) -> int:
    open_db(args)
    rows = reminders.reminder_list(COMMAND_LINE, args.due_by)
    if args.export:
        from shopdesk.io.reminder_export import export

        export(rows, args.export)
        print(f"Wrote {len(rows):,} reminders to {args.export}")
    if args.letters:
        from shopdesk.printing.reminder_letter import render_letters

        files = render_letters(rows, args.letters)
        print(f"Wrote {len(files):,} letters to {args.letters}")
    if not (args.export or args.letters):
        from shopdesk.services.crm.contact_details import channel_label

        print_table(["Status", "Due", "Customer", "Phone", "E-mail", "Channel", "Plate",
                     "Service"],
                    [[reminders.status_text(r), r.due.due_on.isoformat(), r.customer, r.phone,
                      r.email, channel_label(r.channel), r.plate, r.package] for r in rows])
        print(f"{len(rows):,} services due")
    return 0


def run_print(args: argparse.Namespace) -> int:
    from shopdesk.printing.repair_order import render_estimate, render_job_card

    open_db(args)
    order = repair_orders.by_number(COMMAND_LINE, args.number)
    render = render_estimate if args.estimate else render_job_card
    render(COMMAND_LINE, order, args.pdf, paper=args.paper)
    print(f"Wrote {'estimate' if args.estimate else 'job card'} {order.number} to {args.pdf}")
    return 0


def run_history(args: argparse.Namespace) -> int:
    from shopdesk.printing.service_history import render_history
    from shopdesk.services.crm import vehicles

    open_db(args)
    vehicle = vehicles.get(COMMAND_LINE, vehicle_from(args.vehicle))
    render_history(COMMAND_LINE, vehicle.id, args.pdf, paper=args.paper)
    print(translate("CLI", "Wrote the service history of {vehicle} to {file}").format(
        vehicle=vehicle.plate or vehicle.vin, file=args.pdf))
    return 0


def run_list(args: argparse.Namespace) -> int:
    open_db(args)
    rows = repair_orders.open_orders(COMMAND_LINE)
    print_table(["Order", "Status", "Plate", "Opened", "Approved total"],
                [[o.number, repair_orders.STATUS_LABELS[Status(o.status)], o.vehicle.plate,
                  formatting.date(o.created_at), formatting.money(
                      repair_orders.totals(COMMAND_LINE, o).approved)] for o in rows])
    return 0


def run_hours(args: argparse.Namespace) -> int:
    from shopdesk.services.workshop import job_clock

    open_db(args)
    rows = job_clock.technician_hours(COMMAND_LINE, args.start, args.end)
    print_table(["Technician", "Hours sold", "Hours clocked", "Efficiency"],
                [[r.technician, f"{r.sold:f}", f"{r.clocked:f}",
                  f"{r.efficiency:f}%" if r.efficiency is not None else "-"] for r in rows])
    return 0
