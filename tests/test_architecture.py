"""Architecture rules the suite enforces: no import cycles in ``l10n`` (function-level imports
included — a lazy import does not make a cycle go away, it only hides it), and no function over 80
lines.

Run as a script to print the module import graph and the longest functions::

    .venv/bin/python tests/test_architecture.py
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "l10n"
MAX_FUNCTION_LINES = 80

#: functions still over the limit while they are being split; this list may only shrink (it is empty:
#: a function over the limit is split before it lands)
LONG_FUNCTIONS_PENDING: set[str] = set()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that runs, at any depth (``if TYPE_CHECKING:`` blocks never run)."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """``{module: {l10n modules it imports}}``. ``from pkg import name`` points at ``pkg.name`` when
    that is a module, else at ``pkg`` itself."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges |= {a.name for a in node.names if a.name in known}
                continue
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in known:
                    edges.add(sub)
                elif base in known:
                    edges.add(base)
        edges.discard(name)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def connect(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
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
                out.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            connect(v)
    return sorted(out)


def package_of(module: str) -> str:
    """The package (or top-level module) of ``l10n`` a module belongs to: ``l10n.tm.store`` -> ``tm``."""
    return module.split(".")[1] if "." in module else module


def package_graph(graph: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """``import_graph`` folded to packages: ``{package: {other packages its modules import}}``."""
    graph = import_graph() if graph is None else graph
    out: dict[str, set[str]] = {}
    for module, edges in graph.items():
        here = package_of(module)
        out.setdefault(here, set()).update(package_of(e) for e in edges if package_of(e) != here)
    return out


def long_functions(limit: int = MAX_FUNCTION_LINES) -> dict[str, int]:
    """``{"module:qualified.name": lines}`` for every function longer than ``limit`` lines."""
    out: dict[str, int] = {}
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node: ast.AST, prefix: str) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    qual = f"{prefix}{child.name}"
                    if not isinstance(child, ast.ClassDef):
                        length = child.end_lineno - child.lineno + 1
                        if length > limit:
                            out[f"{name}:{qual}"] = length
                    visit(child, qual + ".")
                else:
                    visit(child, prefix)

        visit(tree, "")
    return out


def test_no_import_cycles():
    found = cycles(import_graph())
    assert found == [], "import cycles (function-level imports included): " + "; ".join(" <-> ".join(c) for c in found)


def test_no_package_level_import_cycles():
    """Packages are layers too: ``storage`` is below ``tm`` (tm's PostgreSQL store uses its connection
    pool), so nothing in ``storage`` may import ``tm``, lazily or not."""
    found = cycles(package_graph())
    assert found == [], "package-level import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_package_graph_folds_modules_into_their_package():
    graph = package_graph({"l10n.tm.store": {"l10n.errors", "l10n.tm.units"}, "l10n.tm.units": set(),
                           "l10n.errors": set(), "l10n.storage.postgres": {"l10n.tm.store"},
                           "l10n.tm.pgstore": {"l10n.storage.postgres"}})
    assert graph == {"tm": {"errors", "storage"}, "errors": set(), "storage": {"tm"}}
    assert cycles(graph) == [["storage", "tm"]]
    assert "tm" not in package_graph()["storage"]


def test_the_graph_sees_function_level_imports():
    graph = import_graph()
    assert "l10n.engines.packages" in graph["l10n.engines.argos"]
    assert any(graph[m] for m in graph if m.startswith("l10n.cli."))  # CLI handlers import lazily


def test_no_function_over_the_limit():
    found = long_functions()
    over = {k: v for k, v in found.items() if k not in LONG_FUNCTIONS_PENDING}
    assert over == {}, f"functions over {MAX_FUNCTION_LINES} lines: {over}"
    stale = LONG_FUNCTIONS_PENDING - set(found)
    assert not stale, f"split already, take them off LONG_FUNCTIONS_PENDING: {sorted(stale)}"


def test_long_functions_measures_whole_definitions():
    assert long_functions(limit=10_000) == {}
    short = long_functions(limit=5)
    assert "l10n.cli.common:iter_jsonl" in short and short["l10n.cli.common:iter_jsonl"] > 20


def json_decoders(prefix: str = "l10n.cli") -> set[str]:
    """``module:function`` of every function under ``prefix`` that decodes JSON (``json.loads``,
    ``json.load``, ``load_json``): in the CLI that is reading batch input."""
    out: set[str] = set()
    for name, path in modules().items():
        if not (name == prefix or name.startswith(prefix + ".")):
            continue

        def visit(node: ast.AST, where: str) -> None:
            for child in ast.iter_child_nodes(node):
                here = f"{name}:{child.name}" if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else where
                if isinstance(child, ast.Call):
                    func = child.func
                    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    if called in ("loads", "load", "load_json") and (called == "load_json" or (
                            isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "json")):
                        out.add(here)
                visit(child, here)

        visit(ast.parse(path.read_text(encoding="utf-8")), f"{name}:<module>")
    return out


def test_one_json_lines_reader_in_the_cli():
    """segment, check, format and postedit read batches through ``iter_jsonl`` (one error format, the
    same limits); a second loop of ``json.loads`` over lines is how they drifted apart before."""
    assert json_decoders() == {"l10n.cli.common:iter_jsonl"}


def documented_public_api() -> set[str]:
    """The names in backticks in docs/architecture.md's "Public API" section, before the prose."""
    text = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Public API", 1)[1].split("\n## ", 1)[0]
    listed = "\n".join(line for line in section.splitlines() if line.startswith(("- ", "  ")))
    return set(re.findall(r"`(\w+)`", listed))


def documented_package_graph() -> dict[str, set[str] | None]:
    """The block in docs/architecture.md's "Import graph" section: ``{package: {imports}}``, None for
    a front end written ``-> (front end: ...)``. Rows are ``a, b -> x, y``; an indented line
    continues the row above: its left side when that ends in a comma, else its right side."""
    text = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("## Import graph", 1)[1].split("```", 2)[1]
    rows: list[list[str]] = []
    for line in block.strip().splitlines():
        if line.startswith(" ") and rows:
            rows[-1][0 if rows[-1][0].endswith(",") else 1] += " " + line.strip()
            continue
        left, _, right = line.partition("->")
        rows.append([left.strip(), right.strip()])
    out: dict[str, set[str] | None] = {}
    for left, right in rows:
        deps = None if right.startswith("(front end") else set() if right.startswith("(") else {
            d.strip() for d in right.split(",") if d.strip()}
        for name in (n.strip() for n in left.split(",") if n.strip()):
            out[name] = deps
    return out


def test_the_documented_import_graph_is_the_code():
    documented, actual = documented_package_graph(), package_graph()
    assert sorted(documented) == sorted(actual), "packages missing from or extra in docs/architecture.md"
    wrong = {pkg: sorted(actual[pkg]) for pkg, deps in documented.items() if deps is not None and deps != actual[pkg]}
    assert wrong == {}, f"docs/architecture.md's import graph is out of date; the code has: {wrong}"
    front_ends = {pkg for pkg, deps in documented.items() if deps is None}
    assert front_ends == {"cli"} and not any(front_ends & deps for deps in actual.values())


def test_public_api_matches_the_docs():
    import l10n
    assert set(l10n.__all__) - {"__version__"} == documented_public_api()
    assert "create_app" not in l10n.__all__  # a front end: l10n.service.app.create_app
    for name in l10n.__all__:
        assert getattr(l10n, name) is not None


def test_doctests_are_collected_by_the_suite():
    import tomllib
    options = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_options = options["tool"]["pytest"]["ini_options"]
    assert "l10n" in pytest_options["testpaths"] and "--doctest-modules" in pytest_options["addopts"].split()
    with_examples = [name for name, path in modules().items() if ">>> " in path.read_text(encoding="utf-8")]
    assert len(with_examples) >= 15


if __name__ == "__main__":
    graph = import_graph()
    for mod in sorted(graph):
        print(f"{mod} -> {', '.join(sorted(graph[mod])) or '-'}")
    print("cycles:", cycles(graph) or "none")
    packages = package_graph(graph)
    for pkg in sorted(packages):
        print(f"package {pkg} -> {', '.join(sorted(packages[pkg])) or '-'}")
    print("package cycles:", cycles(packages) or "none")
    print("functions over", MAX_FUNCTION_LINES, "lines:", long_functions() or "none")
