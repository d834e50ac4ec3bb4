"""Staff accounts: add, list, change password and role, sign in (argon2id hashes)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import argon2
import peewee

from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.users import Role, User
from shopdesk.services import audit
from shopdesk.services.access import Actor, Approval, Permission, require

MIN_PASSWORD_LENGTH = 8
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_hasher = argon2.PasswordHasher()  # argon2id, RFC 9106 low-memory profile (64 MiB, t=3)

WRONG_LOGIN = "Wrong username or password"


@dataclass(frozen=True)
class UserRow:
    """A user as lists show them (never the hash)."""

    username: str
    display_name: str
    role: Role
    active: bool
    see_costs: bool = False  # the owner let them see costs and margins (owners always do)


@dataclass(frozen=True)
class StaffMember:
    """A member of staff as a picker shows them: id and the name people know them by."""

    id: int
    name: str
    role: Role


def _member(user: User) -> StaffMember:
    return StaffMember(user.id, user.label, Role(user.role))


def technicians() -> list[StaffMember]:
    """Who can be put on a job: every active technician, and every active owner.

    The one rule for the job's technician, the booking's technician and the calendar's
    technician columns. A small shop's owner often works on the cars too (the owner holds
    every permission, WORK_JOBS included); clerks never do. Sorted by name.
    """
    query = (User.select()
             .where((User.active == True)  # noqa: E712 (peewee expression)
                    & User.role.in_([Role.TECHNICIAN.value, Role.OWNER.value])))
    return sorted((_member(u) for u in query), key=lambda m: (m.name.casefold(), m.id))


def active_staff() -> list[StaffMember]:
    """Every active account, by username (who a task or a follow-up can be given to)."""
    query = User.select().where(User.active == True).order_by(User.username)  # noqa: E712
    return [_member(u) for u in query]


def names_by_id() -> dict[int, str]:
    """Every user's name by id, the switched-off ones too (tables name who did a thing)."""
    return {u.id: u.label for u in User.select(User.id, User.username, User.display_name)}


def hash_password(password: str) -> str:
    """Hash a new password with argon2id."""
    return _hasher.hash(password)


def _check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters",
            {"password": f"At least {MIN_PASSWORD_LENGTH} characters"})


def _parse_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValidationError(f"Unknown role {role!r}: use one of {names}",
                              {"role": "Unknown role"}) from None


def _find(username: str) -> User:
    user = User.get_or_none(peewee.fn.LOWER(User.username) == username.strip().lower())
    if user is None:
        raise ValidationError(f"There is no user {username!r}", {"username": "No such user"})
    return user


def add_user(actor: Actor | None, username: str, password: str, role: Role | str,
             display_name: str = "") -> UserRow:
    """Create an account. ``actor`` may be None only for the very first (owner) account."""
    username = username.strip()
    role = _parse_role(role)
    with db.atomic():
        if actor is None:
            if User.select().exists():
                raise ShopDeskError("Only the owner can add users")
            if role is not Role.OWNER:
                raise ValidationError("The first account must be the owner's")
        else:
            require(actor, Permission.MANAGE_USERS)
        if not _USERNAME.match(username):
            raise ValidationError(
                "A username is 1–40 letters, digits, dots, dashes or underscores",
                {"username": "Letters, digits, . _ - only"})
        if User.select().where(peewee.fn.LOWER(User.username) == username.lower()).exists():
            raise ValidationError(f"The username {username!r} is taken",
                                  {"username": "Already taken"})
        _check_password_rules(password)
        user = User.create(username=username, display_name=display_name.strip(),
                           role=role.value, password_hash=hash_password(password))
        who = actor or Actor.of(user)
        audit.record(who, "create", "user", user.id, f"Added {role.value} {username}",
                     after={"username": username, "role": role.value,
                            "display_name": user.display_name})
    return UserRow(user.username, user.display_name, role, True)


def list_users(*, include_inactive: bool = True) -> list[UserRow]:
    """Every account, owners first, then by username."""
    query = User.select().order_by(User.role != Role.OWNER.value, User.username)
    if not include_inactive:
        query = query.where(User.active == True)  # noqa: E712 (peewee expression)
    return [UserRow(u.username, u.display_name, Role(u.role), u.active, u.see_costs)
            for u in query]


def authenticate(username: str, password: str) -> Actor:
    """Check a sign-in. The same message for an unknown user and a wrong password."""
    user = User.get_or_none(peewee.fn.LOWER(User.username) == username.strip().lower())
    try:
        if user is None:
            _hasher.hash(password)  # spend the same time, so timing tells nothing
            raise ShopDeskError(WRONG_LOGIN)
        _hasher.verify(user.password_hash, password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        raise ShopDeskError(WRONG_LOGIN) from None
    if not user.active:
        raise ShopDeskError(f"The account {user.username!r} is switched off; ask the owner")
    actor = Actor.of(user)
    with db.atomic():
        updates = {User.last_login_at: utcnow()}
        if _hasher.check_needs_rehash(user.password_hash):
            updates[User.password_hash] = hash_password(password)
        User.update(updates).where(User.id == user.id).execute()
        audit.record(actor, "login", "user", user.id, f"{user.username} signed in")
    return actor


def actor_for(username: str) -> Actor:
    """The Actor of an active account, without a password (front-desk automatic sign-in)."""
    user = _find(username)
    if not user.active:
        raise ShopDeskError(f"The account {user.username!r} is switched off; ask the owner")
    return Actor.of(user)


def first_owner() -> Actor:
    """The oldest active owner account (the installer's smoke run opens the window as it)."""
    owner = (User.select().where((User.role == Role.OWNER.value) & (User.active == True))  # noqa: E712
             .order_by(User.id).first())
    if owner is None:
        raise ShopDeskError("This database has no active owner account")
    return Actor.of(owner)


def set_password(actor: Actor, username: str, new_password: str) -> None:
    """Change a password: your own, or anyone's if you manage users."""
    with db.atomic():
        user = _find(username)
        if user.id != actor.user_id:
            require(actor, Permission.MANAGE_USERS)
        _check_password_rules(new_password)
        User.update({User.password_hash: hash_password(new_password),
                     User.version: User.version + 1}).where(User.id == user.id).execute()
        audit.record(actor, "change password", "user", user.id,
                     f"Password of {user.username} changed")


def _active_owner_count() -> int:
    return User.select().where((User.role == Role.OWNER.value) & (User.active == True)).count()  # noqa: E712


def update_user(actor: Actor, username: str, *, role: Role | str | None = None,
                display_name: str | None = None, active: bool | None = None,
                see_costs: bool | None = None) -> UserRow:
    """Change a user's role, name, active flag or cost grant (may they see costs and margins);
    the last active owner always stays."""
    require(actor, Permission.MANAGE_USERS)
    with db.atomic():
        user = _find(username)
        before = {"role": user.role, "display_name": user.display_name, "active": user.active,
                  "see_costs": user.see_costs}
        if role is not None:
            user.role = _parse_role(role).value
        if display_name is not None:
            user.display_name = display_name.strip()
        if active is not None:
            user.active = active
        if see_costs is not None:
            user.see_costs = bool(see_costs)
        was_owner = before["role"] == Role.OWNER.value and before["active"]
        still_owner = user.role == Role.OWNER.value and user.active
        if was_owner and not still_owner and _active_owner_count() <= 1:
            raise ValidationError("The shop needs at least one active owner account")
        user.save_checked()
        after = {"role": user.role, "display_name": user.display_name, "active": user.active,
                 "see_costs": user.see_costs}
        old, new = audit.changes(before, after)
        audit.record(actor, "update", "user", user.id, f"Changed {user.username}", old, new)
    return UserRow(user.username, user.display_name, Role(user.role), user.active,
                   user.see_costs)


def owner_approval(actor: Actor, owner_username: str, password: str, what: str) -> Approval:
    """An owner approves, there and then at ``actor``'s desk, one thing ``actor`` may not do
    alone (``what``: e.g. "a 25% discount"). Checks the owner's password (the same refusal
    for an unknown name, a wrong password and someone who is not an active owner, so the
    prompt tells nothing) and audits the approval with both names. The returned
    :class:`Approval` goes to the service call it was asked for."""
    refusal = QT_TRANSLATE_NOOP("Errors", "That is not an owner's username and password")
    user = User.get_or_none(peewee.fn.LOWER(User.username) == owner_username.strip().lower())
    try:
        if user is None:
            _hasher.hash(password)  # spend the same time, so timing tells nothing
            raise ShopDeskError(refusal)
        _hasher.verify(user.password_hash, password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        raise ShopDeskError(refusal) from None
    if not user.active or user.role != Role.OWNER.value:
        raise ShopDeskError(refusal)
    owner = Actor.of(user)
    with db.atomic():
        audit.record(owner, "approve", "user", actor.user_id,
                     f"{owner.label} approved {what} for {actor.label}",
                     after={"approved_by": owner.username, "for": actor.username,
                            "what": what})
    return Approval(owner, what)
