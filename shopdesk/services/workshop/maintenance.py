"""Maintenance packages: named bundles of labour, parts and fees with a fixed price or the
sum of their lines, who they apply to, and how often they are due. Adding one to a repair
order is one call that adds its lines (stock checked)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.maintenance import MaintenancePackage, PackageLine
from shopdesk.models.repair_orders import LineKind, RepairOrderLine
from shopdesk.models.vehicles import Vehicle
from shopdesk.money import ZERO, line_total
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.crm import fuel as fuels
from shopdesk.services.pricing import pricing
from shopdesk.services.workshop import repair_orders
from shopdesk.services.workshop.repair_orders import LineInput


@dataclass
class PackageInput:
    """What the package form collects. Lines: ``LineInput`` (no technician)."""

    name: str
    lines: list[LineInput] = field(default_factory=list)
    description: str = ""
    fixed_price: Decimal | str | None = None
    make: str = ""
    model: str = ""
    engine: str = ""
    year_from: int | None = None
    year_to: int | None = None
    fuel_types: str | list[str] = ""  # fuels it is for ("petrol, diesel", ["electric"]); "": any
    interval_km: int | None = None
    interval_months: int | None = None
    season_from: str = ""  # "MM-DD"
    season_to: str = ""


def _season(text: str, refusal: str) -> str:
    text = text.strip()
    if not text:
        return ""
    try:
        month, day = (int(x) for x in text.split("-"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise ValueError
    except ValueError:
        raise ValidationError(
            refusal, {"season": QT_TRANSLATE_NOOP("Errors", "MM-DD, like 11-01")}) from None
    return f"{month:02d}-{day:02d}"


def save_package(actor: Actor, data: PackageInput,
                 package: MaintenancePackage | None = None) -> MaintenancePackage:
    """Create a package, or replace a package read earlier (stale copies are refused)."""
    require(actor, Permission.CHANGE_PRICES)
    if not data.name.strip():
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Name the package"),
                              {"name": QT_TRANSLATE_NOOP("Errors", "Needed")})
    for value, refusal in (
            (data.interval_km,
             QT_TRANSLATE_NOOP("Errors", "The distance interval must be more than zero")),
            (data.interval_months,
             QT_TRANSLATE_NOOP("Errors", "The month interval must be more than zero"))):
        if value is not None and value <= 0:
            raise ValidationError(refusal,
                                  {"interval": QT_TRANSLATE_NOOP("Errors", "More than 0")})
    season = (_season(data.season_from, QT_TRANSLATE_NOOP(
                  "Errors", "The season start is a month and day like 11-01")),
              _season(data.season_to, QT_TRANSLATE_NOOP(
                  "Errors", "The season end is a month and day like 11-01")))
    if bool(season[0]) != bool(season[1]):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "A season needs both a start and an end"),
            {"season": QT_TRANSLATE_NOOP("Errors", "Both a start and an end")})
    if not (data.interval_km or data.interval_months or season[0]):
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "Say when the package is due: every N km, every M "
                                        "months, or a season"),
            {"interval": QT_TRANSLATE_NOOP("Errors", "Needed")})
    if data.year_from and data.year_to and data.year_from > data.year_to:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The year range is back to front"),
                              {"year": QT_TRANSLATE_NOOP("Errors", "From <= to")})
    if not data.lines:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "A package needs at least one line"),
                              {"lines": QT_TRANSLATE_NOOP("Errors", "Needed")})
    fuel_types = fuels.fuel_set_text(data.fuel_types)
    values = [repair_orders.line_values(actor, li) for li in data.lines]
    fixed = None if data.fixed_price in (None, "") else repair_orders.parse_price(
        data.fixed_price, "The package price")
    with db.atomic():
        pkg = package or MaintenancePackage()
        clash = MaintenancePackage.get_or_none(MaintenancePackage.name == data.name.strip())
        if clash is not None and clash.id != pkg.id:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "There is already a package called '{name}'"),
                {"name": QT_TRANSLATE_NOOP("Errors", "Taken")}, name=data.name.strip())
        pkg.name, pkg.description, pkg.fixed_price = data.name.strip(), data.description, fixed
        pkg.make, pkg.model, pkg.engine = (data.make.strip(), data.model.strip(),
                                           data.engine.strip())
        pkg.year_from, pkg.year_to = data.year_from, data.year_to
        pkg.fuel_types = fuel_types
        pkg.interval_km, pkg.interval_months = data.interval_km, data.interval_months
        pkg.season_from, pkg.season_to = season
        pkg.save_checked()
        PackageLine.delete().where(PackageLine.package == pkg.id).execute()
        for position, (src, v) in enumerate(zip(data.lines, values, strict=True), start=1):
            PackageLine.create(package=pkg.id, position=position, kind=v["kind"],
                               description=v["description"], part=v["part"],
                               quantity=v["quantity"],
                               unit_price=None if src.unit_price is None else v["unit_price"],
                               hours=v["hours"])
        audit.record(actor, "update" if package else "create", "maintenance package", pkg.id,
                     f"Package {pkg.name}")
    return pkg


def get(actor: Actor, package_id: int) -> MaintenancePackage:
    pkg = MaintenancePackage.get_or_none(MaintenancePackage.id == package_id)
    if pkg is None:
        raise NotFoundError(f"There is no maintenance package #{package_id}")
    return pkg


def archive_package(actor: Actor, package_id: int, archived: bool = True, *,
                    version: int | None = None) -> MaintenancePackage:
    """Archive a package (``archived`` False: bring it back). An archived package is no longer
    offered, due or reminded; it is never deleted, so the history of cars that had it keeps
    its name. ``version``: the one the caller showed (a copy another PC changed since is
    refused)."""
    require(actor, Permission.CHANGE_PRICES)
    with db.atomic():
        pkg = get(actor, package_id)
        if version is not None:
            pkg.version = version
        if pkg.archived == archived:
            return pkg
        pkg.archived = archived
        pkg.save_checked()
        audit.record(actor, "archive" if archived else "restore", "maintenance package",
                     pkg.id, f"Package {pkg.name} {'archived' if archived else 'restored'}")
    return pkg


def lines_of(actor: Actor, package: MaintenancePackage | int) -> list[PackageLine]:
    pid = package if isinstance(package, int) else package.id
    return list(PackageLine.select().where(PackageLine.package == pid)
                .order_by(PackageLine.position))


def all_packages(actor: Actor, include_archived: bool = False) -> list[MaintenancePackage]:
    # plain SQL: service due and the customer file read the packages on every call
    where = "" if include_archived else f"WHERE archived = {db.param} "
    return list(MaintenancePackage.raw(f"SELECT * FROM maintenance_package {where}ORDER BY name",
                                       *(() if include_archived else (False,))))


def applies(pkg: MaintenancePackage, make: str, model: str, engine: str,
            year: int | None, fuel: str) -> bool:
    """Whether a package fits a vehicle: its make, model and engine (empty criteria match
    any), its year range, and its fuel types.

    A package with no fuel types fits any fuel. One with fuel types fits a vehicle whose
    fuel is one of them. A vehicle whose fuel is unknown ("") is taken for a petrol car (most
    are): it gets the packages open to petrol, never those only for other fuels (an
    electric-only check, a diesel particulate filter)."""
    for want, have in ((pkg.make, make), (pkg.model, model), (pkg.engine, engine)):
        if want and want.casefold() != (have or "").casefold():
            return False
    if pkg.year_from and (year is None or year < pkg.year_from):
        return False
    if pkg.year_to and (year is None or year > pkg.year_to):
        return False
    if not pkg.fuel_types:
        return True
    return (fuel or fuels.Fuel.PETROL.value) in fuels.fuel_set(pkg.fuel_types)


def _fits(pkg: MaintenancePackage, vehicle: Vehicle) -> bool:
    """Whether a package fits this vehicle (:func:`applies` on its make, model, engine, year
    and fuel)."""
    return applies(pkg, vehicle.make, vehicle.model, vehicle.engine, vehicle.year, vehicle.fuel)


def for_vehicle(actor: Actor, vehicle: Vehicle) -> list[MaintenancePackage]:
    """The packages that fit this vehicle (fuel type included)."""
    return [p for p in all_packages(actor) if _fits(p, vehicle)]


def list_price(actor: Actor, package: MaintenancePackage | int, level: str = pricing.DEFAULT_LEVEL
               ) -> Decimal:
    """The package's price: fixed, or the sum of its lines at today's prices, parts at the
    price ``level`` (the customer's: what adding it to their order will charge)."""
    pkg = get(actor, package) if isinstance(package, int) else package
    if pkg.fixed_price is not None:
        return pkg.fixed_price
    total = ZERO
    for line in lines_of(actor, pkg):
        price = line.unit_price
        if price is None:
            price = pricing.price_for(actor, line.part, level) if line.part_id else \
                repair_orders.settings(actor).labour_rate
        total += line_total(line.quantity, price)
    return total


def add_to_order(actor: Actor, repair_order_id: int, package_id: int,
                 technician_id: int | None = None) -> list[RepairOrderLine]:
    """Add a package's lines to a repair order in one action (all or none: a part not in
    stock refuses the whole package when negative stock is blocked).

    A fixed-price package adds one priced line with its name and the component lines at no
    charge (parts still leave stock; labour hours still count for the technician)."""
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    pkg = get(actor, package_id)
    order = repair_orders.get(actor, repair_order_id)
    vehicle = order.vehicle
    if not _fits(pkg, vehicle):
        raise ValidationError(f"{pkg.name} is not for a {vehicle.year or ''} {vehicle.make} "
                              f"{vehicle.model}".replace("  ", " "))
    added = []
    with db.atomic():
        if pkg.fixed_price is not None:
            added.append(repair_orders.add_line(actor, order.id, LineInput(
                LineKind.FEE, f"{pkg.name} (package price)", 1, pkg.fixed_price,
                package_id=pkg.id)))
        for line in lines_of(actor, pkg):
            price = ZERO if pkg.fixed_price is not None else line.unit_price
            added.append(repair_orders.add_line(actor, order.id, LineInput(
                line.kind, line.description, line.quantity, price, line.part_id,
                hours=line.hours if line.kind == LineKind.LABOUR else None,
                technician_id=technician_id if line.kind == LineKind.LABOUR else None,
                package_id=pkg.id)))
        audit.record(actor, "add package", "repair order", order.id,
                     f"{order.number}: package {pkg.name}")
    return added
