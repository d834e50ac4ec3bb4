"""Build the ShopDesk bundle (and, on Windows with Inno Setup, the installer).

    python installer/build.py            # dist/ShopDesk/ (one folder), then a smoke run
    python installer/build.py --no-smoke # just build

On Windows it also writes the file version info from pyproject.toml, an .ico made from the SVG
icon, and runs Inno Setup's ISCC.exe (if on PATH or in its default folder) to make
dist/ShopDesk-<version>-setup.exe.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
WORK = ROOT / "build"
BUNDLE = DIST / "ShopDesk"
ISCC_DEFAULT = Path(r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe")


def project_version() -> str:
    """The version in pyproject.toml (the one source of the version number)."""
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def write_version_file(version: str) -> Path:
    """Windows file version info from installer/version_info.txt.in."""
    parts = [*version.split("+")[0].split("."), "0", "0", "0"][:4]
    numbers = tuple(int("".join(ch for ch in p if ch.isdigit()) or 0) for p in parts)
    text = (ROOT / "installer" / "version_info.txt.in").read_text(encoding="utf-8")
    text = text.replace("@TUPLE@", repr(numbers)).replace("@VERSION@", version)
    out = WORK / "version_info.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


def write_icon() -> Path:
    """installer-ready .ico rendered from resources/icons/shopdesk.svg with Qt."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QIcon  # build tooling only

    app = QGuiApplication.instance() or QGuiApplication([])
    icon = QIcon(str(ROOT / "resources" / "icons" / "shopdesk.svg"))
    out = WORK / "shopdesk.ico"
    out.parent.mkdir(parents=True, exist_ok=True)
    icon.pixmap(256, 256).save(str(out), "ICO")
    del app
    return out


def build_bundle(version: str) -> Path:
    """Run PyInstaller on installer/shopdesk.spec."""
    env = dict(os.environ)
    if sys.platform == "win32":
        env["SHOPDESK_VERSION_FILE"] = str(write_version_file(version))
        env["SHOPDESK_ICON"] = str(write_icon())
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(WORK),
                    str(ROOT / "installer" / "shopdesk.spec")], check=True, env=env)
    return BUNDLE


def smoke(bundle: Path) -> None:
    """Run the built bundle: --version, demo, check, and the main window for a moment."""
    cli = bundle / ("shopdesk-cli.exe" if sys.platform == "win32" else "shopdesk-cli")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        env["SHOPDESK_HOME"] = tmp
        db = str(Path(tmp) / "smoke.sqlite3")
        for args in (["--version"], ["demo", "--db", db], ["check", "--db", db],
                     ["smoke-window", "--db", db]):
            result = subprocess.run([str(cli), *args], env=env, capture_output=True, text=True,
                                    timeout=300)
            print(f"$ shopdesk {' '.join(args)}\n{result.stdout}{result.stderr}".rstrip())
            if result.returncode != 0:
                raise SystemExit(f"smoke run failed: shopdesk {' '.join(args)}")


def build_installer(version: str) -> Path | None:
    """Inno Setup installer (Windows only)."""
    iscc = shutil.which("ISCC") or (str(ISCC_DEFAULT) if ISCC_DEFAULT.exists() else None)
    if sys.platform != "win32" or iscc is None:
        print("Inno Setup not available here: skipping the Windows installer.")
        return None
    subprocess.run([iscc, f"/DAppVersion={version}", f"/DBundleDir={BUNDLE}",
                    f"/DIconFile={WORK / 'shopdesk.ico'}", f"/O{DIST}",
                    str(ROOT / "installer" / "shopdesk.iss")], check=True)
    return DIST / f"ShopDesk-{version}-setup.exe"


def main(argv: list[str]) -> int:
    version = project_version()
    bundle = build_bundle(version)
    if "--no-smoke" not in argv:
        smoke(bundle)
    build_installer(version)
    print(f"Built {bundle}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
