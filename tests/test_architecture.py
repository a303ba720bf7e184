"""The import rules of docs/architecture.md: no cycles, no upward imports, areas apart."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "nsc_library"
# Lower layers never import higher ones; see docs/architecture.md.
LAYERS = [
    (
        "practice_rules",
        "evidence",
        "rates",
        "config",
        "extensions",
        "models",
        "data",
        "progress",
        "i18n",
        "textdiff",
        "quoting",
        "routing",
    ),
    ("exchange", "database", "vocabularies"),
    ("search",),
    ("services",),
    (
        "responses",
        "errors",
        "security",
        "rate_limits",
        "rendering",
        "redirects",
        "forms",
        "actions",
        "stash",
        "lookups",
    ),
    ("search_args", "downloads"),
    ("public", "contribute", "review", "auth", "admin", "api", "opendata"),
    ("cli",),
    ("__init__", "migrations"),
]
AREAS = set(LAYERS[6])


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in PACKAGE.rglob("*.py")
        if "migrations/versions" not in path.as_posix()
    }


def imported(path: Path, known: set[str]) -> set[str]:
    """The package's modules that this file imports, at its top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
    return {name for name in found if name in known and name != "nsc_library"}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(path, set(known)) - {name} for name, path in known.items()}


def layer_of(module: str) -> tuple[int, str]:
    top = module.split(".")[1] if "." in module else "__init__"
    for number, names in enumerate(LAYERS):
        if top in names:
            return number, top
    raise AssertionError(f"{module} is in no layer of docs/architecture.md")


def test_every_module_has_a_layer() -> None:
    for module in graph():
        layer_of(module)


def test_no_upward_imports_and_areas_apart() -> None:
    wrong = []
    for module, targets in graph().items():
        (layer, top) = layer_of(module)
        for target in targets:
            (target_layer, target_top) = layer_of(target)
            sideways = top in AREAS and target_top in AREAS and top != target_top
            if target_layer > layer or sideways:
                wrong.append(f"{module} -> {target}")
    assert not wrong, wrong


def test_no_import_cycles() -> None:
    edges = graph()
    # A package's __init__ that re-exports its own modules is not a cycle of its own.
    for module in edges:
        edges[module] = {t for t in edges[module] if not t.startswith(module + ".")}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert not cycles, cycles
