"""A package is archived, never deleted: no longer offered or due, its history keeps its name,
and it can be brought back; a copy another PC changed since is refused; owner's work."""

from __future__ import annotations

import pytest

from shopdesk.errors import AccessDenied, ConflictError
from shopdesk.models.audit import AuditEntry
from shopdesk.models.vehicles import Vehicle
from shopdesk.services.workshop import maintenance
from tests.helpers.workshop import workshop


def test_an_archived_package_is_no_longer_offered_and_comes_back(owner):
    shop = workshop(owner)
    vehicle = Vehicle.get_by_id(shop.vehicle_id)
    assert any(p.id == shop.package.id for p in maintenance.for_vehicle(owner, vehicle))
    assert any(p.id == shop.package.id for p in maintenance.all_packages(owner))
    archived = maintenance.archive_package(owner, shop.package.id)
    assert archived.archived
    assert all(p.id != shop.package.id for p in maintenance.all_packages(owner))
    kept = maintenance.all_packages(owner, include_archived=True)
    assert [p.name for p in kept if p.id == shop.package.id] == [shop.package.name]
    assert all(p.id != shop.package.id for p in maintenance.for_vehicle(owner, vehicle))
    back = maintenance.archive_package(owner, shop.package.id, archived=False)
    assert not back.archived
    assert any(p.id == shop.package.id for p in maintenance.all_packages(owner))
    actions = [a for (a,) in AuditEntry.select(AuditEntry.action).where(
        AuditEntry.entity == "maintenance package").tuples()]
    assert actions[-2:] == ["archive", "restore"]


def test_archiving_a_stale_copy_is_refused_and_a_clerk_may_not(owner, clerk):
    shop = workshop(owner)
    seen = maintenance.get(owner, shop.package.id)
    maintenance.archive_package(owner, shop.package.id)  # another PC, meanwhile
    maintenance.archive_package(owner, shop.package.id, archived=False)
    with pytest.raises(ConflictError):
        maintenance.archive_package(owner, shop.package.id, version=seen.version)
    with pytest.raises(AccessDenied):
        maintenance.archive_package(clerk, shop.package.id)
    assert not maintenance.get(owner, shop.package.id).archived
