"""Two people editing the same record: the second save fails clearly, never overwrites."""

from __future__ import annotations

import peewee
import pytest

from shopdesk.errors import ConflictError
from shopdesk.models.users import User
from shopdesk.services.access import Actor


def test_second_save_from_a_stale_copy_is_refused(owner: Actor) -> None:
    first = User.get(User.username == "olivia")
    second = User.get(User.username == "olivia")  # the same record, open on another PC

    first.display_name = "Olivia at the desk"
    first.save_checked()
    assert first.version == 2

    second.display_name = "Olivia in the workshop"
    with pytest.raises(ConflictError) as caught:
        second.save_checked()
    message = str(caught.value)
    assert "Someone else changed this user" in message
    assert "Nothing was saved" in message

    stored = User.get(User.username == "olivia")
    assert stored.display_name == "Olivia at the desk"
    assert stored.version == 2


def test_reopening_after_a_conflict_lets_the_change_through(owner: Actor) -> None:
    first = User.get(User.username == "olivia")
    stale = User.get(User.username == "olivia")
    first.display_name = "A"
    first.save_checked()
    stale.display_name = "B"
    with pytest.raises(ConflictError):
        stale.save_checked()

    fresh = User.get(User.username == "olivia")
    fresh.display_name = "B"
    fresh.save_checked()
    fresh.display_name = "C"
    fresh.save_checked()  # the same copy may save again: its version followed along
    stored = User.get(User.username == "olivia")
    assert (stored.display_name, stored.version) == ("C", 4)


def test_save_checked_inserts_a_new_record(db: peewee.Database) -> None:
    user = User(username="new", password_hash="x")
    user.save_checked()
    assert user.id is not None
    assert User.get_by_id(user.id).version == 1


def test_a_deleted_record_cannot_be_saved_back(owner: Actor) -> None:
    ghost = User(username="ghost", password_hash="x")
    ghost.save_checked()
    copy = User.get_by_id(ghost.id)
    User.delete().where(User.id == ghost.id).execute()
    copy.display_name = "back from the dead"
    with pytest.raises(ConflictError):
        copy.save_checked()
    assert User.get_or_none(User.id == ghost.id) is None
