"""The shape of the package: stages as packages, imports one way, nothing dead or undeclared."""
from __future__ import annotations

import ast
import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "generator"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imported(path: Path, known: dict[str, Path]) -> set[str]:
    """The generator modules a module imports, anywhere in it (lazy imports too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] \
                if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in known else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m in known and m != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups, counter = {}, {}, [], set(), [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def graph_of_modules() -> dict[str, set[str]]:
    known = modules()
    graph = {name: imported(path, known) for name, path in known.items()}
    # a package's __init__ importing its own modules is how a package presents itself
    return {name: {m for m in deps if not m.startswith(name + ".")} for name, deps in graph.items()}


def test_no_module_imports_itself_through_others():
    assert cycles(graph_of_modules()) == []


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_package_says_its_job_in_one_line():
    for init in PACKAGE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init.relative_to(ROOT)} has no docstring"
        assert doc.splitlines()[0].endswith("."), init


STAGES = ["model", "kinds", "load", "history", "evaluate", "outputs", "actions", "cli"]


def test_stages_import_only_earlier_stages():
    """model <- kinds <- load <- history <- evaluate <- outputs <- actions <- cli."""
    order = {stage: n for n, stage in enumerate(STAGES)}
    wrong = []
    for name, deps in graph_of_modules().items():
        stage = name.split(".")[1] if name.count(".") else None
        for dep in deps:
            dep_stage = dep.split(".")[1] if dep.count(".") else None
            if stage in order and dep_stage in order and order[dep_stage] > order[stage]:
                wrong.append(f"{name} -> {dep}")
    assert wrong == []


def test_every_dependency_is_imported_somewhere():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.split(r"[<>=!~ \[]", d, maxsplit=1)[0].lower() for d in declared}
    sources = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    unused = []
    for name in sorted(names):
        top_levels = _top_levels(name)
        if not any(re.search(rf"^\s*(from|import) {re.escape(t)}\b", sources, re.M)
                   for t in top_levels):
            unused.append(name)
    # the default build engine and its theme run as a subprocess (outputs/site/engines.py)
    assert unused == ["mkdocs", "mkdocs-material"]


def _top_levels(distribution: str) -> set[str]:
    text = metadata.distribution(distribution).read_text("top_level.txt")
    if text:
        return set(text.split())
    files = metadata.distribution(distribution).files or []
    return {f.parts[0].removesuffix(".py") for f in files
            if f.parts and not f.parts[0].endswith((".dist-info", ".data")) and
            (f.suffix == ".py" or len(f.parts) > 1) and f.parts[0] != ".."}


def test_no_comment_cites_a_document_the_repository_lacks():
    cited = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"contract section|section \d+ of the", text), path
        cited.update(re.findall(r"(?<![\w/])(docs/[\w./-]+\.md)\b", text))
    missing = sorted(c for c in cited if not (ROOT / c).is_file())
    assert missing == []
