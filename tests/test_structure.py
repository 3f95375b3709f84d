"""The package's shape: no import cycles between its modules, and no module too long to read.

Imports are read from the source (not by importing it), so a cycle that happens to
work because of the order Python loads modules in is still found.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "wagtail_peersupport"
NAME = PACKAGE.name
MAX_LINES = 400


def modules():
    """Every module of the package but its migrations: {dotted name: path}."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.relative_to(PACKAGE).parts:
            continue
        parts = [NAME, *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def module_level_imports(name, path, known):
    """The package's modules that ``name`` imports at module level (not inside functions)."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    targets = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            targets.add(source)
            # "from . import conf" imports the module conf, not a name in the package.
            targets.update(f"{source}.{alias.name}" for alias in node.names)
    return {target for target in targets if target in known and target != name}


def import_graph():
    known = modules()
    return {name: module_level_imports(name, path, known) for name, path in known.items()}


def cycles(graph):
    """Groups of modules that import each other, directly or through others (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_the_import_graph_is_read_from_the_source():
    graph = import_graph()
    assert f"{NAME}.models.pages" in graph[f"{NAME}.models"]
    assert f"{NAME}.topics" in graph[f"{NAME}.blocks.stories"]
    assert f"{NAME}.conf" in graph[f"{NAME}.models.mixins"]  # "from .. import conf"
    # Imports inside functions are not module level: the whitelister is loaded lazily.
    assert f"{NAME}.whitelisting" not in graph[f"{NAME}.cleaning"]


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_module_imports_a_module_that_imports_it_back():
    found = cycles(import_graph())
    assert found == [], "modules that import each other at module level: " + "; ".join(
        " <-> ".join(group) for group in found
    )


def test_no_module_of_the_package_is_over_400_lines():
    long = {
        name: lines
        for name, path in modules().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
