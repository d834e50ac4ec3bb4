"""``shopdesk packages list|show|export|import``: the shop's maintenance packages."""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path

from shopdesk import formatting
from shopdesk.cli.common import open_db, print_table
from shopdesk.errors import NotFoundError
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.models.maintenance import MaintenancePackage
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.crm import fuel as fuels
from shopdesk.services.workshop import maintenance

# line kinds as a person reads them (the same words as invoice lines)
KIND_LABELS = {"labour": QT_TRANSLATE_NOOP("Labels", "Labour"),
               "part": QT_TRANSLATE_NOOP("Labels", "Part"),
               "fee": QT_TRANSLATE_NOOP("Labels", "Fee"),
               "sublet": QT_TRANSLATE_NOOP("Labels", "Sublet")}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("packages", parents=[common],
                            help="maintenance packages: list, show, export to and import "
                                 "from a spreadsheet")
    actions = parser.add_subparsers(dest="packages_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    lst = actions.add_parser("list", parents=[common], help="the packages, one a line")
    lst.add_argument("--archived", action="store_true", help="archived packages too")
    lst.set_defaults(func=run_list)
    show = actions.add_parser("show", parents=[common], help="one package and its lines")
    show.add_argument("name", help="the package's name (case does not matter)")
    show.set_defaults(func=run_show)
    exp = actions.add_parser("export", parents=[common],
                             help="write every package (archived too) to .xlsx, one row a line")
    exp.add_argument("file", metavar="FILE.xlsx", type=Path, help="the .xlsx file to write")
    exp.set_defaults(func=run_export)
    imp = actions.add_parser("import", parents=[common],
                             help="create or replace packages from .xlsx (all or nothing)")
    imp.add_argument("file", metavar="FILE.xlsx", type=Path,
                     help="a file laid out as 'packages export' writes it")
    imp.add_argument("--dry-run", action="store_true",
                     help="check the file and say what would change; write nothing")
    imp.set_defaults(func=run_import)


def fits_text(pkg: MaintenancePackage) -> str:
    """Which cars a package is for, in a few words ("Honda Accord 2015-2020, Petrol")."""
    parts = [" ".join(p for p in (pkg.make, pkg.model, pkg.engine) if p)]
    if pkg.year_from or pkg.year_to:
        parts.append(f"{pkg.year_from or ''}-{pkg.year_to or ''}")
    words = " ".join(p for p in parts if p)
    fuel = ", ".join(fuels.label(f) for f in fuels.KNOWN_FUELS
                     if f in fuels.fuel_set(pkg.fuel_types))
    words = ", ".join(w for w in (words, fuel) if w)
    return words or translate("CLI", "any car")


def interval_text(pkg: MaintenancePackage) -> str:
    """How often it is due ("10,000 km / 12 months", "11-01 to 02-28")."""
    every = []
    if pkg.interval_km:
        every.append(translate("CLI", "{km} km").format(km=f"{pkg.interval_km:,}"))
    if pkg.interval_months:
        every.append(translate("CLI", "{months} months").format(months=pkg.interval_months))
    return " / ".join(every) or "-"


def season_text(pkg: MaintenancePackage) -> str:
    if not pkg.season_from:
        return "-"
    return translate("CLI", "{start} to {end}").format(start=pkg.season_from,
                                                        end=pkg.season_to)


def price_text(pkg: MaintenancePackage) -> str:
    if pkg.fixed_price is not None:
        return formatting.money(pkg.fixed_price)
    return translate("CLI", "{amount} (sum of lines)").format(
        amount=formatting.money(maintenance.list_price(COMMAND_LINE, pkg)))


def run_list(args: argparse.Namespace) -> int:
    open_db(args)
    rows = maintenance.all_packages(COMMAND_LINE, include_archived=args.archived)
    print_table([translate("CLI", "name"), translate("CLI", "for"),
                 translate("CLI", "every"), translate("CLI", "season"),
                 translate("CLI", "price"), translate("CLI", "lines")],
                [(p.name + (" " + translate("CLI", "(archived)") if p.archived else ""),
                  fits_text(p), interval_text(p), season_text(p), price_text(p),
                  len(maintenance.lines_of(COMMAND_LINE, p))) for p in rows])
    print(translate("CLI", "{count} package(s)").format(count=len(rows)))
    return 0


def package_named(name: str) -> MaintenancePackage:
    """The package called ``name`` (case and outer spaces ignored)."""
    wanted = name.strip().casefold()
    for pkg in maintenance.all_packages(COMMAND_LINE, include_archived=True):
        if pkg.name.casefold() == wanted:
            return pkg
    raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "There is no package called '{name}'"),
                        name=name.strip())


def _number(value: Decimal) -> str:
    return formatting.quantity(value)


def run_show(args: argparse.Namespace) -> int:
    open_db(args)
    pkg = package_named(args.name)
    yes, no = translate("CLI", "yes"), translate("CLI", "no")
    facts = [(translate("CLI", "Package"), pkg.name),
             (translate("CLI", "Description"), pkg.description or "-"),
             (translate("CLI", "For"), fits_text(pkg)),
             (translate("CLI", "Every"), interval_text(pkg)),
             (translate("CLI", "Season"), season_text(pkg)),
             (translate("CLI", "Price"), price_text(pkg)),
             (translate("CLI", "Archived"), yes if pkg.archived else no)]
    width = max(len(label) for label, _ in facts)
    for label, value in facts:
        print(f"{label.ljust(width)}  {value}")
    print()
    print_table([translate("CLI", "kind"), translate("CLI", "description"), "SKU",
                 translate("CLI", "quantity"), translate("CLI", "hours"),
                 translate("CLI", "unit price")],
                [(translate("Labels", KIND_LABELS.get(li.kind, li.kind)), li.description,
                  li.part.sku if li.part_id else "", _number(li.quantity),
                  _number(li.hours) if li.hours else "",
                  formatting.money(li.unit_price) if li.unit_price is not None
                  else translate("CLI", "part's price") if li.part_id
                  else translate("CLI", "labour rate"))
                 for li in maintenance.lines_of(COMMAND_LINE, pkg)])
    return 0


def run_export(args: argparse.Namespace) -> int:
    from shopdesk.io import packages_file

    open_db(args)
    count = packages_file.export_packages(COMMAND_LINE, args.file)
    print(translate("CLI", "Wrote {count} package(s) to {file}").format(count=count,
                                                                        file=args.file))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from shopdesk.io import packages_file

    open_db(args)
    result = packages_file.import_packages(COMMAND_LINE, args.file, dry_run=args.dry_run)
    for line in result.lines():
        print(line)
    return 0
