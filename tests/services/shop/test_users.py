"""Staff accounts: who may add them, password rules and hashing, sign-in, the last owner."""

from __future__ import annotations

import json

import argon2
import peewee
import pytest

from shopdesk.errors import AccessDenied, ShopDeskError, ValidationError
from shopdesk.models.audit import AuditEntry
from shopdesk.models.users import Role, User
from shopdesk.services.access import Actor
from shopdesk.services.shop import users
from tests.conftest import PASSWORD

REAL_HASHER = users._hasher


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters, so the many sign-ins here take milliseconds, not 0.15 s."""
    monkeypatch.setattr(users, "_hasher", argon2.PasswordHasher(
        time_cost=1, memory_cost=1024, parallelism=1))


def _last_audit() -> AuditEntry:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).get()


# -- the first account -----------------------------------------------------------------------

def test_first_account_is_the_owner_added_by_nobody(db: peewee.Database) -> None:
    row = users.add_user(None, "olivia", PASSWORD, "owner", "Olivia Owner")
    assert row == users.UserRow("olivia", "Olivia Owner", Role.OWNER, True)
    entry = _last_audit()
    assert (entry.username, entry.action, entry.entity) == ("olivia", "create", "user")
    assert entry.user_id == User.get(User.username == "olivia").id


def test_first_account_must_be_an_owner(db: peewee.Database) -> None:
    with pytest.raises(ValidationError, match="owner"):
        users.add_user(None, "carl", PASSWORD, "clerk")
    assert User.select().count() == 0


def test_nobody_cannot_add_a_second_account(owner: Actor) -> None:
    with pytest.raises(ShopDeskError, match="Only the owner can add users"):
        users.add_user(None, "mallory", PASSWORD, "owner")
    assert not User.select().where(User.username == "mallory").exists()


# -- adding accounts -------------------------------------------------------------------------

@pytest.mark.parametrize("username", [
    "", "   ", "two words", "-dash-first", ".dot", "x" * 41, "olivia@shop", "ünïcode", "a/b",
])
def test_bad_usernames_are_refused(owner: Actor, username: str) -> None:
    with pytest.raises(ValidationError) as caught:
        users.add_user(owner, username, PASSWORD, "clerk")
    assert "username" in caught.value.fields
    assert User.select().count() == 1


@pytest.mark.parametrize("username", ["c", "carl.d", "carl_d-2", "C4RL", "x" * 40])
def test_good_usernames_are_accepted(owner: Actor, username: str) -> None:
    users.add_user(owner, f"  {username} ", PASSWORD, "clerk")
    assert User.select().where(User.username == username).exists()


@pytest.mark.parametrize("taken", ["olivia", "OLIVIA", "Olivia", " olivia "])
def test_duplicate_username_is_refused_whatever_the_case(owner: Actor, taken: str) -> None:
    with pytest.raises(ValidationError, match="taken") as caught:
        users.add_user(owner, taken, PASSWORD, "clerk")
    assert caught.value.fields == {"username": "Already taken"}
    assert User.select().count() == 1


def test_short_password_is_refused_and_nothing_added(owner: Actor) -> None:
    with pytest.raises(ValidationError, match="at least 8 characters") as caught:
        users.add_user(owner, "carl", "1234567", "clerk")
    assert "password" in caught.value.fields
    assert not User.select().where(User.username == "carl").exists()
    users.add_user(owner, "carl", "12345678", "clerk")  # eight is enough


def test_unknown_role_is_refused(owner: Actor) -> None:
    with pytest.raises(ValidationError, match="Unknown role") as caught:
        users.add_user(owner, "boss", PASSWORD, "boss")
    assert "role" in caught.value.fields


def test_real_hashing_is_memory_hard_argon2id() -> None:
    params = argon2.extract_parameters(REAL_HASHER.hash("s3cret-p4ss"))
    assert params.type is argon2.Type.ID
    assert params.memory_cost >= 19 * 1024  # OWASP minimum: 19 MiB
    assert params.time_cost >= 2


def test_weaker_stored_hash_is_upgraded_at_sign_in(
        owner: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    old_hash = User.get(User.username == "olivia").password_hash  # made with cheap parameters
    monkeypatch.setattr(users, "_hasher", REAL_HASHER)
    users.authenticate("olivia", PASSWORD)
    new_hash = User.get(User.username == "olivia").password_hash
    assert new_hash != old_hash
    assert argon2.extract_parameters(new_hash) == argon2.extract_parameters(
        REAL_HASHER.hash("x"))
    assert users.authenticate("olivia", PASSWORD).username == "olivia"


def test_password_is_stored_as_an_argon2id_hash(owner: Actor) -> None:
    users.add_user(owner, "carl", "s3cret-p4ss", "clerk")
    stored = User.get(User.username == "carl").password_hash
    assert stored.startswith("$argon2id$")
    assert "s3cret-p4ss" not in stored
    other = users.add_user(owner, "cara", "s3cret-p4ss", "clerk")
    assert other.username == "cara"
    assert User.get(User.username == "cara").password_hash != stored  # salted


@pytest.mark.parametrize("role", ["clerk", "technician"])
def test_only_the_owner_adds_users(owner: Actor, role: str) -> None:
    users.add_user(owner, "staff", PASSWORD, role)
    staff = users.actor_for("staff")
    with pytest.raises(AccessDenied, match="cannot manage users"):
        users.add_user(staff, "friend", PASSWORD, "owner")
    assert not User.select().where(User.username == "friend").exists()


def test_list_users_puts_owners_first_and_never_shows_hashes(owner: Actor) -> None:
    users.add_user(owner, "aaron", PASSWORD, "clerk")
    users.add_user(owner, "zoe", PASSWORD, "owner")
    listed = users.list_users(owner)
    assert [u.username for u in listed] == ["olivia", "zoe", "aaron"]
    assert all(not hasattr(u, "password_hash") for u in listed)


# -- signing in ------------------------------------------------------------------------------

def test_sign_in_with_the_right_password(owner: Actor) -> None:
    actor = users.authenticate("olivia", PASSWORD)
    assert (actor.username, actor.role) == ("olivia", Role.OWNER)
    assert users.authenticate("  OLIVIA ", PASSWORD).username == "olivia"
    assert User.get(User.username == "olivia").last_login_at is not None
    entry = _last_audit()
    assert (entry.action, entry.username, entry.summary) == ("login", "olivia",
                                                             "olivia signed in")


def test_wrong_password_and_unknown_user_get_the_same_message(owner: Actor) -> None:
    with pytest.raises(ShopDeskError) as wrong:
        users.authenticate("olivia", "not-the-password")
    with pytest.raises(ShopDeskError) as unknown:
        users.authenticate("nobody", PASSWORD)
    assert str(wrong.value) == str(unknown.value) == "Wrong username or password"
    assert AuditEntry.select().where(AuditEntry.action == "login").count() == 0


def test_switched_off_account_cannot_sign_in(clerk: Actor, owner: Actor) -> None:
    users.update_user(owner, "carl", active=False)
    with pytest.raises(ShopDeskError, match="switched off"):
        users.authenticate("carl", PASSWORD)
    with pytest.raises(ShopDeskError, match="switched off"):
        users.actor_for("carl")
    users.update_user(owner, "carl", active=True)
    assert users.authenticate("carl", PASSWORD).username == "carl"


# -- passwords -------------------------------------------------------------------------------

def test_anyone_can_change_their_own_password(clerk: Actor) -> None:
    users.set_password(clerk, "carl", "brand-new-pw")
    entry = _last_audit()
    assert (entry.username, entry.action, entry.entity) == ("carl", "change password", "user")
    assert "brand-new-pw" not in f"{entry.summary}{entry.before}{entry.after}"
    assert users.authenticate("carl", "brand-new-pw").username == "carl"
    with pytest.raises(ShopDeskError, match="Wrong username or password"):
        users.authenticate("carl", PASSWORD)


def test_technician_can_change_their_own_password(technician: Actor) -> None:
    users.set_password(technician, "tina", "brand-new-pw")
    assert users.authenticate("tina", "brand-new-pw").username == "tina"


def test_clerk_cannot_change_someone_elses_password(clerk: Actor, owner: Actor) -> None:
    with pytest.raises(AccessDenied):
        users.set_password(clerk, "olivia", "hijacked-pw")
    assert users.authenticate("olivia", PASSWORD).username == "olivia"


def test_owner_can_reset_a_staff_password(clerk: Actor, owner: Actor) -> None:
    users.set_password(owner, "CARL", "reset-by-owner")
    assert _last_audit().username == "olivia"
    assert users.authenticate("carl", "reset-by-owner").username == "carl"


def test_new_password_must_be_long_enough(clerk: Actor) -> None:
    with pytest.raises(ValidationError, match="at least 8"):
        users.set_password(clerk, "carl", "short")
    assert users.authenticate("carl", PASSWORD).username == "carl"


def test_password_for_unknown_user_is_refused(owner: Actor) -> None:
    with pytest.raises(ValidationError, match="There is no user"):
        users.set_password(owner, "nobody", "whatever-pw")


# -- roles and the last owner ----------------------------------------------------------------

def test_last_active_owner_cannot_be_switched_off(owner: Actor) -> None:
    with pytest.raises(ValidationError, match="at least one active owner"):
        users.update_user(owner, "olivia", active=False)
    assert User.get(User.username == "olivia").active is True


def test_last_active_owner_cannot_be_demoted(owner: Actor) -> None:
    with pytest.raises(ValidationError, match="at least one active owner"):
        users.update_user(owner, "olivia", role="clerk")
    assert User.get(User.username == "olivia").role == "owner"


def test_an_inactive_second_owner_does_not_count(owner: Actor) -> None:
    users.add_user(owner, "otto", PASSWORD, "owner")
    users.update_user(owner, "otto", active=False)
    with pytest.raises(ValidationError):
        users.update_user(owner, "olivia", role="clerk")


def test_with_two_owners_one_may_step_down(owner: Actor) -> None:
    users.add_user(owner, "otto", PASSWORD, "owner")
    row = users.update_user(owner, "olivia", role="clerk")
    assert row.role is Role.CLERK
    otto = users.actor_for("otto")
    with pytest.raises(ValidationError):
        users.update_user(otto, "otto", active=False)  # now otto is the last one


def test_clerk_cannot_change_roles(clerk: Actor) -> None:
    with pytest.raises(AccessDenied):
        users.update_user(clerk, "carl", role="owner")
    assert User.get(User.username == "carl").role == "clerk"


# -- the audit trail -------------------------------------------------------------------------

def test_every_change_to_an_account_is_audited(owner: Actor) -> None:
    start = AuditEntry.select().count()
    users.add_user(owner, "carl", PASSWORD, "clerk", "Carl")
    carl_id = User.get(User.username == "carl").id
    users.update_user(owner, "carl", role="technician", display_name="Carl C")
    users.set_password(owner, "carl", "another-pw")
    users.update_user(owner, "carl", active=False)

    entries = list(AuditEntry.select().where(AuditEntry.id > start).order_by(AuditEntry.id))
    assert [(e.username, e.action, e.entity, e.entity_id) for e in entries] == [
        ("olivia", "create", "user", str(carl_id)),
        ("olivia", "update", "user", str(carl_id)),
        ("olivia", "change password", "user", str(carl_id)),
        ("olivia", "update", "user", str(carl_id)),
    ]
    assert all(e.user_id == owner.user_id and e.at is not None for e in entries)
    created, renamed, _, switched_off = entries
    assert json.loads(created.after) == {"username": "carl", "role": "clerk",
                                         "display_name": "Carl"}
    assert json.loads(renamed.before) == {"role": "clerk", "display_name": "Carl"}
    assert json.loads(renamed.after) == {"role": "technician", "display_name": "Carl C"}
    assert json.loads(switched_off.before) == {"active": True}
    assert json.loads(switched_off.after) == {"active": False}
    assert all("$argon2" not in f"{e.before}{e.after}" for e in entries)


def test_a_refused_change_leaves_no_audit_entry(owner: Actor) -> None:
    start = AuditEntry.select().count()
    with pytest.raises(ValidationError):
        users.update_user(owner, "olivia", active=False)
    with pytest.raises(ValidationError):
        users.add_user(owner, "x y", PASSWORD, "clerk")
    assert AuditEntry.select().count() == start


def test_first_owner_is_the_oldest_active_owner(owner):
    users.add_user(owner, "second", "second-owner-pw", "owner")
    assert users.first_owner().username == "olivia"


def test_first_owner_in_a_database_without_accounts_is_a_clear_error(db):
    with pytest.raises(ShopDeskError, match="no active owner account"):
        users.first_owner()
