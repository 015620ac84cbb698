"""The TUI's threading rule, checked on the source: Textual's functions are not thread-safe
(its workers guide), ``post_message`` is. So a thread worker (``@work(thread=True)``) reads
or writes the store and posts messages; only the event loop touches widgets and app state.

In a thread worker's body (nested functions and lambdas included) ``self`` may only be used
as ``self.post_message(...)``, ``self.app.post_message(...)`` or the thread-safe store
handles below; ``call_from_thread`` appears nowhere in tui/, and every thread worker is a
``@work`` method (no ``run_worker(..., thread=True)``), so that this test sees it."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

TUI = ROOT / "tui"
STORE_HANDLES = {"browse", "reader"}  # store sessions: their own lock serialises their threads


def _is_true(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _thread_workers(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for d in node.decorator_list:
                if (
                    isinstance(d, ast.Call)
                    and isinstance(d.func, ast.Name)
                    and d.func.id == "work"
                    and any(k.arg == "thread" and _is_true(k.value) for k in d.keywords)
                ):
                    found.append(node)
    return found


def _is_thread_run_worker(node: ast.Call) -> bool:
    return (
        isinstance(node.func, ast.Attribute)
        and node.func.attr == "run_worker"
        and any(k.arg == "thread" and _is_true(k.value) for k in node.keywords)
    )


def _self_use(node: ast.Name, parents: dict[ast.AST, ast.AST]) -> str | None:
    """What is wrong with this use of ``self`` in a thread worker (None: nothing)."""
    attribute = parents.get(node)
    if not isinstance(attribute, ast.Attribute):
        return "self passed on"
    if not isinstance(attribute.ctx, ast.Load):
        return f"self.{attribute.attr} assigned"
    above = parents.get(attribute)
    if attribute.attr in STORE_HANDLES:
        return None
    if attribute.attr == "post_message" and isinstance(above, ast.Call) and above.func is attribute:
        return None
    if attribute.attr == "app" and isinstance(above, ast.Attribute) and above.attr == "post_message":
        return None
    return f"self.{attribute.attr} used"


def violations(source: str, filename: str = "<source>") -> list[str]:
    tree = ast.parse(source)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "call_from_thread":
            problems.append(f"{filename}:{node.lineno}: call_from_thread")
        if isinstance(node, ast.Call) and _is_thread_run_worker(node):
            problems.append(f"{filename}:{node.lineno}: run_worker(thread=True) instead of a @work method")
    for worker in _thread_workers(tree):
        parents = {child: parent for parent in ast.walk(worker) for child in ast.iter_child_nodes(parent)}
        for stmt in worker.body:
            for node in ast.walk(stmt):
                if isinstance(node, ast.Name) and node.id == "self":
                    problem = _self_use(node, parents)
                    if problem:
                        problems.append(f"{filename}:{node.lineno}: {worker.name}: {problem}")
    return problems


def test_thread_workers_only_post_messages() -> None:
    files = sorted(TUI.glob("*.py"))
    assert len(files) > 10
    problems = [p for path in files for p in violations(path.read_text(), str(path.relative_to(ROOT)))]
    assert problems == []
    workers = sum(len(_thread_workers(ast.parse(path.read_text()))) for path in files)
    assert workers >= 15  # the app's, the list's, the editors' and the duplicate screen's


def test_the_rule_catches_what_it_forbids() -> None:
    bad = """
class Pane:
    @work(thread=True, group="w")
    def load(self, incident_id: str) -> None:
        inc = self.browse.get(incident_id)
        self.incident = inc
        self.undo_stack.append("b")
        self.app.call_from_thread(self.redraw)
        self.notify("done")
        self.query_one(Static).update("x")
        helper(self)
        self.post_message(Loaded(inc))
        self.app.post_message(Toast("ok"))

    def on_mount(self) -> None:
        self.run_worker(lambda: None, thread=True)
"""
    found = violations(bad)
    assert any("self.incident assigned" in p for p in found)
    assert any("self.undo_stack used" in p for p in found)
    assert any("call_from_thread" in p for p in found)
    assert any("self.notify used" in p for p in found)
    assert any("self.query_one used" in p for p in found)
    assert any("self passed on" in p for p in found)
    assert any("run_worker(thread=True)" in p for p in found)
    assert not any("post_message" in p or "self.browse" in p for p in found)
    assert len(found) == 9, found  # and self.app, self.redraw on the call_from_thread line
