"""A SQLite file on a network share is refused at open, with a pointer to PostgreSQL mode."""

from __future__ import annotations

import pytest

from shopdesk import db as database
from shopdesk import network_share
from shopdesk.errors import DatabaseOpenError

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
//nas/shop /mnt/shop cifs rw,relatime,vers=3.1.1,cache=strict 0 0
nas:/export/data /srv/data nfs4 rw,relatime,vers=4.2 0 0
/dev/sdb1 /srv/data/local ext4 rw,relatime 0 0
user@host:/home /mnt/ssh fuse.sshfs rw,nosuid,nodev 0 0
//nas/front\\040desk /mnt/front\\040desk smb3 rw 0 0
drvfs /mnt/c 9p rw,noatime 0 0
"""


@pytest.mark.parametrize(("path", "fs_type"), [
    ("/home/clerk/shop.sqlite3", "ext4"),
    ("/tmp/shop.sqlite3", "tmpfs"),
    ("/mnt/shop/shop.sqlite3", "cifs"),
    ("/mnt/shopping/shop.sqlite3", "ext4"),  # a name that only starts like the share
    ("/srv/data/shop.sqlite3", "nfs4"),
    ("/srv/data/local/shop.sqlite3", "ext4"),  # a local disk mounted inside the NFS tree
    ("/mnt/ssh/shop.sqlite3", "fuse.sshfs"),
    ("/mnt/front desk/shop.sqlite3", "smb3"),  # /proc/mounts escapes the space as \\040
    ("/mnt/c/Users/shop.sqlite3", "9p"),  # WSL's view of a Windows drive
])
def test_mount_type_is_the_deepest_mount_holding_the_file(path, fs_type):
    assert network_share.mount_fs_type(path, MOUNTS) == fs_type


@pytest.mark.parametrize(("fs_type", "remote"), [
    ("ext4", False), ("tmpfs", False), ("overlay", False), (None, False), ("btrfs", False),
    ("nfs", True), ("nfs4", True), ("cifs", True), ("smb3", True), ("smbfs", True),
    ("sshfs", True), ("fuse.sshfs", True), ("9p", True),
])
def test_network_file_system_types(fs_type, remote):
    assert network_share.is_network_fs_type(fs_type) is remote


@pytest.mark.parametrize(("text", "unc"), [
    ("\\\\server\\share\\shop.sqlite3", True),
    ("//server/share/shop.sqlite3", True),
    ("\\\\?\\UNC\\server\\share\\shop.sqlite3", True),
    ("\\\\?\\C:\\ShopDesk\\shop.sqlite3", False),  # a long local path, not a share
    ("C:\\ShopDesk\\shop.sqlite3", False),
    ("/home/clerk/shop.sqlite3", False),
    ("\\\\server", False),  # no share named: not a usable path
])
def test_unc_paths(text, unc):
    assert network_share.is_unc_path(text) is unc


def test_opening_a_database_on_a_share_is_refused_with_a_pointer_to_postgresql(monkeypatch):
    monkeypatch.delenv(network_share.ALLOW_ENV, raising=False)
    with pytest.raises(DatabaseOpenError) as caught:
        database.open("\\\\frontdesk\\shop\\shop.sqlite3", create=True)
    message = str(caught.value)
    assert "network share" in message and "PostgreSQL" in message
    assert network_share.ALLOW_ENV in message
    assert "\n" not in message


def test_the_escape_hatch_lets_the_open_go_ahead(monkeypatch):
    monkeypatch.setenv(network_share.ALLOW_ENV, "1")
    with pytest.raises(DatabaseOpenError, match="There is no database at"):
        database.open("\\\\frontdesk\\shop\\shop.sqlite3")  # past the share check


def test_a_local_file_is_not_refused(tmp_path):
    assert network_share.network_location(tmp_path / "shop.sqlite3") is None
    assert network_share.refusal(tmp_path / "shop.sqlite3") is None


def test_a_double_slash_posix_path_is_not_taken_for_a_share(tmp_path):
    if network_share.sys.platform == "win32":
        pytest.skip("POSIX only")
    assert network_share.network_location(type(tmp_path)("//" + str(tmp_path).lstrip("/"))) \
        is None
