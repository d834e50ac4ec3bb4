"""Staff accounts: add, list, change password and role, sign in (argon2id hashes).

Sign-in (issue 21): wrong passwords in a row are counted on the account; after each one the
next try waits 1, 2, 4 … s (at most :data:`MAX_DELAY_SECONDS`; refused with "try again in
N s", never slept), and after :data:`LOCK_AFTER` the account is locked until the owner unlocks
it (Settings → Users, ``shopdesk users unlock``). Every sign-in, failed or not, is audited.
Automatic sign-in is for clerk accounts only, checked again at each sign-in, and needs this
PC's token (:mod:`shopdesk.pc_secret`), whose SHA-256 the database keeps (``pc_sign_in``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass

import argon2
import peewee

from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.users import PcSignIn, Role, User
from shopdesk.services import audit
from shopdesk.services.access import Actor, Approval, Permission, require

MIN_PASSWORD_LENGTH = 8
LOCK_AFTER = 10  # wrong passwords in a row that lock an account
MAX_DELAY_SECONDS = 30
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_hasher = argon2.PasswordHasher()  # argon2id, RFC 9106 low-memory profile (64 MiB, t=3)

WRONG_LOGIN = QT_TRANSLATE_NOOP("Errors", "Wrong username or password")
TRY_LATER = QT_TRANSLATE_NOOP("Errors", "Too many wrong passwords: try again in {seconds} s")
LOCKED = QT_TRANSLATE_NOOP("Errors", "The account {username} is locked after {count} wrong "
                                     "passwords; the owner can unlock it in Settings → Users")
SWITCHED_OFF = QT_TRANSLATE_NOOP("Errors",
                                 "The account {username} is switched off; ask the owner")


@dataclass(frozen=True)
class UserRow:
    """A user as lists show them (never the hash)."""

    username: str
    display_name: str
    role: Role
    active: bool
    locked: bool = False
    see_costs: bool = False  # the owner let them see costs and margins (owners always do)


def _row(user: User) -> UserRow:
    return UserRow(user.username, user.display_name, Role(user.role), user.active,
                   user.failed_sign_ins >= LOCK_AFTER, user.see_costs)


@dataclass(frozen=True)
class StaffMember:
    """A member of staff as a picker shows them: id and the name people know them by."""

    id: int
    name: str
    role: Role


def _member(user: User) -> StaffMember:
    return StaffMember(user.id, user.label, Role(user.role))


def technicians(actor: Actor) -> list[StaffMember]:
    """Who can be put on a job: every active technician, and every active owner.

    The one rule for the job's technician, the booking's technician and the calendar's
    technician columns. A small shop's owner often works on the cars too (the owner holds
    every permission, WORK_JOBS included); clerks never do. Sorted by name.
    """
    query = (User.select()
             .where((User.active == True)  # noqa: E712 (peewee expression)
                    & User.role.in_([Role.TECHNICIAN.value, Role.OWNER.value])))
    return sorted((_member(u) for u in query), key=lambda m: (m.name.casefold(), m.id))


def active_staff(actor: Actor) -> list[StaffMember]:
    """Every active account, by username (who a task or a follow-up can be given to)."""
    query = User.select().where(User.active == True).order_by(User.username)  # noqa: E712
    return [_member(u) for u in query]


def names_by_id(actor: Actor) -> dict[int, str]:
    """Every user's name by id, the switched-off ones too (tables name who did a thing)."""
    return {u.id: u.label for u in User.select(User.id, User.username, User.display_name)}


def hash_password(password: str) -> str:
    """Hash a new password with argon2id."""
    return _hasher.hash(password)


def password_problem(password: str) -> ValidationError | None:
    """What is wrong with a new password (None: nothing): at least 8 characters, not only
    spaces, no control characters (NUL, tab, escape …). The set-up wizard shows it as typed."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The password needs at least {n} characters"),
            {"password": QT_TRANSLATE_NOOP("Errors", "At least {n} characters")},
            n=MIN_PASSWORD_LENGTH)
    if not password.strip():
        return ValidationError(
            QT_TRANSLATE_NOOP("Errors", "A password of only spaces is too easy to guess"),
            {"password": QT_TRANSLATE_NOOP("Errors", "Not only spaces")})
    if any(unicodedata.category(c) == "Cc" for c in password):
        return ValidationError(
            QT_TRANSLATE_NOOP("Errors", "A password cannot hold control characters (such as "
                                        "tab or NUL)"),
            {"password": QT_TRANSLATE_NOOP("Errors", "No control characters")})
    return None


def _check_password_rules(password: str) -> None:
    problem = password_problem(password)
    if problem is not None:
        raise problem


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
    return _row(user)


def list_users(actor: Actor, *, include_inactive: bool = True) -> list[UserRow]:
    """Every account, owners first, then by username."""
    query = User.select().order_by(User.role != Role.OWNER.value, User.username)
    if not include_inactive:
        query = query.where(User.active == True)  # noqa: E712 (peewee expression)
    return [_row(u) for u in query]


def delay_after(failures: int) -> int:
    """Seconds the next try waits after ``failures`` wrong passwords in a row: 0, 1, 2, 4 …
    up to :data:`MAX_DELAY_SECONDS`."""
    return 0 if failures <= 0 else min(2 ** (failures - 1), MAX_DELAY_SECONDS)


def _typed(username: str) -> str:
    """A typed username as the audit log keeps it: printable, at most 40 characters."""
    return "".join(c for c in username.strip() if c.isprintable())[:40] or "?"


def _refused(user: User | None, typed: str, why: str, error: ShopDeskError) -> ShopDeskError:
    """Audit a refused sign-in (committed, though the caller then raises ``error``)."""
    with db.atomic():
        audit.record(Actor(None, _typed(typed), Role.TECHNICIAN), "failed sign-in", "user",
                     user.id if user is not None else "", why)
    return error


def _waiting(user: User, now: dt.datetime) -> ShopDeskError | None:
    """The refusal of a locked account, or of a try before its delay has passed."""
    if user.failed_sign_ins >= LOCK_AFTER:
        return ShopDeskError(LOCKED, username=user.username, count=LOCK_AFTER)
    if user.failed_sign_in_at is None:
        return None
    ready = user.failed_sign_in_at + dt.timedelta(seconds=delay_after(user.failed_sign_ins))
    if now < ready:
        left = max(1, int((ready - now).total_seconds() + 0.999))
        return ShopDeskError(TRY_LATER, seconds=left)
    return None


_dummy_hashes: dict[tuple, str] = {}  # hasher's parameters -> a hash of nobody's password


def _verify_dummy(password: str) -> None:
    """Check ``password`` against a hash made with the same parameters as the real ones: an
    unknown username costs exactly what a wrong password for a real user costs (one argon2
    verification), so how long a refusal takes does not tell which usernames exist."""
    hasher = _hasher
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism, hasher.hash_len,
           hasher.salt_len, hasher.type)
    dummy = _dummy_hashes.get(key)
    if dummy is None:
        dummy = _dummy_hashes[key] = hasher.hash(secrets.token_urlsafe(16))
    with contextlib.suppress(argon2.exceptions.VerificationError):
        hasher.verify(dummy, password)


def authenticate(username: str, password: str, *, now: dt.datetime | None = None) -> Actor:
    """Check a sign-in. The same message for an unknown user and a wrong password.

    A wrong password counts against the account (a growing delay, then a lockout); a locked
    account, or a try within the delay, is refused without looking at the password. Every
    outcome is audited. ``now`` (naive UTC) is for tests."""
    now = now or utcnow()
    user = User.get_or_none(peewee.fn.LOWER(User.username) == username.strip().lower())
    if user is None:
        _verify_dummy(password)  # the same work as a wrong password: timing tells nothing
        raise _refused(None, username, f"No user {_typed(username)}", ShopDeskError(WRONG_LOGIN))
    waiting = _waiting(user, now)
    if waiting is not None:
        raise _refused(user, user.username, f"Sign-in as {user.username} refused: "
                       f"{waiting}", waiting)
    try:
        _hasher.verify(user.password_hash, password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        with db.atomic():  # counted atomically: two PCs guessing at once both count
            User.update({User.failed_sign_ins: User.failed_sign_ins + 1,
                         User.failed_sign_in_at: now}).where(User.id == user.id).execute()
            count = User.get_by_id(user.id).failed_sign_ins
        raise _refused(user, user.username, f"Wrong password for {user.username} "
                       f"({count} in a row)", ShopDeskError(WRONG_LOGIN)) from None
    if not user.active:
        raise _refused(user, user.username, f"{user.username} is switched off",
                       ShopDeskError(SWITCHED_OFF, username=user.username))
    actor = Actor.of(user)
    with db.atomic():
        updates = {User.last_login_at: now, User.failed_sign_ins: 0,
                   User.failed_sign_in_at: None}
        if _hasher.check_needs_rehash(user.password_hash):
            updates[User.password_hash] = hash_password(password)
        User.update(updates).where(User.id == user.id).execute()
        audit.record(actor, "login", "user", user.id, f"{user.username} signed in")
    return actor


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def enable_auto_sign_in(actor: Actor, username: str) -> str:
    """Let one PC sign ``username`` (a clerk) in automatically: returns the new token for
    that PC to keep (:mod:`shopdesk.pc_secret`); the database keeps only its hash."""
    require(actor, Permission.MANAGE_USERS)
    token = secrets.token_urlsafe(32)
    with db.atomic():
        user = _find(username)
        if user.role != Role.CLERK.value or not user.active:
            raise ValidationError(QT_TRANSLATE_NOOP(
                "Errors", "Only an active clerk account can sign in automatically"))
        PcSignIn.create(user=user.id, token_hash=_token_hash(token))
        audit.record(actor, "allow automatic sign-in", "user", user.id,
                     f"A PC may sign {user.username} in automatically")
    return token


def disable_auto_sign_in(actor: Actor, token: str) -> None:
    """This PC no longer signs anyone in automatically (its token stops working)."""
    with db.atomic():
        row = PcSignIn.get_or_none(PcSignIn.token_hash == _token_hash(token))
        if row is None:
            return
        row.delete_instance()
        audit.record(actor, "stop automatic sign-in", "user", row.user_id,
                     "A PC no longer signs in automatically")


def auto_sign_in(username: str, token: str) -> Actor:
    """The front desk's automatic sign-in, checked as at the keyboard: the account exists,
    is active, is a clerk, is not locked, and ``token`` is one a PC was given for it.
    Refused and successful tries are audited."""
    user = User.get_or_none(peewee.fn.LOWER(User.username) == username.strip().lower())
    refusal = ShopDeskError(QT_TRANSLATE_NOOP(
        "Errors", "Automatic sign-in as {username} is not allowed on this PC"),
        username=_typed(username))
    if user is None:
        raise _refused(None, username, f"Automatic sign-in: no user {_typed(username)}",
                       refusal)
    known = token and (PcSignIn.select().where((PcSignIn.user == user.id) & (
        PcSignIn.token_hash == _token_hash(token))).exists())
    if not known:
        raise _refused(user, user.username, f"Automatic sign-in as {user.username} without "
                       "this PC's secret", refusal)
    if user.role != Role.CLERK.value:
        raise _refused(user, user.username, f"Automatic sign-in as {user.username}, a "
                       f"{user.role}: only clerks sign in automatically", refusal)
    waiting = _waiting(user, utcnow())
    if not user.active or (waiting is not None and user.failed_sign_ins >= LOCK_AFTER):
        raise _refused(user, user.username, f"Automatic sign-in as {user.username}: "
                       "switched off or locked", refusal)
    actor = Actor.of(user)
    with db.atomic():
        User.update({User.last_login_at: utcnow()}).where(User.id == user.id).execute()
        audit.record(actor, "login", "user", user.id,
                     f"{user.username} signed in automatically")
    return actor


def unlock(actor: Actor, username: str) -> UserRow:
    """The owner lifts a lockout (or a delay) after wrong passwords."""
    require(actor, Permission.MANAGE_USERS)
    with db.atomic():
        user = _find(username)
        User.update({User.failed_sign_ins: 0, User.failed_sign_in_at: None}).where(
            User.id == user.id).execute()
        audit.record(actor, "unlock", "user", user.id,
                     f"Unlocked {user.username} after {user.failed_sign_ins} wrong passwords")
        user.failed_sign_ins = 0
    return _row(user)


def actor_for(username: str) -> Actor:
    """The Actor of an active account, without a password (front-desk automatic sign-in)."""
    user = _find(username)
    if not user.active:
        raise ShopDeskError(SWITCHED_OFF, username=user.username)
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
    return _row(user)


def owner_approval(actor: Actor, owner_username: str, password: str, what: str, *,
                   now: dt.datetime | None = None) -> Approval:
    """An owner approves, there and then at ``actor``'s desk, one thing ``actor`` may not do
    alone (``what``: e.g. "a 25% discount"). Checks the owner's password (the same refusal
    for an unknown name, a wrong password and someone who is not an active owner, so the
    prompt tells nothing) and audits the approval with both names. The returned
    :class:`Approval` goes to the service call it was asked for.

    Wrong passwords count against the account named, exactly as at sign-in (one count for
    both, so guesses cannot alternate between the two): the next try waits 1, 2, 4 … s, after
    :data:`LOCK_AFTER` the account is locked until unlocked; a try within the delay is refused
    without looking at the password; refused tries are audited. ``now`` (naive UTC) is for
    tests."""
    now = now or utcnow()
    refusal = QT_TRANSLATE_NOOP("Errors", "That is not an owner's username and password")
    user = User.get_or_none(peewee.fn.LOWER(User.username) == owner_username.strip().lower())
    if user is None:
        _verify_dummy(password)  # the same work as a wrong password: timing tells nothing
        raise _refused_approval(actor, None, owner_username,
                                f"No user {_typed(owner_username)}", ShopDeskError(refusal))
    waiting = _waiting(user, now)
    if waiting is not None:
        raise _refused_approval(actor, user, user.username, f"Approval by {user.username} "
                                f"refused: {waiting}", waiting)
    try:
        _hasher.verify(user.password_hash, password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        with db.atomic():  # counted atomically, as a wrong sign-in is
            User.update({User.failed_sign_ins: User.failed_sign_ins + 1,
                         User.failed_sign_in_at: now}).where(User.id == user.id).execute()
            count = User.get_by_id(user.id).failed_sign_ins
        raise _refused_approval(actor, user, user.username, f"Wrong password for "
                                f"{user.username} ({count} in a row)",
                                ShopDeskError(refusal)) from None
    if not user.active or user.role != Role.OWNER.value:
        raise ShopDeskError(refusal)
    owner = Actor.of(user)
    with db.atomic():
        if user.failed_sign_ins or user.failed_sign_in_at is not None:
            User.update({User.failed_sign_ins: 0, User.failed_sign_in_at: None}).where(
                User.id == user.id).execute()
        audit.record(owner, "approve", "user", actor.user_id,
                     f"{owner.label} approved {what} for {actor.label}",
                     after={"approved_by": owner.username, "for": actor.username,
                            "what": what})
    return Approval(owner, what)


def _refused_approval(actor: Actor, user: User | None, typed: str, why: str,
                      error: ShopDeskError) -> ShopDeskError:
    """Audit a refused owner's approval (committed, though the caller then raises ``error``),
    in the name of the person at the desk."""
    with db.atomic():
        audit.record(actor, "failed approval", "user", user.id if user is not None else "",
                     f"{why} (asked by {actor.label})")
    return error
