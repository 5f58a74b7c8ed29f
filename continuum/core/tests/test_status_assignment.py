"""Status fields change only through the workflow engine: nothing else may assign them."""

import ast
from pathlib import Path

import django.apps

from continuum.core.workflow import registered_machines

ROOT = Path(__file__).resolve().parents[3]
ENGINE = ROOT / "continuum" / "core" / "workflow.py"


def _status_fields() -> set[str]:
    # Every field that a registered state machine owns, plus the conventional name.
    django.apps.apps.get_app_configs()
    return {m.field for m in registered_machines().values()} | {"status"}


def _assignments(tree: ast.AST, names: set[str]):
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr in names:
                yield node.lineno
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) >= 2:
            arg = node.args[1]
            if isinstance(arg, ast.Constant) and arg.value in names:
                yield node.lineno
        # queryset.update(status=...) bypasses the engine as well
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "update"
            and any(k.arg in names for k in node.keywords)
        ):
            yield node.lineno


def test_no_code_outside_the_engine_assigns_a_status_field():
    names = _status_fields()
    offenders = []
    for path in sorted((ROOT / "continuum").rglob("*.py")):
        if path == ENGINE or "migrations" in path.parts or "tests" in path.parts:
            continue
        for line in _assignments(ast.parse(path.read_text()), names):
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert not offenders, "Status assigned outside the workflow engine:\n" + "\n".join(offenders)


def test_the_scan_finds_an_assignment():
    sample = "def f(obj):\n    obj.status = 'done'\n    Model.objects.update(status='x')\n"
    assert list(_assignments(ast.parse(sample), {"status"})) == [2, 3]
