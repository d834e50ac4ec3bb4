"""Imports only read files, parse and map rows: the services write. Read from the source (ast),
so the rule holds for code paths no test runs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "shopdesk" / "io" / "importing"
#: What an import may take from the models: enums, the database for a savepoint per row
#: (a refused row undoes the service calls made for it) and the one write transaction the
#: import runs in (``writing``: taken before the first read), never a table.
ALLOWED_FROM_MODELS = {("shopdesk.models.customers", "CustomerKind"),
                       ("shopdesk.models.base", "database_proxy"),
                       ("shopdesk.models.base", "writing")}
#: Drivers and the ORM: only the services and models use them.
FORBIDDEN_MODULES = ("peewee", "playhouse", "sqlite3", "psycopg2", "openpyxl")


def _modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding="utf-8"), str(path))
            for path in sorted(PACKAGE.glob("*.py"))}


def _imports(tree: ast.Module) -> list[tuple[ast.ImportFrom | ast.Import, bool]]:
    """Every import statement, and whether it is only for type checkers."""
    found: list[tuple[ast.ImportFrom | ast.Import, bool]] = []
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING",
                                                                    "typing.TYPE_CHECKING"):
            typing_only.update(id(n) for child in node.body for n in ast.walk(child))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append((node, id(node) in typing_only))
    return found


def test_imports_touch_no_table_themselves():
    wrong = []
    for name, tree in _modules().items():
        database_names = set()
        for node, typing_only in _imports(tree):
            if typing_only:
                continue
            if isinstance(node, ast.Import):
                wrong += [f"{name}: import {a.name}" for a in node.names
                          if a.name.split(".")[0] in FORBIDDEN_MODULES
                          or a.name.startswith("shopdesk.models")]
                continue
            module = node.module or ""
            if module.split(".")[0] in FORBIDDEN_MODULES:
                wrong.append(f"{name}: from {module} import ...")
            if module == "shopdesk" and any(a.name == "models" for a in node.names):
                wrong.append(f"{name}: from shopdesk import models")
            if module.startswith("shopdesk.models"):
                for alias in node.names:
                    if (module, alias.name) not in ALLOWED_FROM_MODELS:
                        wrong.append(f"{name}: from {module} import {alias.name}")
                    elif alias.name == "database_proxy":
                        database_names.add(alias.asname or alias.name)
        for node in ast.walk(tree):  # the database only for savepoints: db.atomic()
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id in database_names and node.attr != "atomic":
                wrong.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert wrong == []


def test_the_import_package_has_no_import_cycle():
    """The engine imports the handlers, the handlers the base classes in rows.py (not the
    engine): no module of the package imports one that imports it back."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, tree in modules.items():
        for node, _typing_only in _imports(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "shopdesk.io.importing":
                    graph[name] |= {a.name for a in node.names if a.name in modules}
                elif node.module.startswith("shopdesk.io.importing."):
                    graph[name].add(node.module.rsplit(".", 1)[1])
            elif isinstance(node, ast.Import):
                graph[name] |= {a.name.rsplit(".", 1)[1] for a in node.names
                                if a.name.startswith("shopdesk.io.importing.")}
    graph.pop("__init__")  # the package's front door imports everything, nothing imports it
    for edges in graph.values():
        edges.discard("__init__")

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for step in graph.get(start, ()):
            if step == goal or (step not in seen and reaches(step, goal, seen | {step})):
                return True
        return False

    assert [name for name in graph if reaches(name, name, {name})] == []
    assert "engine" not in graph["customers"] | graph["parts"] | graph["rows"]
