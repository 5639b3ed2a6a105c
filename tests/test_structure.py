"""The shape of the package: no import cycles, no reaching into another package's private names."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(KG.rglob("*.py")):
        parts = path.relative_to(KG.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path) -> list[tuple[str, str, int]]:
    """(imported module, imported name or '', line) for every kg import, at any depth of the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "kg" or target.startswith("kg."):
                for alias in node.names:
                    found.append((target, alias.name, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name, "", node.lineno) for a in node.names if a.name.startswith("kg.")]
    return found


def _resolve(target: str, imported: str, modules: dict[str, Path]) -> str:
    """The module an import loads: ``from kg import x`` loads kg.x when x is a module."""
    return f"{target}.{imported}" if f"{target}.{imported}" in modules else target


def test_no_import_cycles_even_with_every_import_at_the_top():
    modules = _modules()
    graph = {
        name: {_resolve(t, i, modules) for t, i, _ in _imports(name, path)} - {name} for name, path in modules.items()
    }
    # a package imports its own modules by definition; that is not a cycle of the design
    for name in graph:
        graph[name] = {m for m in graph[name] if not (name.startswith(m + ".") and m in modules)}
    index, low, on_stack, stack, cycles, counter = {}, {}, set(), [], [], [0]

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in modules:
                continue
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    assert not cycles, cycles


def test_no_module_imports_another_packages_private_names():
    modules = _modules()
    offences = []
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for target, imported, line in _imports(name, path):
            loaded = _resolve(target, imported, modules)
            owner = loaded.rpartition(".")[0] if loaded in modules and modules[loaded].name != "__init__.py" else loaded
            dunder = imported.startswith("__") and imported.endswith("__")  # __version__ is public
            private = any(part.startswith("_") for part in loaded.split(".")) or (imported[:1] == "_" and not dunder)
            if private and owner != package:
                offences.append(f"{path.relative_to(KG.parent)}:{line} imports {loaded}:{imported}")
    assert not offences, offences


@pytest.mark.parametrize("name", sorted(_modules()))
def test_every_module_imports_first_in_a_fresh_interpreter(name):
    done = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert importlib.util.find_spec(name) is not None


def test_validation_leaves_rdflib_as_it_found_it(seed_out):
    from rdflib import Graph
    from rdflib.plugins.sparql import processor

    from kg.validate import validate

    before = processor.SPARQLProcessor.query
    report = validate(Graph().parse(seed_out / "kg.ttl"))
    assert report.conforms and processor.SPARQLProcessor.query is before
