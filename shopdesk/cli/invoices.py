"""``shopdesk invoice print|list|issue|statement|aging|cashup``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from shopdesk import formatting
from shopdesk.cli.common import customer_from, open_db, print_table
from shopdesk.errors import ValidationError
from shopdesk.i18n import translate
from shopdesk.models.invoices import Invoice
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.sales import cash_up, invoices, receivables
from shopdesk.services.sales.payments import METHOD_LABELS


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("invoice", parents=[common],
                            help="print, list and issue invoices; statements, aging, cash-up")
    actions = parser.add_subparsers(dest="invoice_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    prt = actions.add_parser("print", parents=[common], help="an invoice or credit note as PDF")
    prt.add_argument("number", help="as printed, e.g. RA-2026-00042 (case and zero padding "
                                    "do not matter: ra-2026-42)")
    prt.add_argument("--pdf", required=True, metavar="FILE", type=Path,
                     help="the PDF file to write")
    prt.add_argument("--paper", choices=["A4", "LETTER"], default="",
                     help="paper size (default: the shop's setting)")
    prt.set_defaults(func=run_print)
    lst = actions.add_parser(
        "list", parents=[common], help="newest invoices first (drafts as DRAFT-N)",
        description="Invoices and credit notes, newest first. A draft has no number until it "
                    "is issued: it is listed as DRAFT-N (e.g. DRAFT-17), the reference "
                    "'shopdesk invoice issue DRAFT-17' takes.")
    lst.add_argument("--status", choices=["draft", "issued", "void"],
                     help="only drafts, issued invoices or voided drafts")
    lst.add_argument("--customer", default="", help="part of the customer's name")
    lst.add_argument("--since", type=_date, help="issued on or after (YYYY-MM-DD)")
    lst.add_argument("--limit", type=int, default=50, help="how many to list (default: 50)")
    lst.set_defaults(func=run_list)
    iss = actions.add_parser(
        "issue", parents=[common], help="issue a draft invoice (it gets its number)",
        description="Issue a draft invoice: it gets the next invoice number, its parts leave "
                    "stock, and it can no longer be changed (a credit note corrects it). Name "
                    "the draft by the reference 'shopdesk invoice list --status draft' shows "
                    "(DRAFT-17), or give --order to issue the invoice of a repair order (its "
                    "draft invoice, made first from the approved work when the order is done). "
                    "Issued as the command line (the owner).")
    which = iss.add_mutually_exclusive_group(required=True)
    which.add_argument("reference", nargs="?", metavar="DRAFT-N",
                       help="the draft's reference, as 'shopdesk invoice list' shows it")
    which.add_argument("--order", metavar="RO-NUMBER",
                       help="the repair order whose invoice to issue, e.g. RO-000123")
    iss.set_defaults(func=run_issue)
    stm = actions.add_parser("statement", parents=[common], help="a customer's statement PDF")
    stm.add_argument("customer", metavar="CUSTOMER",
                     help="the customer's name, phone digits (or the last digits), or the "
                          "customer number printed on statements as #N; several matches are "
                          "listed")
    stm.add_argument("--from", dest="start", type=_date, required=True, metavar="DATE",
                     help="first day of the statement (YYYY-MM-DD)")
    stm.add_argument("--to", dest="end", type=_date, default=dt.date.today(), metavar="DATE",
                     help="last day, included (default: today)")
    stm.add_argument("--pdf", required=True, metavar="FILE", type=Path,
                     help="the PDF file to write")
    stm.add_argument("--paper", choices=["A4", "LETTER"], default="",
                     help="paper size (default: the shop's setting)")
    stm.set_defaults(func=run_statement)
    age = actions.add_parser("aging", parents=[common], help="receivables by age")
    age.add_argument("--on", type=_date, default=None, metavar="DATE",
                     help="as owed at the end of this day (default: today)")
    age.set_defaults(func=run_aging)
    cash = actions.add_parser("cashup", parents=[common], help="end-of-day takings")
    cash.add_argument("--day", type=_date, default=None, metavar="DATE",
                      help="the day to add up (default: today)")
    cash.set_defaults(func=run_cashup)


def run_print(args: argparse.Namespace) -> int:
    from shopdesk.printing.invoice import render_invoice

    open_db(args)
    invoice = invoices.by_number(COMMAND_LINE, args.number)
    render_invoice(COMMAND_LINE, invoice, args.pdf, paper=args.paper)
    print(f"Wrote {invoice.number} to {args.pdf}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    open_db(args)
    if args.limit <= 0:
        raise ValidationError("--limit must be more than zero")
    query = Invoice.select().order_by(Invoice.id.desc()).limit(args.limit)
    if args.status:
        query = query.where(Invoice.status == args.status)
    if args.customer:
        query = query.where(Invoice.customer_name.contains(args.customer))
    if args.since:
        query = query.where(Invoice.issue_date >= args.since)
    rows = [(invoices.reference(i), formatting.date(i.issue_date), i.customer_name,
             i.status, formatting.money(i.gross), formatting.money(invoices.balance_due(i)))
            for i in query]
    print_table(["Number", "Date", "Customer", "Status", "Total", "Due"], rows)
    return 0


def run_issue(args: argparse.Namespace) -> int:
    from shopdesk.services.workshop import repair_order_invoicing, repair_orders

    open_db(args)
    if args.order:
        order = repair_orders.by_number(COMMAND_LINE, args.order)
        invoice = repair_order_invoicing.issue_order(COMMAND_LINE, order.id)
    else:
        draft = invoices.by_reference(COMMAND_LINE, args.reference)
        invoice = invoices.issue(COMMAND_LINE, draft.id)
    print(translate("CLI", "Issued {number} to {customer}: total {total}").format(
        number=invoice.number, customer=translate("Labels", invoice.customer_name)
        if invoice.customer_name == invoices.CASH_CUSTOMER else invoice.customer_name,
        total=formatting.money(invoice.gross)))
    return 0


def run_statement(args: argparse.Namespace) -> int:
    from shopdesk.printing.statement import render_statement
    from shopdesk.services.crm import customers

    open_db(args)
    customer_id = customer_from(args.customer)
    render_statement(COMMAND_LINE, customer_id, args.start, args.end, args.pdf, paper=args.paper)
    print(translate("CLI", "Wrote the statement of {name} to {file}").format(
        name=customers.get(COMMAND_LINE, customer_id).display_name, file=args.pdf))
    return 0


def run_aging(args: argparse.Namespace) -> int:
    open_db(args)
    rows = receivables.aging(COMMAND_LINE, args.on)
    table = [(r.customer_name, *(formatting.money(r.buckets[b]) for b in receivables.BUCKETS),
              formatting.money(r.total)) for r in rows]
    totals = receivables.aging_totals(rows)
    table.append(("TOTAL", *(formatting.money(totals[b]) for b in receivables.BUCKETS),
                  formatting.money(sum(totals.values()))))
    print_table(["Customer", "Current", "1-30", "31-60", "61-90", "90+", "Total"], table)
    return 0


def run_cashup(args: argparse.Namespace) -> int:
    open_db(args)
    report = cash_up.cash_up(COMMAND_LINE, args.day)
    print(f"Cash-up for {formatting.date(report.day)}")
    print_table(["Method", "Takings", "Refunds"],
                [(METHOD_LABELS[m], formatting.money(v), formatting.money(report.refunds[m]))
                 for m, v in ((m, report.takings[m]) for m in METHOD_LABELS)])
    print(f"Expected cash in the till: {formatting.money(report.expected_cash)}")
    print(f"Invoices: {len(report.invoices)} for {formatting.money(report.invoiced)}; "
          f"credit notes: {len(report.credit_notes)} for {formatting.money(report.credited)}")
    return 0
