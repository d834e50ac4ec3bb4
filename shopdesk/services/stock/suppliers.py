"""Suppliers: contact details, account number, lead time and terms."""

from __future__ import annotations

from typing import Any

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.models.base import database_proxy as db
from shopdesk.models.parts import Supplier
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require

EDITABLE = ("name", "contact_name", "phone", "email", "address", "account_number",
            "lead_time_days", "terms", "archived")


def get_supplier(actor: Actor, supplier_id: int) -> Supplier:
    """The supplier with this id, or NotFoundError."""
    row = Supplier.get_or_none(Supplier.id == supplier_id)
    if row is None:
        raise NotFoundError(f"There is no supplier #{supplier_id}")
    return row


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Unknown supplier field: {', '.join(sorted(unknown))}")
    clean = {k: (str(v or "").strip() if k not in ("lead_time_days", "archived") else v)
             for k, v in values.items()}
    if "name" in clean and not clean["name"]:
        raise ValidationError("A supplier needs a name", {"name": "Needed"})
    if "lead_time_days" in clean:
        days = clean["lead_time_days"]
        try:
            days = int(str(days).strip())
        except ValueError:
            days = -1
        if not 0 <= days <= 365:
            raise ValidationError("Lead time is whole days from 0 to 365",
                                  {"lead_time_days": "0 to 365"})
        clean["lead_time_days"] = days
    if "email" in clean and clean["email"] and "@" not in clean["email"]:
        raise ValidationError(f"{clean['email']!r} is not an email address", {"email": "No @"})
    return clean


def _check_name_free(name: str, supplier_id: int | None = None) -> None:
    query = Supplier.select().where(Supplier.name == name)
    if supplier_id is not None:
        query = query.where(Supplier.id != supplier_id)
    if query.exists():
        raise ValidationError(f"There is already a supplier called {name}", {"name": "In use"})


def create_supplier(actor: Actor, **values: Any) -> Supplier:
    """Add a supplier (a name is needed)."""
    require(actor, Permission.MANAGE_STOCK)
    clean = _clean(values)
    if not clean.get("name"):
        raise ValidationError("A supplier needs a name", {"name": "Needed"})
    with db.atomic():
        _check_name_free(clean["name"])
        row = Supplier(**clean)
        row.save_checked()
        audit.record(actor, "create", "supplier", row.id, row.name, None, clean)
    return row


def update_supplier(actor: Actor, supplier_id: int, version: int, **values: Any) -> Supplier:
    """Change a supplier read at ``version`` (a stale copy raises ConflictError)."""
    require(actor, Permission.MANAGE_STOCK)
    clean = _clean(values)
    with db.atomic():
        row = get_supplier(actor, supplier_id)
        before = {k: getattr(row, k) for k in EDITABLE}
        if "name" in clean:
            _check_name_free(clean["name"], row.id)
        for name, value in clean.items():
            setattr(row, name, value)
        row.version = version
        row.save_checked()
        old, new = audit.changes(before, {k: getattr(row, k) for k in EDITABLE})
        audit.record(actor, "update", "supplier", row.id, row.name, old, new)
    return row


def active_suppliers(actor: Actor) -> list[Supplier]:
    """Suppliers not archived, by name (a short list: pickers show it)."""
    return list(Supplier.select().where(Supplier.archived == False)  # noqa: E712
                .order_by(Supplier.name))


def supplier_ids_by_name(actor: Actor) -> dict[str, int]:
    """Every supplier's id by its name in any case (``casefold``): names typed in a list."""
    return {name.casefold(): supplier_id for supplier_id, name in
            Supplier.select(Supplier.id, Supplier.name).tuples()}
