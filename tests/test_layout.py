"""The house rules of the layout, checked: no import circle, no hidden module, math apart.

- The import graph of ``foundations``, ``toolkit`` and every project (imports inside functions
  included) has no cycle.
- No module is hidden by a same-named attribute of its package (``from .lu import lu`` would
  make ``foundations.linalg.lu`` the function, not the module).
- ``foundations`` imports nothing outside itself but the standard library, NumPy, SciPy and
  matplotlib, and none of the command-line or file-format modules (``argparse``, ``json``).
- Every public module declares ``__all__``.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["foundations", "toolkit", "projects"]
MATH_MAY_IMPORT = {"numpy", "scipy", "matplotlib", "foundations"}
MATH_MUST_NOT = {"argparse", "json", "toolkit", "projects", "pandas", "sklearn"}


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the packages (tests excluded)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            if "tests" in rel.parts or "reports" in rel.parts or rel.parts[-1] == "conftest":
                continue
            parts = rel.parts[:-1] if rel.parts[-1] == "__init__" else rel.parts
            found[".".join(parts)] = path
    return found


MODULES = module_files()


def imports_of(name: str, path: Path) -> set[str]:
    """The modules that ``name`` imports, anywhere in its file, resolved to dotted names."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            for alias in node.names:
                candidate = f"{stem}.{alias.name}"
                targets.add(candidate if candidate in MODULES else stem)
    return targets


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_the_import_graph_has_no_cycle():
    inner = {a: {b for b in bs if b in MODULES and b != a} for a, bs in GRAPH.items()}
    assert not find_cycles(inner), f"import circles: {find_cycles(inner)}"


def test_the_cycle_finder_finds_a_planted_circle():
    planted = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": set(), "e": {"d"}}
    assert find_cycles(planted) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_the_resolver_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from .decomp_lu import lu\n    import json\n")
    assert {"foundations.linalg.decomp_lu", "json"} <= imports_of("foundations.linalg.m", module)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("foundations")))
def test_foundations_imports_only_the_math_stack(name):
    stdlib = sys.stdlib_module_names
    outside = {t.split(".")[0] for t in GRAPH[name]} - MATH_MAY_IMPORT - (stdlib - MATH_MUST_NOT)
    forbidden = {t.split(".")[0] for t in GRAPH[name]} & MATH_MUST_NOT
    assert not outside | forbidden, f"{name} imports {sorted(outside | forbidden)}"


def packages() -> list[str]:
    return sorted(n for n, p in MODULES.items() if p.name == "__init__.py")


@pytest.mark.parametrize("package", packages())
def test_no_module_is_hidden_by_its_package(package):
    pkg = importlib.import_module(package)
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name in {"tests", "__main__"}:
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        attribute = getattr(pkg, info.name)
        assert attribute is module, (
            f"{package}.{info.name} is hidden by a {type(attribute).__name__} of the same name"
        )


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n, p in MODULES.items()
        if p.name not in {"__init__.py", "__main__.py"} and not p.name.startswith("_")
    ),
)
def test_every_public_module_declares_all(name):
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    declared = any(
        isinstance(node, (ast.Assign, ast.AnnAssign))
        and any(
            isinstance(t, ast.Name) and t.id == "__all__"
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
        for node in tree.body
    )
    assert declared, f"{name} has no __all__"


#: The guide says "modules under ~400 lines, functions under ~80"; these are the hard stops.
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 90


def body_lines(node: ast.FunctionDef) -> int:
    """Lines of a function's code, its docstring left out."""
    body = node.body
    has_doc = (
        isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    )
    first = body[1] if has_doc and len(body) > 1 else body[0]
    return node.end_lineno - first.lineno + 1


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_and_functions_stay_readable_sizes(name):
    text = MODULES[name].read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_MODULE_LINES, f"{name} has {text.count(chr(10))} lines"
    long = [
        (node.name, body_lines(node))
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and body_lines(node) > MAX_FUNCTION_LINES
    ]
    assert not long, f"{name}: functions over {MAX_FUNCTION_LINES} lines of code: {long}"


def test_the_size_check_measures_code_not_docstrings():
    tree = ast.parse('def f():\n    """doc\n\n    more doc\n    """\n    x = 1\n    return x\n')
    assert body_lines(tree.body[0]) == 2
