"""The layers of docs/architecture.md, enforced.

inquiries (the lowest domain layer) names nothing of responses: not in code, templates, URLs,
ORM paths, permission strings or migrations. Each app imports only from the layers below it
(and config's helpers), and no modules import each other in a circle.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Who may import whom: each app and the apps it may import (besides itself and `config`).
# config is the project: its helpers (site, translations) serve every app, and its urls,
# settings and navigation put the apps together; it is left out of the layer rule.
MAY_IMPORT = {
    "inquiries": set(),
    "responses": {"inquiries"},
    "portal": {"inquiries", "responses"},
    "search": {"inquiries", "responses"},
    "oparl": {"inquiries", "responses"},
    "accessibility": {"inquiries"},  # the accessibility statement and barrier reports
    "tooling": {"inquiries", "responses", "portal", "search", "oparl", "accessibility"},
}
APPS = [*MAY_IMPORT, "config"]

# What inquiries must not name: the app, and the ORM paths into answers and replies.
FORBIDDEN_IN_INQUIRIES = re.compile(r"\bresponses\b|\banswer__|\binterim_replies\b|\breply_set\b|\breplies__")


def _python_files(app: str) -> list[Path]:
    return sorted((ROOT / app).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """The project modules `path` imports at run time (imports under `if TYPE_CHECKING:` are
    for the type checker only). `top_level_only`: those that run when the module is imported,
    not the ones inside functions."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for orelse in child.orelse:
                    visit_node(orelse)
                continue
            visit_node(child)

    def visit_node(child: ast.AST) -> None:
        if isinstance(child, ast.Import):
            found.update(alias.name for alias in child.names)
        elif isinstance(child, ast.ImportFrom):
            if child.level:
                base = package.split(".")
                base = base[: len(base) - (child.level - 1)]
                prefix = ".".join(base + ([child.module] if child.module else []))
            else:
                prefix = child.module or ""
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" for alias in child.names)
        elif top_level_only and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return
        else:
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {name for name in found if name.split(".")[0] in APPS}


def _all_modules() -> dict[str, Path]:
    return {_module_name(path): path for app in APPS for path in _python_files(app)}


def test_inquiries_names_nothing_of_responses():
    offending = []
    paths = [*_python_files("inquiries"), *sorted((ROOT / "templates" / "inquiries").rglob("*"))]
    paths += sorted((ROOT / "templates" / "admin" / "inquiries").rglob("*"))
    for path in paths:
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if FORBIDDEN_IN_INQUIRIES.search(line):
                offending.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offending == []


def test_the_check_finds_a_name_of_responses():
    """The pattern above is not blind: these lines are what it must refuse."""
    for line in (
        "from responses.models import Answer",
        'apps.get_model("responses", "Reply")',
        "{% url 'responses:worklist' %}",
        'questions.annotate(answer_status=F("answer__status"))',
        "inquiry.interim_replies.all()",
        '("responses", "0001_initial"),',
    ):
        assert FORBIDDEN_IN_INQUIRIES.search(line), line
    assert not FORBIDDEN_IN_INQUIRIES.search("interim_reply_due_on = models.DateField()")


@pytest.mark.parametrize("app", list(MAY_IMPORT))
def test_apps_import_only_from_the_layers_below(app):
    allowed = {app, "config"} | MAY_IMPORT[app]
    offending = sorted(
        f"{_module_name(path)} imports {name}"
        for path in _python_files(app)
        for name in _imports(path, top_level_only=False)
        if name.split(".")[0] not in allowed
    )
    assert offending == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strongconnect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                strongconnect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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

    for node in sorted(graph):
        if node not in index:
            strongconnect(node)
    return found


def _module_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (anywhere in it, at run time). An import of a
    package's member (`from inquiries import permissions`) points at the member module when
    there is one, else at the package."""
    modules = _all_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path, top_level_only=False):
            if imported in modules:
                targets.add(imported)
        # `from inquiries import permissions` also names the package `inquiries`: keep the member
        targets = {t for t in targets if not any(other.startswith(t + ".") for other in targets)}
        graph[name] = targets - {name}
    return graph


def test_no_import_cycles_between_modules():
    assert _cycles(_module_graph()) == []


def test_the_cycle_check_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
