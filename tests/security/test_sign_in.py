"""Issue 21, item 7: sign-in. ``this-pc.json`` mapped a database to a username with no secret
and ``sign_in`` did not check the role again, so writing "owner" there signed in as the owner;
30 wrong passwords in a row, then the right one, worked; failed sign-ins were not audited;
eight spaces or eight NULs were accepted as a password."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat

import argon2
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from shopdesk import db as database
from shopdesk import pc_secret
from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.gui.app import AppController, make_application
from shopdesk.gui.dialogs.login import LoginDialog
from shopdesk.gui.dialogs.settings import SettingsDialog
from shopdesk.local_config import LocalConfig
from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import utcnow
from shopdesk.models.users import User
from shopdesk.services.shop import users
from tests.conftest import PASSWORD
from tests.gui.conftest import (  # noqa: F401 (fixtures)
    _garbage_on_the_gui_thread,
    _no_modal_boxes,
    make_window,
)
from tests.helpers.cli import run_shopdesk

T0 = dt.datetime(2026, 11, 2, 9, 0, 0)


def _seconds(n: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=n)


@pytest.fixture(autouse=True)
def _this_pc_forgets():
    """Each test starts and ends with an empty this-pc.json and no secrets on this PC."""
    LocalConfig().save()
    pc_secret.secrets_path().unlink(missing_ok=True)
    yield
    LocalConfig().save()
    pc_secret.secrets_path().unlink(missing_ok=True)


def _failed_entries() -> list[tuple[str, str]]:
    return [(e.username, e.summary) for e in
            AuditEntry.select().where(AuditEntry.action == "failed sign-in").order_by(
                AuditEntry.id)]


def _sign_in_at_start(qtbot, db_url) -> tuple[object, list[str]]:
    """What the window's start-up signs in as; a sign-in dialog that comes up is noted and
    cancelled (None)."""
    make_application()
    controller = AppController(db_url)
    assert controller.open_database()
    asked: list[str] = []
    done = False

    def answer() -> None:
        if done:  # (signed in without a dialog: later tests' dialogs are not ours to close)
            return
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        asked.append(type(dialog).__name__)
        dialog.reject()

    QTimer.singleShot(0, answer)
    actor = controller.sign_in()
    done = True
    if not asked:
        qtbot.wait(30)
        asked.clear()
    return actor, asked


def _allow_auto_sign_in(owner, db, username: str) -> str:
    """As Settings → This PC does: the database keeps the hash, this PC the token."""
    key = database.target_of(db).describe()
    token = users.enable_auto_sign_in(owner, username)
    pc_secret.save(key, token)
    config = LocalConfig.load()
    config.auto_login[key] = username
    config.save()
    return key


# -- automatic sign-in -----------------------------------------------------------------------

def test_writing_owner_into_this_pc_json_does_not_sign_in_as_the_owner(
        qtbot, db, db_url, owner, clerk):
    config = LocalConfig.load()
    config.auto_login[database.target_of(db).describe()] = "olivia"
    config.save()
    actor, asked = _sign_in_at_start(qtbot, db_url)
    assert actor is None and asked == ["LoginDialog"]
    assert _failed_entries() == [
        ("olivia", "Automatic sign-in as olivia without this PC's secret")]
    # nor with the secret this PC holds for the clerk: the role is checked at each sign-in
    _allow_auto_sign_in(owner, db, "carl")
    config = LocalConfig.load()
    config.auto_login[database.target_of(db).describe()] = "olivia"
    config.save()
    actor, asked = _sign_in_at_start(qtbot, db_url)
    assert actor is None and asked == ["LoginDialog"]


def test_a_clerk_signs_in_automatically_with_this_pcs_secret_only(qtbot, db, db_url, owner,
                                                                  clerk):
    key = _allow_auto_sign_in(owner, db, "carl")
    actor, asked = _sign_in_at_start(qtbot, db_url)
    assert actor is not None and actor.username == "carl" and asked == []
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().summary == (
        "carl signed in automatically")
    # the secret is not in this-pc.json, and its file is this user's only
    from shopdesk import paths

    assert pc_secret.load(key) not in paths.local_config_path().read_text()
    if os.name == "posix":
        assert stat.S_IMODE(pc_secret.secrets_path().stat().st_mode) == 0o600
    # a copy of this-pc.json on another PC (no secret there) signs nobody in
    pc_secret.secrets_path().unlink()
    actor, asked = _sign_in_at_start(qtbot, db_url)
    assert actor is None and asked == ["LoginDialog"]


def test_automatic_sign_in_is_checked_again_role_active_and_lock(qtbot, db, db_url, owner,
                                                                 clerk):
    _allow_auto_sign_in(owner, db, "carl")
    users.update_user(owner, "carl", role="owner")  # promoted after the PC was set up
    assert _sign_in_at_start(qtbot, db_url)[0] is None
    users.update_user(owner, "carl", role="clerk", active=False)
    assert _sign_in_at_start(qtbot, db_url)[0] is None
    users.update_user(owner, "carl", active=True)
    for n in range(users.LOCK_AFTER):
        with pytest.raises(ShopDeskError):
            users.authenticate("carl", "guess", now=_seconds(60 * n))
    assert _sign_in_at_start(qtbot, db_url)[0] is None  # locked: not even automatically
    users.unlock(owner, "carl")
    assert _sign_in_at_start(qtbot, db_url)[0].username == "carl"


def test_a_secret_a_forged_or_old_token_does_not_sign_in(db, owner, clerk):
    token = users.enable_auto_sign_in(owner, "carl")
    assert users.auto_sign_in("carl", token).username == "carl"
    with pytest.raises(ShopDeskError, match="not allowed on this PC"):
        users.auto_sign_in("carl", "forged-" + token)
    with pytest.raises(ShopDeskError, match="not allowed on this PC"):
        users.auto_sign_in("carl", "")
    users.disable_auto_sign_in(owner, token)
    with pytest.raises(ShopDeskError, match="not allowed on this PC"):
        users.auto_sign_in("carl", token)
    with pytest.raises(ValidationError, match="Only an active clerk"):
        users.enable_auto_sign_in(owner, "olivia")


def test_the_secret_goes_to_the_credential_store_when_there_is_one(db):
    import keyring
    from keyring.backend import KeyringBackend

    previous = keyring.get_keyring()  # (before the class below exists: keyring lists them all)

    class InMemory(KeyringBackend):
        """A credential store kept in memory, as Windows Credential Manager would keep it."""

        priority = 1
        viable = False  # never chosen by keyring itself (only set below)
        kept: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.kept.get((service, username))

        def set_password(self, service, username, password):
            self.kept[(service, username)] = password

        def delete_password(self, service, username):
            self.kept.pop((service, username), None)

    keyring.set_keyring(InMemory())
    try:
        assert pc_secret.save("shop A", "t0ken") == "credential store"
        assert not pc_secret.secrets_path().exists()
        assert pc_secret.load("shop A") == "t0ken"
        assert InMemory.kept == {("ShopDesk", "automatic sign-in: shop A"): "t0ken"}
        pc_secret.forget("shop A")
        assert pc_secret.load("shop A") == ""
    finally:
        keyring.set_keyring(previous)


def test_a_secrets_file_others_can_read_is_not_used(db):
    pc_secret.save("shop A", "t0ken")
    assert pc_secret.load("shop A") == "t0ken"
    if os.name == "posix":
        pc_secret.secrets_path().chmod(0o644)
        assert pc_secret.load("shop A") == ""


def test_settings_this_pc_binds_the_clerks_automatic_sign_in_to_this_pc(
        qtbot, make_window, db, owner, clerk):  # noqa: F811 (the imported fixture)
    window = make_window(owner)
    dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    combo = dialog.ui.autoLoginCombo
    assert [combo.itemData(i) for i in range(combo.count())] == ["", "carl"]  # no owner
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == "carl"
    qtbot.keyClick(dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save),
                   Qt.Key.Key_Space)
    key = database.target_of(db).describe()
    assert LocalConfig.load().auto_login == {key: "carl"}
    token = pc_secret.load(key)
    assert token and token not in json.dumps(LocalConfig.load().auto_login)
    assert users.auto_sign_in("carl", token).username == "carl"
    # switched off again: this PC's token stops working and is forgotten
    again = SettingsDialog(window.context, window)
    qtbot.addWidget(again)
    again.ui.autoLoginCombo.setCurrentIndex(0)
    again.save()
    assert LocalConfig.load().auto_login == {} and pc_secret.load(key) == ""
    with pytest.raises(ShopDeskError):
        users.auto_sign_in("carl", token)


# -- wrong passwords ---------------------------------------------------------------------------

def test_wrong_passwords_grow_a_delay_then_lock_the_account(db, owner, clerk):
    waits = []
    at = 0.0
    for n in range(1, users.LOCK_AFTER + 1):
        with pytest.raises(ShopDeskError, match="Wrong username or password"):
            users.authenticate("carl", f"guess-{n}", now=_seconds(at))
        if n < users.LOCK_AFTER:
            # at once, even the right password: wait
            with pytest.raises(ShopDeskError, match=r"try again in \d+ s") as early:
                users.authenticate("carl", PASSWORD, now=_seconds(at))
            waits.append(early.value.values["seconds"])
            at += early.value.values["seconds"]
    assert waits == [1, 2, 4, 8, 16, 30, 30, 30, 30]
    assert User.get(User.username == "carl").failed_sign_ins == users.LOCK_AFTER
    with pytest.raises(ShopDeskError, match="locked after 10 wrong passwords") as locked:
        users.authenticate("carl", PASSWORD, now=_seconds(at + 3600))
    assert "the owner can unlock it" in str(locked.value)
    assert [r.locked for r in users.list_users(owner) if r.username == "carl"] == [True]
    entries = _failed_entries()
    assert entries[0] == ("carl", "Wrong password for carl (1 in a row)")
    assert entries[-1] == ("carl", "Sign-in as carl refused: The account carl is locked after "
                                   "10 wrong passwords; the owner can unlock it in Settings "
                                   "→ Users")
    users.unlock(owner, "carl")
    assert users.authenticate("carl", PASSWORD, now=_seconds(at + 3601)).username == "carl"
    assert User.get(User.username == "carl").failed_sign_ins == 0


def test_the_right_password_after_the_delay_resets_the_count(db, owner, clerk):
    with pytest.raises(ShopDeskError):
        users.authenticate("carl", "guess", now=T0)
    assert users.authenticate("carl", PASSWORD, now=_seconds(1)).username == "carl"
    with pytest.raises(ShopDeskError, match="Wrong username"):
        users.authenticate("carl", "guess", now=_seconds(2))
    with pytest.raises(ShopDeskError, match="try again in 1 s"):  # counted from one again
        users.authenticate("carl", PASSWORD, now=_seconds(2.5))


def test_every_sign_in_is_audited_failed_ones_too(db, owner, clerk):
    with pytest.raises(ShopDeskError):
        users.authenticate("nobody\x1b[31m", PASSWORD)
    with pytest.raises(ShopDeskError):
        users.authenticate("carl", "guess", now=utcnow())
    users.authenticate("olivia", PASSWORD)
    assert _failed_entries() == [("nobody[31m", "No user nobody[31m"),
                                 ("carl", "Wrong password for carl (1 in a row)")]
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (last.action, last.username) == ("login", "olivia")


def test_only_the_owner_unlocks_and_the_command_line_does(db, db_url, owner, clerk):
    for n in range(users.LOCK_AFTER):
        with pytest.raises(ShopDeskError):
            users.authenticate("carl", "guess", now=_seconds(60 * n))
    users.add_user(owner, "dana", PASSWORD, "clerk")
    with pytest.raises(ShopDeskError, match="cannot manage users"):
        users.unlock(users.actor_for("dana"), "carl")
    listed = run_shopdesk("users", "list", "--db", db_url)
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[-1] for line in listed.stdout.splitlines() if
            line.startswith("carl")] == ["locked"]
    done = run_shopdesk("users", "unlock", "carl", "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "carl can sign in again."
    assert User.get(User.username == "carl").failed_sign_ins == 0
    chinese = run_shopdesk("users", "unlock", "carl", "--db", db_url, "--language", "zh_CN")
    assert chinese.stdout.strip() == "carl 可以重新登录了。"


# -- password rules ----------------------------------------------------------------------------

@pytest.mark.parametrize(("password", "message"), [
    ("short", "at least 8 characters"),
    (" " * 8, "only spaces"),
    ("\t" * 8, "only spaces"),
    ("\x00" * 8, "control characters"),
    ("pass\x1bword-1", "control characters"),
])
def test_weak_or_control_character_passwords_are_refused(db, owner, password, message):
    with pytest.raises(ValidationError, match=message):
        users.add_user(owner, "dana", password, "clerk")
    with pytest.raises(ValidationError, match=message):
        users.set_password(owner, "olivia", password)
    assert not User.select().where(User.username == "dana").exists()


def test_the_command_line_refuses_a_password_of_spaces(db, db_url, owner):
    added = run_shopdesk("users", "add", "dana", "--db", db_url, input=" " * 10 + "\n")
    assert added.returncode != 0
    assert "only spaces" in added.stderr + added.stdout
    assert not User.select().where(User.username == "dana").exists()


def test_the_set_up_wizard_and_settings_refuse_a_password_of_spaces(
        qtbot, make_window, db, owner):  # noqa: F811 (the imported fixture)
    from shopdesk.gui.first_run.pages import OwnerPage

    page = OwnerPage()
    qtbot.addWidget(page)
    qtbot.keyClicks(page.username, "hana")
    qtbot.keyClicks(page.password, " " * 9)
    qtbot.keyClicks(page.again, " " * 9)
    problem, field = page.problem()
    assert problem == "A password of only spaces is too easy to guess" and field is page.password
    window = make_window(owner)
    dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.ui.userNewButton.click()
    qtbot.keyClicks(dialog.ui.userUsernameEdit, "dana")
    qtbot.keyClicks(dialog.ui.userPasswordEdit, " " * 9)
    qtbot.keyClick(dialog.ui.userSaveButton, Qt.Key.Key_Space)
    assert "only spaces" in dialog.ui.errorLabel.text()


# -- the sign-in dialog ---------------------------------------------------------------------------

def _type_and_enter(qtbot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.ui.usernameEdit.clear()
    qtbot.keyClicks(dialog.ui.usernameEdit, username)
    qtbot.keyClicks(dialog.ui.passwordEdit, password)
    qtbot.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)


def test_the_sign_in_dialog_shows_the_delay_and_the_lockout_and_the_owner_unlocks(
        qtbot, make_window, db, owner, clerk):  # noqa: F811 (the imported fixture)
    make_application()
    dialog = LoginDialog("Test Garage")
    qtbot.addWidget(dialog)
    dialog.show()
    _type_and_enter(qtbot, dialog, "carl", "guess")
    assert dialog.ui.errorLabel.text() == "Wrong username or password"
    _type_and_enter(qtbot, dialog, "carl", PASSWORD)  # at once: the delay
    assert dialog.ui.errorLabel.text() == "Too many wrong passwords: try again in 1 s"
    assert dialog.actor is None and dialog.isVisible()
    # ten in a row (spaced past each delay): locked, the right password too
    User.update(failed_sign_ins=users.LOCK_AFTER - 1,
                failed_sign_in_at=utcnow() - dt.timedelta(minutes=5)).where(
        User.username == "carl").execute()
    _type_and_enter(qtbot, dialog, "carl", "guess again")
    _type_and_enter(qtbot, dialog, "carl", PASSWORD)
    assert dialog.ui.errorLabel.text() == (
        "The account carl is locked after 10 wrong passwords; the owner can unlock it in "
        "Settings → Users")
    # the owner unlocks carl in Settings → Users, with keys
    window = make_window(owner)
    settings_dialog = SettingsDialog(window.context, window)
    qtbot.addWidget(settings_dialog)
    settings_dialog.show()
    ui = settings_dialog.ui
    ui.tabs.setCurrentWidget(ui.usersTab)
    rows = [settings_dialog.user_model.row(r) for r in range(settings_dialog.user_model.rowCount())]
    carl = next(n for n, r in enumerate(rows) if r[0] == "carl")
    assert rows[carl][3:] == ("yes", "no", "locked")  # active, sees costs, sign-in
    ui.userTable.setFocus()
    ui.userTable.setCurrentIndex(settings_dialog.user_model.index(carl, 0))
    assert ui.userUnlockButton.isEnabled()
    qtbot.keyClick(ui.userUnlockButton, Qt.Key.Key_Space)
    assert ui.errorLabel.text() == ""
    # active, sees costs, sign-in
    assert settings_dialog.user_model.row(carl)[3:] == ("yes", "no", "")
    assert not ui.userUnlockButton.isEnabled()
    _type_and_enter(qtbot, dialog, "carl", PASSWORD)
    assert dialog.actor is not None and dialog.actor.username == "carl"


def test_the_sign_in_dialog_in_chinese(qtbot, db, owner, clerk):
    from shopdesk import formatting
    from shopdesk.gui import i18n

    make_application()
    assert i18n.install("zh_CN") == "zh_CN"
    try:
        dialog = LoginDialog("Test Garage")
        qtbot.addWidget(dialog)
        dialog.show()
        _type_and_enter(qtbot, dialog, "carl", "guess")
        wrong = dialog.ui.errorLabel.text()
        _type_and_enter(qtbot, dialog, "carl", PASSWORD)
        wait = dialog.ui.errorLabel.text()
    finally:
        i18n.install("en")
        formatting.configure(locale="en_US")
    assert wrong == "用户名或密码错误"
    assert wait == "密码错误次数过多：请 1 秒后再试"


class _CountingHasher(argon2.PasswordHasher):
    """The test suite's fast argon2 parameters, counting every password hash computed (a
    ``hash`` computes one, a ``verify`` one)."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.computed = 0

    def hash(self, password, *, salt=None):
        self.computed += 1
        return super().hash(password, salt=salt)

    def verify(self, hash, password):
        self.computed += 1
        return super().verify(hash, password)


@pytest.mark.parametrize("check", ["sign-in", "owner approval"])
def test_a_wrong_username_costs_exactly_what_a_wrong_password_costs(owner, clerk, monkeypatch,
                                                                    check):
    """Timing must not tell which usernames exist: an unknown username computes one password
    hash with the real hashes' parameters, exactly as a wrong password for a real user does
    (counted, not timed)."""
    hasher = _CountingHasher()
    monkeypatch.setattr(users, "_hasher", hasher)

    def attempt(username: str, n: int) -> int:
        before = hasher.computed
        with pytest.raises(ShopDeskError) as refused:
            if check == "sign-in":
                users.authenticate(username, "wrong-password", now=_seconds(3600 * n))
            else:
                users.owner_approval(clerk, username, "wrong-password", "a 30% discount",
                                     now=_seconds(3600 * n))
        assert refused.value.translated() in ("Wrong username or password",
                                              "That is not an owner's username and password")
        return hasher.computed - before

    attempt("nobody-here", 0)  # (the first makes the stand-in hash once, for these parameters)
    assert attempt("nobody-else", 1) == 1  # no such user: one hash, as for a real one
    assert attempt("olivia", 2) == 1  # a real user, a wrong password: one hash
    assert attempt("NoBody", 3) == attempt("olivia", 4) == 1
    stand_in = next(h for key, h in users._dummy_hashes.items() if key[:3] == (1, 1024, 1))
    assert argon2.extract_parameters(stand_in) == argon2.extract_parameters(
        User.get(User.username == "olivia").password_hash)  # the same work per hash
