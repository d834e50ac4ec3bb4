"""Claims on suppliers: cores sent back for their core credit, and failed parts sent back
under the supplier's warranty. Each claim stays open (returned, credit expected) until the
supplier's credit is recorded."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.parts import Part, Supplier
from shopdesk.models.warranty import ClaimKind, ClaimStatus, SupplierClaim
from shopdesk.money import ZERO
from shopdesk.services import amounts, audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.stock.suppliers import get_supplier

KIND_LABELS = {ClaimKind.CORE: "Cores", ClaimKind.WARRANTY: "Warranty"}


def _get(claim_id: int) -> SupplierClaim:
    claim = SupplierClaim.get_or_none(SupplierClaim.id == claim_id)
    if claim is None:
        raise NotFoundError(f"There is no supplier claim #{claim_id}")
    return claim


def open_claim(actor: Actor, kind: ClaimKind, part_id: int, supplier_id: int,
               quantity: object, expected: object, *, reference: str = "", note: str = "",
               repair_order_id: int | None = None) -> SupplierClaim:
    """Record parts sent back to a supplier with the credit expected (inside or outside a
    transaction of the caller)."""
    require(actor, Permission.MANAGE_STOCK)
    qty = amounts.parse_quantity(quantity)
    if qty <= 0:
        raise ValidationError("Send back a quantity of more than zero",
                              {"quantity": "More than zero"})
    amount = amounts.parse_money(expected, "Expected credit")
    if amount < 0:
        raise ValidationError("The expected credit cannot be negative")
    supplier = get_supplier(actor, supplier_id)
    part = Part.get_or_none(Part.id == part_id)
    if part is None:
        raise NotFoundError(f"There is no part #{part_id}")
    with db.atomic():
        claim = SupplierClaim.create(
            kind=ClaimKind(kind).value, supplier=supplier.id, part=part.id, quantity=qty,
            expected=amount, repair_order=repair_order_id, reference=reference.strip()[:200],
            note=note.strip(), username=actor.username)
        audit.record(actor, "claim", "supplier", supplier.id,
                     f"{KIND_LABELS[ClaimKind(kind)]}: {qty.normalize():f} x {part.sku} back "
                     f"to {supplier.name}, credit expected {amount}")
    return claim


def record_credit(actor: Actor, claim_id: int, amount: object,
                  credit_reference: str = "") -> SupplierClaim:
    """The supplier's credit for a claim arrived: the claim is closed as credited."""
    require(actor, Permission.MANAGE_STOCK)
    value = amounts.parse_money(amount, "Credit")
    if value < 0:
        raise ValidationError("A credit cannot be negative")
    with db.atomic():
        claim = _get(claim_id)
        if claim.status == ClaimStatus.CREDITED:
            raise ValidationError(f"Claim #{claim.id} was already credited "
                                  f"({claim.received}) on {claim.credited_at:%Y-%m-%d}")
        updated = (SupplierClaim.update(status=ClaimStatus.CREDITED.value, received=value,
                                        credited_at=utcnow(),
                                        credit_reference=credit_reference.strip()[:200])
                   .where((SupplierClaim.id == claim.id)
                          & (SupplierClaim.status == ClaimStatus.OPEN.value)).execute())
        if not updated:
            raise ValidationError(f"Claim #{claim.id} was credited by someone else just now")
        audit.record(actor, "credit", "supplier claim", claim.id,
                     f"Credit {value} received for claim #{claim.id} (expected "
                     f"{claim.expected})", {"status": "open"}, {"status": "credited",
                                                                "received": value})
    return _get(claim_id)


@dataclass(frozen=True)
class ClaimRow:
    claim_id: int
    kind: str
    supplier: str
    sku: str
    part: str
    quantity: Decimal
    expected: Decimal
    received: Decimal
    status: str
    created_at: object
    reference: str


def claims(actor: Actor, *, status: ClaimStatus | None = ClaimStatus.OPEN,
           kind: ClaimKind | None = None) -> list[ClaimRow]:
    """Claims (default: the open ones), oldest first."""
    query = (SupplierClaim.select(SupplierClaim, Supplier.name, Part.sku, Part.name)
             .join(Supplier).switch(SupplierClaim).join(Part)
             .order_by(SupplierClaim.created_at, SupplierClaim.id))
    if status is not None:
        query = query.where(SupplierClaim.status == status.value)
    if kind is not None:
        query = query.where(SupplierClaim.kind == kind.value)
    return [ClaimRow(c.id, c.kind, c.supplier.name, c.part.sku, c.part.name, c.quantity,
                     c.expected, c.received, c.status, c.created_at, c.reference)
            for c in query]


def open_total(actor: Actor, kind: ClaimKind | None = None) -> Decimal:
    """Credit still expected from suppliers."""
    return sum((c.expected for c in claims(actor, kind=kind)), ZERO)
