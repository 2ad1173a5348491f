"""The architecture, checked: imports go one way, there are no cycles, and no module grows huge.

The flow is content → model → render → build → cli. Reading the code from the bottom up, each
layer may use only the layers below it:

    0  errors, project, outputs, code,         facts every stage shares; no samling imports
       ooxml.units
    1  model/                                  plain typed objects and domain rules, no I/O
    2  content/  ooxml/                        reading content; Office XML with no domain
    3  checks/                                 colour maths and the checks of built outputs
    4  render/                                 one renderer for each output
    5  build, manifest, pdf, scaffold, watch,  orchestration
       importer, import_markdown, preview,
       preview_server, server, client
    6  cli, __main__                           the only place errors become exit codes
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "pipeline"
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 80

LAYERS: list[tuple[int, tuple[str, ...]]] = [
    (0, ("pipeline", "pipeline.errors", "pipeline.project", "pipeline.outputs", "pipeline.code")),
    (0, ("pipeline.ooxml.units",)),
    (1, ("pipeline.model",)),
    (2, ("pipeline.content", "pipeline.ooxml")),
    (3, ("pipeline.checks",)),
    (4, ("pipeline.render",)),
    (5, ("pipeline.build", "pipeline.manifest", "pipeline.pdf", "pipeline.scaffold")),
    (5, ("pipeline.watch", "pipeline.warm", "pipeline.pull", "pipeline.workers", "pipeline.edits")),
    (5, ("pipeline.server", "pipeline.client", "pipeline.preview", "pipeline.preview_server")),
    (5, ("pipeline.importer", "pipeline.import_markdown", "pipeline.sheet")),
    (6, ("pipeline.cli", "pipeline.__main__")),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    """The layer of the most specific prefix that names `module`."""
    best, best_length = None, -1
    for layer, prefixes in LAYERS:
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and len(prefix) > best_length and (prefix != "pipeline" or module == prefix):
                best, best_length = layer, len(prefix)
    assert best is not None, f"{module} is in no layer: add it to LAYERS in {__file__}"
    return best


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every pipeline module that `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pipeline.x import y` imports pipeline.x.y when y is a module, else pipeline.x
            names = [
                f"{node.module}.{alias.name}"
                if f"{node.module}.{alias.name}" in known
                else node.module
                for alias in node.names
            ]
        else:
            continue
        found.update(name for name in names if name in known)
    return found


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(path, known) - {name} for name, path in found.items()}


def test_every_import_goes_down_the_layers() -> None:
    wrong = [
        f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})"
        for module, targets in sorted(import_graph().items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]
    assert not wrong, "imports that go up the layers:\n" + "\n".join(wrong)


def test_no_import_cycles() -> None:
    graph = import_graph()
    # A package's __init__ is imported by its own modules' importers; it must not close a loop.
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                loop = trail[trail.index(target) :] + [target] if target in trail else [target]
                cycles.append(" → ".join(loop))
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_no_module_is_huge_and_no_function_is_long() -> None:
    too_big = []
    for name, path in modules().items():
        source = path.read_text(encoding="utf-8")
        lines = source.count("\n")
        if lines > MAX_MODULE_LINES:
            too_big.append(f"{name}: {lines} lines (at most {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_big.append(f"{name}.{node.name}: {length} lines")
    assert not too_big, "split these by responsibility:\n" + "\n".join(too_big)


def test_the_layer_table_itself() -> None:
    assert layer_of("pipeline.model.types") == 1
    assert layer_of("pipeline.ooxml.units") == 0
    assert layer_of("pipeline.ooxml.package") == 2
    assert layer_of("pipeline.render.deck.kinds") == 4
    assert layer_of("pipeline") == 0
