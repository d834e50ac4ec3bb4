"""Is a file on a network share? SQLite must not be used there (its locking fails; corruption).

Windows: a UNC path (``\\\\server\\share\\…``) or a drive letter mapped to a share
(``GetDriveTypeW`` answers ``DRIVE_REMOTE``). Linux and other Unixes: the file system type of
the mount holding the file, from ``/proc/mounts`` (nfs, cifs, smb, sshfs, 9p …).
``SHOPDESK_ALLOW_NETWORK_SQLITE=1`` turns the refusal off (at the shop's own risk).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

ALLOW_ENV = "SHOPDESK_ALLOW_NETWORK_SQLITE"
DRIVE_REMOTE = 4

#: File system types (as /proc/mounts names them) that live on another machine.
NETWORK_FS_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "sshfs", "fuse.sshfs", "9p", "afs",
    "ncpfs", "fuse.rclone", "davfs", "fuse.davfs2", "glusterfs", "fuse.glusterfs", "ceph",
    "fuse.s3fs",
})


def allowed_by_env() -> bool:
    """True when the escape hatch ``SHOPDESK_ALLOW_NETWORK_SQLITE=1`` is set."""
    return os.environ.get(ALLOW_ENV, "").strip() in ("1", "yes", "true")


def is_unc_path(text: str) -> bool:
    """``\\\\server\\share\\…`` or ``//server/share/…`` (not the local ``\\\\?\\C:\\`` form)."""
    if text.startswith(("\\\\?\\UNC\\", "//?/UNC/")):
        return True
    if text.startswith(("\\\\?\\", "\\\\.\\", "//?/", "//./")):
        return False
    return text.startswith(("\\\\", "//")) and bool(PureWindowsPath(text).drive)


def _unescape_mount(field: str) -> str:
    """/proc/mounts writes spaces, tabs, newlines and backslashes as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mount_fs_type(path: str, mounts_text: str) -> str | None:
    """The file system type of the mount (from ``/proc/mounts`` text) holding ``path``."""
    target = PurePosixPath(path)
    best: tuple[int, str] | None = None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = PurePosixPath(_unescape_mount(fields[1]))
        if target == mount_point or mount_point in target.parents:
            depth = len(mount_point.parts)
            if best is None or depth >= best[0]:
                best = (depth, fields[2])
    return best[1] if best else None


def is_network_fs_type(fs_type: str | None) -> bool:
    """True for file system types served by another machine."""
    if not fs_type:
        return False
    return fs_type in NETWORK_FS_TYPES or fs_type.startswith(("nfs", "smb", "cifs"))


def _windows_drive_is_remote(path: Path) -> bool:
    import ctypes

    drive = PureWindowsPath(str(path)).drive
    if not drive or len(drive) != 2:
        return False
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    return int(kernel32.GetDriveTypeW(f"{drive}\\")) == DRIVE_REMOTE


def network_location(path: Path) -> str | None:
    """Why ``path`` is on a network share (a short phrase), or None when it is local."""
    text = str(path)
    if is_unc_path(text) and (sys.platform == "win32" or text.startswith("\\\\")):
        return "a network share (\\\\server\\share)"
    resolved = path.resolve() if path.exists() else path.parent.resolve() / path.name
    if sys.platform == "win32":
        if is_unc_path(str(resolved)) or _windows_drive_is_remote(resolved):
            return f"a network drive ({PureWindowsPath(str(resolved)).drive})"
        return None
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    fs_type = mount_fs_type(str(resolved), mounts)
    if is_network_fs_type(fs_type):
        return f"a network file system ({fs_type})"
    return None


def refusal(path: Path) -> str | None:
    """The message refusing a SQLite file on a network share, or None if it may be opened."""
    where = network_location(path)
    if where is None or allowed_by_env():
        return None
    return (f"{path} is on {where}. A SQLite database there can be corrupted when two PCs "
            "use it; for several PCs use one PostgreSQL database (see README, 'Several PCs'). "
            f"To open it anyway, set {ALLOW_ENV}=1.")
