"""The layering rule ``bollwerk <- assets <- compliance <- reports``, checked on the source.

An app may use only itself and the apps to its left: ``bollwerk`` no app, ``assets`` only
``bollwerk``, ``compliance`` ``bollwerk`` and ``assets``; nothing uses ``reports``. Checked
on every ``.py`` file of the four apps (migrations included) with ``ast``: imports (also
inside functions), ``import_module``/``apps.get_model`` calls with a literal app, migration
``dependencies`` and relation targets (``to="app.model"``); and on the loaded models'
relation fields.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("bollwerk", "assets", "compliance", "reports")

#: Deployed migrations that may not change, with the rightward reference they keep.
#: 0004 created Decision.report, a FK to reports.Report; 0007_decision_report_ref replaced
#: it by a plain reference. Only squashing 0004–0007 (once every installation has applied
#: 0007) can remove this edge.
HISTORICAL = {
    ("assets/migrations/0004_procurement.py", "reports"),
}


def allowed(app: str) -> set[str]:
    return set(LAYERS[: LAYERS.index(app) + 1])


def app_files(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "__pycache__" not in p.parts)


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _is_dependencies(node) -> bool:
    return isinstance(node, ast.Assign) and any(
        getattr(t, "id", "") == "dependencies" for t in node.targets
    )


def references(tree: ast.AST, *, migration: bool) -> list[tuple[int, str, str]]:
    """(line, app label or top-level module, what) of every reference to another module/app."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name.split(".")[0], f"import {a.name}") for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0], f"from {node.module} import"))
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            first = _literal(node.args[0]) if node.args else None
            if name in ("import_module", "__import__") and first:
                found.append((node.lineno, first.split(".")[0], f"{name}({first!r})"))
            elif name == "get_model" and first:
                found.append((node.lineno, first.split(".")[0], f"get_model({first!r})"))
            for keyword in node.keywords:
                target = _literal(keyword.value)
                if keyword.arg == "to" and target and "." in target:
                    found.append((node.lineno, target.split(".")[0], f"to={target!r}"))
        elif migration and _is_dependencies(node):
            for item in getattr(node.value, "elts", []):
                if isinstance(item, ast.Tuple) and item.elts and _literal(item.elts[0]):
                    label = _literal(item.elts[0])
                    found.append((item.lineno, label, f"migration dependency on {label}"))
    return found


def violations() -> tuple[list[str], set[tuple[str, str]]]:
    """Rightward references (``path:line: what``) and the historical ones seen."""
    out, historical = [], set()
    for app in LAYERS:
        for path in app_files(app):
            relative = path.relative_to(ROOT).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
            migration = "migrations" in path.parts
            for line, target, what in references(tree, migration=migration):
                if target not in LAYERS or target in allowed(app):
                    continue
                if (relative, target) in HISTORICAL:
                    historical.add((relative, target))
                    continue
                out.append(f"{relative}:{line}: {app} must not use {target} ({what})")
    return out, historical


def test_no_app_uses_an_app_to_its_right():
    found, _ = violations()
    assert found == []


def test_the_historical_exceptions_are_still_needed():
    """An exception nobody needs any more (the migration was squashed) must be dropped."""
    _, historical = violations()
    assert historical == HISTORICAL


@pytest.mark.parametrize("app", LAYERS)
def test_models_relate_only_to_their_own_layer_and_the_left(app):
    wrong = [
        f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}"
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and not field.auto_created
        and field.related_model is not None
        and field.related_model._meta.app_label in LAYERS
        and field.related_model._meta.app_label not in allowed(app)
    ]
    assert wrong == []


def test_the_checker_sees_every_kind_of_reference():
    """The detector itself: each form of a rightward reference is reported."""
    source = """
import reports.models
from compliance.models import Control
def f():
    from reports.rendering import html_to_pdf
    importlib.import_module("reports.providers")
    apps.get_model("reports", "Report")
    models.ForeignKey("reports.Report", to="reports.report")
dependencies = [("reports", "0001_reports"), ("assets", "0003_sbom")]
"""
    found = {(target, what) for _, target, what in references(ast.parse(source), migration=True)}
    assert found >= {
        ("reports", "import reports.models"),
        ("compliance", "from compliance.models import"),
        ("reports", "from reports.rendering import"),
        ("reports", "import_module('reports.providers')"),
        ("reports", "get_model('reports')"),
        ("reports", "to='reports.report'"),
        ("reports", "migration dependency on reports"),
        ("assets", "migration dependency on assets"),
    }
