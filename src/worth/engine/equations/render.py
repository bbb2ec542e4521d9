"""Each equation twice, as the method asks: in words only, and with the values and the result.

Both renderings share one walk over the tree that adds only the parentheses the meaning needs, so the
words-only form is canonical: it parses back to the same tree. HTML output escapes every name and
marks its parts with classes (``eq-name``, ``eq-op``, ``eq-value``, ``eq-unit``, ``eq-result``) for
report styling; no LaTeX.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Callable

from .formatting import format_amount, literal_text
from .nodes import Binary, Call, Compare, Expr, Logical, Name, Not, Number, Unary

__all__ = ["render_expression_values", "render_expression_words", "render_target"]

_WORD_OPERATORS = {"+": "+", "-": "-", "*": "×", "/": "÷"}
_WORD_COMPARISONS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "==", "!=": "≠"}
ValueOf = Callable[[str], tuple[float, str]]


def _precedence(node: Expr) -> int:
    if isinstance(node, Logical):
        return 1 if node.op == "or" else 2
    if isinstance(node, Not):
        return 3
    if isinstance(node, Compare):
        return 4
    if isinstance(node, Binary):
        return 5 if node.op in "+-" else 6
    if isinstance(node, Unary):
        return 7
    return 8


class _Writer:
    """Writes a tree; the name and number callbacks decide between words and values."""

    def __init__(self, name: Callable[[Name], str], number: Callable[[Number], str], *, html: bool) -> None:
        self.name = name
        self.number = number
        self.html = html

    def op(self, symbol: str) -> str:
        if self.html:
            return f'<span class="eq-op">{html_lib.escape(symbol)}</span>'
        return symbol

    def function(self, word: str) -> str:
        return f'<span class="eq-fn">{word}</span>' if self.html else word

    def child(self, node: Expr, parent: int, *, strict: bool) -> str:
        text = self.write(node)
        inner = _precedence(node)
        if inner < parent or (strict and inner == parent):
            return f"({text})"
        return text

    def write(self, node: Expr) -> str:
        if isinstance(node, Number):
            return self.number(node)
        if isinstance(node, Name):
            return self.name(node)
        level = _precedence(node)
        if isinstance(node, Unary):
            return self.op(node.op) + self.child(node.operand, level, strict=False)
        if isinstance(node, Not):
            return self.op("not") + " " + self.child(node.operand, level, strict=False)
        if isinstance(node, Binary | Logical | Compare):
            if isinstance(node, Binary):
                symbol = _WORD_OPERATORS[node.op]
            elif isinstance(node, Compare):
                symbol = _WORD_COMPARISONS[node.op]
            else:
                symbol = node.op
            left = self.child(node.left, level, strict=isinstance(node, Compare))
            right = self.child(node.right, level, strict=True)
            return f"{left} {self.op(symbol)} {right}"
        assert isinstance(node, Call)
        args = ", ".join(self.write(arg) for arg in node.args)
        return f"{self.function(node.function)}({args})"


def render_target(target: str, *, html: bool = False) -> str:
    """The left-hand name, bracketed only when it could not be read back without brackets."""
    shown = f"[{target}]" if "=" in target or not target[:1].strip() else target
    return f'<span class="eq-target">{html_lib.escape(shown)}</span>' if html else shown


def _name_words(html: bool) -> Callable[[Name], str]:
    if html:
        return lambda node: f'<span class="eq-name">[{html_lib.escape(node.name)}]</span>'
    return lambda node: f"[{node.name}]"


def _number_words(html: bool) -> Callable[[Number], str]:
    if html:
        return lambda node: f'<span class="eq-number">{html_lib.escape(literal_text(node))}</span>'
    return literal_text


def render_expression_words(expr: Expr, *, html: bool = False) -> str:
    """The right-hand side in words only: ``([A] - [B]) × [C]``."""
    return _Writer(_name_words(html), _number_words(html), html=html).write(expr)


def _amount_html(value: float, unit: str, css: str, title: str | None) -> str:
    number, separator, unit_text = format_amount(value, unit)
    parts = f'<span class="eq-value">{html_lib.escape(number)}</span>'
    if unit_text:
        parts += f'{separator}<span class="eq-unit">{html_lib.escape(unit_text)}</span>'
    titled = f' title="{html_lib.escape(title, quote=True)}"' if title is not None else ""
    return f'<span class="{css}"{titled}>{parts}</span>'


def render_amount(
    value: float, unit: str, *, html: bool = False, css: str = "eq-term", title: str | None = None
) -> str:
    """One value with its unit: ``$2,500/h``, ``120 h/yr``, ``15%``."""
    if html:
        return _amount_html(value, unit, css, title)
    number, separator, unit_text = format_amount(value, unit)
    return f"{number}{separator}{unit_text}"


def render_expression_values(expr: Expr, value_of: ValueOf, *, html: bool = False) -> str:
    """The right-hand side with each name replaced by its value and unit: ``(120 h/yr - 40 h/yr) × ...``.

    ``value_of(name)`` gives the value and the unit text of a name. Negative values are put in
    parentheses so ``[A] - [B]`` with B = -40 reads ``... - (-40 h/yr)``.
    """

    def name(node: Name) -> str:
        value, unit = value_of(node.name)
        text = render_amount(value, unit, html=html, title=node.name)
        return f"({text})" if value < 0 else text

    return _Writer(name, _number_words(html), html=html).write(expr)
