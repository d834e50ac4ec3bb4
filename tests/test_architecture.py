"""The house rules that the layers keep, checked on the source with ast (nothing is imported).

(a) The GUI asks services and reports: no file of ``shopdesk/gui/`` imports from
    ``shopdesk.models`` or builds a peewee query (``Model.select/update/delete/insert/get/
    get_or_none/get_by_id/raw``, ``.where(``, ``.order_by(``, ``execute_sql``...), and no
    peewee model class reaches it at run time through a re-export (a model named in
    annotations is imported from its service under ``if TYPE_CHECKING:``). Enums
    (vocabulary such as ``PaymentMethod``) come to the GUI through the service that uses them.
(b) A ``_private`` name belongs to its module: no module of ``shopdesk/`` imports one from
    another module (``from x import _y``) or reads one from another module (``x._y``).
(c) No import cycle among shopdesk modules, imports inside functions included (an import
    deferred into a function to dodge a cycle is still a cycle of the design).

Run this file as a script (``python -m tests.test_architecture``) to print every finding.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "shopdesk"

# Generated code (pyside6-uic, pyside6-rcc) is not ours to arrange.
GENERATED = ("shopdesk/gui/forms/", "shopdesk/gui/resources_rc.py")

# Methods that only a peewee model, query or database has: a call of one in the GUI is a query.
QUERY_METHODS = frozenset({
    "where", "order_by", "group_by", "having", "get_or_none", "get_by_id", "get_or_create",
    "execute_sql", "insert_many", "insert_from", "on_conflict", "delete_instance",
    "save_checked", "bulk_create", "bulk_update", "prefetch", "dicts", "tuples", "namedtuples",
    "objects", "atomic",
})
# Methods that are a query when called on a model class (QItemSelectionModel has select too).
MODEL_METHODS = frozenset({
    "select", "update", "delete", "insert", "get", "get_or_none", "get_by_id", "raw",
    "create", "replace",
})

# Files of shopdesk/gui/ that may touch peewee anyway, each with its reason. Ideally empty.
GUI_ALLOWED: dict[str, str] = {}


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    is_package: bool

    @property
    def relative(self) -> str:
        return self.path.relative_to(ROOT).as_posix()


@dataclass
class Edge:
    source: str
    target: str
    line: int
    names: list[str] = field(default_factory=list)
    top_level: bool = True
    type_checking: bool = False


@cache
def modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(GENERATED):
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        name = ".".join(parts)
        found[name] = Module(name, path, ast.parse(path.read_text(encoding="utf-8"), relative),
                             is_package)
    return found


def _generated_module(name: str) -> bool:
    return name.startswith("shopdesk.gui.forms") or name == "shopdesk.gui.resources_rc"


def _base(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.name.split(".")
    if not module.is_package:
        package.pop()
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


def _walk_with_scope(tree: ast.AST) -> Iterator[tuple[ast.AST, bool, bool]]:
    """Every node with (at module level?, under ``if TYPE_CHECKING``?)."""
    def visit(node: ast.AST, top: bool, checking: bool) -> Iterator[tuple[ast.AST, bool, bool]]:
        yield node, top, checking
        inner_top = top and not isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                yield from visit(child, inner_top, True)
            for child in node.orelse:
                yield from visit(child, inner_top, checking)
            return
        for child in ast.iter_child_nodes(node):
            yield from visit(child, inner_top, checking)
    yield from visit(tree, True, False)


def imports(module: Module) -> list[Edge]:
    """The shopdesk modules that ``module`` imports, and the names it takes from each."""
    known = modules()
    edges: list[Edge] = []
    for node, top, checking in _walk_with_scope(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "shopdesk":
                    edges.append(Edge(module.name, alias.name, node.lineno, [], top, checking))
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, node)
            if base.split(".")[0] != "shopdesk":
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in known or _generated_module(submodule):
                    edges.append(Edge(module.name, submodule, node.lineno, [], top, checking))
                else:
                    edges.append(Edge(module.name, base, node.lineno, [alias.name], top,
                                      checking))
    return edges


def module_aliases(module: Module) -> dict[str, str]:
    """Local names bound to a shopdesk module (``from x import y`` where y is a module)."""
    aliases: dict[str, str] = {}
    known = modules()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "shopdesk" and alias.asname:
                    aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, node)
            for alias in node.names:
                if f"{base}.{alias.name}" in known:
                    aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
    return aliases


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return None if inner is None else f"{inner}.{node.attr}"
    return None


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports() -> list[str]:
    """``from x import _y`` and ``x._y`` where x is another shopdesk module."""
    known = modules()
    found: list[str] = []
    for module in known.values():
        for edge in imports(module):
            for name in edge.names:
                if _private(name) and edge.target != module.name:
                    found.append(f"{module.relative}:{edge.line}: from {edge.target} "
                                 f"import {name}")
        aliases = module_aliases(module)
        for node in ast.walk(module.tree):
            if not (isinstance(node, ast.Attribute) and _private(node.attr)):
                continue
            dotted = _dotted(node.value)
            if dotted is None:
                continue
            head, _, rest = dotted.partition(".")
            target = aliases.get(head)
            if target is None and head == "shopdesk":
                target = "shopdesk"
            if target is None:
                continue
            target = f"{target}.{rest}" if rest else target
            if target in known and target != module.name:
                found.append(f"{module.relative}:{node.lineno}: {dotted}.{node.attr}")
    return sorted(set(found))


def graph(*, type_checking: bool = False) -> dict[str, dict[str, Edge]]:
    """module -> {imported module: the first import of it}; shopdesk modules only."""
    known = modules()
    result: dict[str, dict[str, Edge]] = {name: {} for name in known}
    for module in known.values():
        for edge in imports(module):
            if edge.type_checking and not type_checking:
                continue
            if edge.target in known and edge.target != module.name:
                result[module.name].setdefault(edge.target, edge)
    return result


def cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def strongconnect(start: str) -> None:
        nonlocal counter
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

    for name in sorted(edges):
        if name not in index:
            strongconnect(name)
    return sorted(found)


def describe_cycle(members: list[str]) -> str:
    edges = graph()
    inside = set(members)
    lines = [f"cycle of {len(members)} modules:"]
    for source in members:
        for target, edge in sorted(edges[source].items()):
            if target in inside:
                where = "" if edge.top_level else " (inside a function)"
                names = f" {', '.join(edge.names)}" if edge.names else ""
                lines.append(f"  {source} -> {target}{names}  line {edge.line}{where}")
    return "\n".join(lines)


def _model_classes() -> set[str]:
    """``module.Name`` of every peewee model class in shopdesk/models (not the enums)."""
    known = modules()
    bases_of: dict[str, list[str]] = {}
    for module in known.values():
        if not module.name.startswith("shopdesk.models"):
            continue
        for node in module.tree.body:
            if isinstance(node, ast.ClassDef):
                bases_of[node.name] = [_dotted(b) or "" for b in node.bases]
    models: set[str] = set()

    def is_model(name: str, seen: frozenset[str] = frozenset()) -> bool:
        if name in ("Model", "peewee.Model", "pw.Model"):
            return True
        if name not in bases_of or name in seen:
            return False
        return any(is_model(base.split(".")[-1] if base not in bases_of else base,
                            seen | {name}) for base in bases_of[name])

    for name in bases_of:
        if is_model(name):
            models.add(name)
    return models


def _origin(module_name: str, name: str, depth: int = 0) -> tuple[str, str]:
    """Where a name imported from a shopdesk module was defined (following re-exports)."""
    known = modules()
    module = known.get(module_name)
    if module is None or depth > 10:
        return module_name, name
    for node in module.tree.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    return _origin(_base(module, node), alias.name, depth + 1)
    return module_name, name


def _annotation_nodes(tree: ast.Module) -> set[int]:
    """ids of the nodes inside annotations and ``if TYPE_CHECKING:`` blocks (no run time)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        roots: list[ast.AST] = []
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            roots.append(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            roots.append(node.returns)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            roots.extend(node.body)
        for root in roots:
            inside.update(id(n) for n in ast.walk(root))
    return inside


def gui_queries() -> list[str]:
    """Peewee in the GUI: model imports, queries, model classes reached through re-exports."""
    known = modules()
    models = _model_classes()
    found: list[str] = []
    for module in known.values():
        if not module.name.startswith("shopdesk.gui") or module.relative in GUI_ALLOWED:
            continue
        model_names: set[str] = set()
        for edge in imports(module):
            if edge.target.startswith("shopdesk.models"):
                found.append(f"{module.relative}:{edge.line}: imports from {edge.target}")
            for name in edge.names:
                origin_module, origin_name = _origin(edge.target, name)
                if origin_module.startswith("shopdesk.models") and origin_name in models:
                    model_names.add(name)
                    # a type named in annotations only (no query can be made with it)
                    if not edge.target.startswith("shopdesk.models") and not edge.type_checking:
                        found.append(f"{module.relative}:{edge.line}: the model {name} "
                                     f"through {edge.target}")
        typing_only = _annotation_nodes(module.tree)
        for node in ast.walk(module.tree):
            if (isinstance(node, ast.Name) and node.id in model_names
                    and id(node) not in typing_only):
                found.append(f"{module.relative}:{node.lineno}: the model {node.id} used at "
                             "run time (fields and queries belong in a service)")
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            method = node.func.attr
            receiver = _dotted(node.func.value) or ""
            if method in QUERY_METHODS or (
                    method in MODEL_METHODS and receiver.split(".")[0] in model_names):
                found.append(f"{module.relative}:{node.lineno}: .{method}( "
                             f"on {receiver or '(an expression)'}")
    return sorted(set(found))


# --- the tests ----------------------------------------------------------------------------


def test_the_walk_reads_the_whole_package() -> None:
    known = modules()
    assert len(known) > 300
    for name in ("shopdesk.gui.app", "shopdesk.services.sales.invoices", "shopdesk.models",
                 "shopdesk.cli", "shopdesk.db"):
        assert name in known


def test_the_analysis_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The checks are not blind: on made-up sources they find each kind of fault."""
    source = ast.parse("from shopdesk.models.parts import Part\n"
                       "def f():\n"
                       "    from shopdesk.services import audit\n"
                       "    return Part.select().where(Part.id == 1), audit._hidden\n")
    fake = Module("shopdesk.gui.fake", PACKAGE / "gui" / "fake.py", source, False)
    edges = imports(fake)
    assert [(e.target, e.names, e.top_level) for e in edges] == [
        ("shopdesk.models.parts", ["Part"], True), ("shopdesk.services.audit", [], False)]
    assert module_aliases(fake) == {"audit": "shopdesk.services.audit"}
    calls = [n.func.attr for n in ast.walk(source)
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    assert "where" in calls and "where" in QUERY_METHODS
    assert "Part" in _model_classes()
    assert "PaymentMethod" not in _model_classes()


def test_the_gui_builds_no_query_and_imports_no_model() -> None:
    found = gui_queries()
    assert not found, ("The GUI asks services and reports; move these into a service:\n"
                       + "\n".join(found))


def test_no_private_name_is_used_across_modules() -> None:
    found = private_imports()
    assert not found, ("A _private name is its module's own; give it a public name if other "
                       "modules need it:\n" + "\n".join(found))


def test_no_import_cycle() -> None:
    found = cycles()
    assert not found, ("Imports must run one way; move the shared piece down into a module "
                       "both can import:\n" + "\n\n".join(describe_cycle(c) for c in found))


if __name__ == "__main__":  # pragma: no cover - a report for the developer
    what = sys.argv[1:] or ["gui", "private", "cycles"]
    if "gui" in what:
        print("\n".join(gui_queries()))
    if "private" in what:
        print("\n".join(private_imports()))
    if "cycles" in what:
        print("\n\n".join(describe_cycle(c) for c in cycles()))
