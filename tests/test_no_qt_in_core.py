"""Only shopdesk/gui/ may import Qt: the core must run (CLI, tests, server jobs) without it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import importlib, pkgutil, sys
    import shopdesk

    # walk by hand: pkgutil.walk_packages would import shopdesk.gui to look inside it
    imported = []
    def walk(package):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            if info.name == "shopdesk.gui":
                continue
            if info.name.endswith(".__main__"):  # runs the command when imported
                continue
            module = importlib.import_module(info.name)
            imported.append(info.name)
            if info.ispkg:
                walk(module)
    walk(shopdesk)
    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    print("imported", len(imported))
    print("\\n".join(imported))
    print("QT:", ",".join(qt))
""")


def test_core_modules_do_not_import_pyside6() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    imported = set(lines[1:-1])
    # the walk really covered the core, not an empty package
    for module in ("shopdesk.db", "shopdesk.money", "shopdesk.cli", "shopdesk.cli.users",
                   "shopdesk.models.base", "shopdesk.services.shop.users",
                   "shopdesk.migrations.m0001_foundation", "shopdesk.demo"):
        assert module in imported
    assert not any(m.startswith("shopdesk.gui") for m in imported)
    assert lines[-1].strip() == "QT:", f"Qt imported by the core: {lines[-1]}"
