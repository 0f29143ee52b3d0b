"""The pipeline in the folder tree: each step imports only from the steps before it.

Steps, in order (a module may import from its own step and the ones above it):

    errors, limits, resources, cache      the core every step may use
    timings                               (with the timestamps of a build's steps)
    model/                                frozen types: documents, clinics, jobs, findings, records
    inputs/                               reading untrusted files, bounded
    language/                             labels, sentences, readability per language
    fonts/                                fonts per script, installed faces, glyph coverage
    read/                                 catalog, documents, brands, settings, assets
    outputs/                              the output kinds: handout (HTML, PDF), deck (PPTX, web)
    quality/                              the checks and their report
    authoring/                            import into the content folder, approve, new projects
    notebook/                             the one-call-per-cell API, the builder's contract
    execute/                              engines, job runner, executors
    report/                               the gallery and the quality pages
    build/                                plan, fingerprints, run, write, record, previews
    preview/                              serve the build folder, watch, rebuild, reload
    cli                                   the command line

The import graph (imports inside functions included) has no cycles, and an import inside a
function is there only for start-up speed, said in a comment on its line or the line above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "src" / "handoutkit"
STEPS = (
    {"handoutkit", "errors", "limits", "resources", "cache", "timings"},
    {"model"},
    {"inputs"},
    {"language"},
    {"fonts"},
    {"read"},
    {"outputs"},
    {"quality"},
    {"authoring"},
    {"notebook"},
    {"execute"},
    {"report"},
    {"build"},
    {"preview"},
    {"cli"},
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def step_of(module: str) -> int:
    parts = module.split(".")
    first = parts[1] if len(parts) > 1 else "handoutkit"
    return next(index for index, names in enumerate(STEPS) if first in names)


def imports(path: Path) -> list[tuple[str, ast.AST, bool]]:
    """(imported handoutkit module, node, inside a function) for every import of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[str, ast.AST, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package[: len(package) - child.level + 1]
                    target = ".".join([*base, *([child.module] if child.module else [])])
                else:
                    target = child.module or ""
                if target.startswith("handoutkit"):
                    # "from . import x" names a module x of the package.
                    names = [f"{target}.{alias.name}" for alias in child.names]
                    modules = [n for n in names if _is_module(n)] or [target]
                    found.extend((module, child, in_function) for module in modules)
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("handoutkit"):
                        found.append((alias.name, child, in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def _is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative).is_dir()


def _type_checking_only(path: Path) -> set[int]:
    """Lines of imports under ``if TYPE_CHECKING:`` (types only, never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for child in ast.walk(node):
                if isinstance(child, ast.Import | ast.ImportFrom):
                    lines.add(child.lineno)
    return lines


MODULES = sorted(PACKAGE.rglob("*.py"))


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path in MODULES:
        skip = _type_checking_only(path)
        name = module_name(path)
        edges[name] = {
            target
            for target, node, _ in imports(path)
            if node.lineno not in skip and target != name
        }
    return edges


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_a_module_imports_only_from_its_own_step_and_earlier_ones(path):
    own = step_of(module_name(path))
    later = sorted({target for target, _, _ in imports(path) if step_of(target) > own})
    assert later == [], f"{module_name(path)} (step {own}) imports from later steps: {later}"


def test_the_import_graph_has_no_cycles():
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            # A package's __init__ importing its own modules is how packages re-export.
            if target.startswith(node + "."):
                continue
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target) :], target] if target in trail else [])
            elif state.get(target) is None:
                visit(target, [*trail, target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_an_import_inside_a_function_says_it_is_there_for_start_up_speed(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    unexplained = []
    for node in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for child in ast.walk(node):
            if isinstance(child, ast.Import | ast.ImportFrom) and not _explained(
                lines, child.lineno
            ):
                unexplained.append(f"line {child.lineno}: {lines[child.lineno - 1].strip()}")
    assert unexplained == []


def _explained(lines: list[str], number: int) -> bool:
    """A "start-up" comment on the import's line or above it, in its run of imports."""
    index = number - 1
    while index >= 0:
        text = lines[index].strip()
        if "start-up" in text:
            return True
        continued = text.startswith(("from ", "import ", "#", ")")) or text.endswith(",")
        if index < number - 1 and not continued and "import" not in text:
            return False
        index -= 1
    return False
