"""HTML is written by escaping templates, never by Python strings: a guard for the whole source tree.

An element name in an f-string report once ran script in an administrator's session. Only the
templating module itself may hold markup (it vouches for chart SVG and formats money with
``markupsafe``); every other module hands data to a template.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "worth"
ALLOWED = {SRC / "exports" / "templating.py"}
TAG = re.compile(
    r"</?(?:td|tr|th|div|span|p|li|ul|ol|table|thead|tbody|h[1-6]|a|strong|em|b|i|script|img|svg|figure|br|pre|code)\b[^>]*>"
)


def test_no_module_builds_html_in_strings() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path in ALLOWED or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) and id(node) not in docstrings else None
            if isinstance(text, str) and TAG.search(text):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}: {text[:60]!r}")
    assert offenders == [], "write HTML in a template (worth.exports.templating or Django's):\n" + "\n".join(
        offenders
    )
