"""The engine knows nothing of the web: checked on the source, so it holds for new modules too."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "src" / "worth" / "engine"
FORBIDDEN = (
    "django",
    "ninja",
    "ibis",
    "duckdb",
    "worth.apps",
    "worth.site",
    "worth.analytics",
    "worth.exports",
    "worth.cli",
)


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_engine_imports_no_web_or_database_module() -> None:
    offenders = []
    files = sorted(ENGINE.rglob("*.py"))
    assert files
    for path in files:
        for name in imported_modules(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                offenders.append(f"{path.relative_to(ENGINE)} imports {name}")
    assert offenders == []
