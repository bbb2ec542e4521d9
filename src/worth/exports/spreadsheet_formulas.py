"""A word equation's syntax tree as a spreadsheet formula, so a calculator computes what the engine does.

Every construct of the equation language has a spreadsheet counterpart: ``+ - * /`` and unary minus,
comparisons (``==`` is ``=``, ``!=`` is ``<>``), ``and``/``or``/``not`` as ``AND``/``OR``/``NOT``,
``if``/``min``/``max``/``abs``/``round`` as ``IF``/``MIN``/``MAX``/``ABS``/``ROUND`` (spreadsheet
``ROUND`` rounds halves away from zero, as the engine does). Names become the cells' defined names.
Parentheses are written where precedence needs them and nowhere else, so the formula stays readable
beside the word equation. A construct without a counterpart raises :class:`UnsupportedFormulaError`, naming
it, so a calculator says which element it cannot carry rather than computing something else.

Examples
--------
>>> from worth.engine.equations import parse_equation
>>> tree = parse_equation("S = ([A, alt] - [A, ours]) x [Margin] - 5%").expr
>>> formula(tree, {"A, alt": "in_a_alt", "A, ours": "in_a_ours", "Margin": "in_margin"})
'(in_a_alt-in_a_ours)*in_margin-0.05'
>>> tree = parse_equation("S = if([X] >= 2 and not [Y] == 0, -[X] / ([Y] * 2), round(max([X], 1), 1))").expr
>>> formula(tree, {"X": "x_", "Y": "y_"})
'IF(AND(x_>=2,NOT(y_=0)),-x_/(y_*2),ROUND(MAX(x_,1),1))'
"""

from __future__ import annotations

from collections.abc import Mapping

from worth.engine.equations.nodes import Binary, Call, Compare, Expr, Logical, Name, Not, Number, Unary

__all__ = ["FUNCTIONS", "UnsupportedFormulaError", "formula", "number_text"]

#: The equation language's functions and their spreadsheet names.
FUNCTIONS: dict[str, str] = {"if": "IF", "min": "MIN", "max": "MAX", "abs": "ABS", "round": "ROUND"}
_COMPARE = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=", "!=": "<>"}


class UnsupportedFormulaError(ValueError):
    """A construct of an equation that a spreadsheet formula cannot carry (named in the message)."""


def number_text(value: float) -> str:
    """A number exactly as the spreadsheet reads it back: ``0.05``, ``1200``, ``1.5E-07``.

    >>> number_text(1200.0), number_text(0.05), number_text(1.5e-07), number_text(1e300)
    ('1200', '0.05', '1.5E-07', '1E+300')
    """
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value)).upper()


def _precedence(node: Expr) -> int:
    if isinstance(node, Compare):
        return 1
    if isinstance(node, Binary):
        return 2 if node.op in "+-" else 3
    if isinstance(node, Unary):
        return 4
    return 5  # numbers, names, calls, and the functions AND/OR/NOT


def formula(node: Expr, names: Mapping[str, str]) -> str:
    """The formula (without the leading ``=``) of ``node``; ``names`` maps each bracketed name to a cell.

    Raises
    ------
    UnsupportedFormulaError
        For a function without a spreadsheet counterpart, or a name ``names`` does not give.
    """
    return _Writer(names).write(node)


class _Writer:
    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names

    def operand(self, node: Expr, parent: int, *, right: bool = False) -> str:
        text = self.write(node)
        inner = _precedence(node)
        # The right operand of - and / keeps its parentheses at equal precedence: a-(b-c), a/(b*c).
        if inner < parent or (right and inner == parent and parent in (2, 3)):
            return f"({text})"
        return text

    def write(self, node: Expr) -> str:
        if isinstance(node, Number):
            return number_text(node.value)
        if isinstance(node, Name):
            if node.name not in self.names:
                raise UnsupportedFormulaError(f"[{node.name}] has no cell in the calculator")
            return self.names[node.name]
        if isinstance(node, Unary):
            inner = self.operand(node.operand, 4)
            return inner if node.op == "+" else f"-{inner}"
        if isinstance(node, Binary):
            level = _precedence(node)
            right_needs = node.op in "-/"
            left = self.operand(node.left, level)
            right = self.operand(node.right, level, right=right_needs)
            return f"{left}{node.op}{right}"
        if isinstance(node, Compare):
            return f"{self.operand(node.left, 2)}{_COMPARE[node.op]}{self.operand(node.right, 2)}"
        if isinstance(node, Logical):
            return f"{node.op.upper()}({self.write(node.left)},{self.write(node.right)})"
        if isinstance(node, Not):
            return f"NOT({self.write(node.operand)})"
        if isinstance(node, Call):
            function = FUNCTIONS.get(node.function)
            if function is None:
                raise UnsupportedFormulaError(f"the function {node.function}() has no spreadsheet formula")
            return f"{function}({','.join(self.write(arg) for arg in node.args)})"
        raise UnsupportedFormulaError(f"{type(node).__name__} has no spreadsheet formula")
