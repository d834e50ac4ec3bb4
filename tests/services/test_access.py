"""What each role may do: enforced by the services, whatever the GUI shows."""

from __future__ import annotations

import argon2
import pytest

from shopdesk.errors import AccessDenied
from shopdesk.models.users import Role
from shopdesk.services import audit
from shopdesk.services.access import (
    COMMAND_LINE,
    ROLE_PERMISSIONS,
    Actor,
    Permission,
    require,
)
from shopdesk.services.shop import users

OWNER_ONLY = {
    Permission.MANAGE_USERS, Permission.CHANGE_SETTINGS, Permission.VIEW_AUDIT,
    Permission.CHANGE_PRICES, Permission.SEE_COSTS, Permission.ISSUE_CREDIT_NOTES,
    Permission.VIEW_OWNER_REPORTS, Permission.RESTORE_BACKUP,
}


def _actor(role: Role) -> Actor:
    return Actor(7, f"a-{role.value}", role)


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters: these tests are about roles, not password hashing."""
    monkeypatch.setattr(users, "_hasher", argon2.PasswordHasher(
        time_cost=1, memory_cost=1024, parallelism=1))


def test_every_role_has_a_permission_set() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.parametrize("permission", list(Permission))
def test_owner_can_do_everything(permission: Permission) -> None:
    owner = _actor(Role.OWNER)
    assert owner.can(permission)
    require(owner, permission)  # does not raise


@pytest.mark.parametrize("permission", sorted(OWNER_ONLY))
def test_clerk_cannot_do_owner_things(permission: Permission) -> None:
    clerk = _actor(Role.CLERK)
    assert not clerk.can(permission)
    with pytest.raises(AccessDenied) as caught:
        require(clerk, permission)
    assert str(caught.value) == f"A clerk cannot {permission.value}; ask the owner."


@pytest.mark.parametrize("permission", sorted(set(Permission) - OWNER_ONLY))
def test_clerk_runs_the_front_desk(permission: Permission) -> None:
    assert _actor(Role.CLERK).can(permission)


@pytest.mark.parametrize("permission", list(Permission))
def test_technician_only_works_jobs(permission: Permission) -> None:
    technician = _actor(Role.TECHNICIAN)
    assert technician.can(permission) is (permission is Permission.WORK_JOBS)
    if permission is not Permission.WORK_JOBS:
        with pytest.raises(AccessDenied, match="A technician cannot"):
            require(technician, permission)


def test_the_command_line_acts_as_owner() -> None:
    assert COMMAND_LINE.role is Role.OWNER
    assert all(COMMAND_LINE.can(p) for p in Permission)


def test_actor_of_a_signed_in_user(clerk: Actor) -> None:
    assert (clerk.username, clerk.role, clerk.label) == ("carl", Role.CLERK, "Carl Clerk")
    assert not clerk.can(Permission.VIEW_AUDIT)


def test_audit_log_is_for_the_owner_only(owner: Actor, clerk: Actor,
                                         technician: Actor) -> None:
    rows = audit.recent(owner)
    assert rows and rows[0].summary == "Added technician tina"
    assert [r.entity_id for r in audit.recent(owner, entity="tax rate")] == ["ZERO", "STD"]
    assert len(audit.recent(owner, limit=2)) == 2
    for staff in (clerk, technician):
        with pytest.raises(AccessDenied, match="cannot browse the audit log"):
            audit.recent(staff)
