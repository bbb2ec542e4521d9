"""The syntax tree of a word equation: small frozen dataclasses.

Nodes compare by meaning only: the character span (kept to point errors at the right place) is left out
of equality, so ``parse(render(parse(t)))`` can be checked for the same tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "BINARY_OPERATORS",
    "COMPARISONS",
    "Binary",
    "Call",
    "Compare",
    "Expr",
    "Logical",
    "Name",
    "Not",
    "Number",
    "Span",
    "Unary",
    "is_condition",
    "walk",
]

Span = tuple[int, int]
"""Start and end character offsets (0-based, end exclusive) into the equation text."""

BinaryOp = Literal["+", "-", "*", "/"]
CompareOp = Literal["<", "<=", ">", ">=", "==", "!="]
BINARY_OPERATORS: tuple[BinaryOp, ...] = ("+", "-", "*", "/")
COMPARISONS: tuple[CompareOp, ...] = ("<", "<=", ">", ">=", "==", "!=")


@dataclass(frozen=True)
class Number:
    """A number as written: ``1,200.5``; ``15%`` (``written=15``, value 0.15); ``$2,500``.

    ``currency`` is the ISO code of a currency-prefixed amount (``"USD"`` for ``$``) or ``None``.
    """

    written: float
    percent: bool = False
    currency: str | None = None
    symbol: str | None = None
    span: Span = field(default=(0, 0), compare=False)

    @property
    def value(self) -> float:
        return self.written / 100.0 if self.percent else self.written


@dataclass(frozen=True)
class Name:
    """A bracketed phrase: a driver, a constant or another equation's result."""

    name: str
    span: Span = field(default=(0, 0), compare=False)


@dataclass(frozen=True)
class Unary:
    op: Literal["-", "+"]
    operand: Expr
    span: Span = field(default=(0, 0), compare=False)


@dataclass(frozen=True)
class Binary:
    op: BinaryOp
    left: Expr
    right: Expr
    span: Span = field(default=(0, 0), compare=False)


@dataclass(frozen=True)
class Compare:
    op: CompareOp
    left: Expr
    right: Expr
    span: Span = field(default=(0, 0), compare=False)


@dataclass(frozen=True)
class Logical:
    op: Literal["and", "or"]
    left: Expr
    right: Expr
    span: Span = field(default=(0, 0), compare=False)


@dataclass(frozen=True)
class Not:
    operand: Expr
    span: Span = field(default=(0, 0), compare=False)


@dataclass(frozen=True)
class Call:
    """A function call: ``min``, ``max``, ``if``, ``round`` or ``abs``."""

    function: str
    args: tuple[Expr, ...]
    span: Span = field(default=(0, 0), compare=False)


Expr = Number | Name | Unary | Binary | Compare | Logical | Not | Call


def is_condition(node: Expr) -> bool:
    """True for nodes that give yes/no rather than a number (comparisons and their combinations)."""
    return isinstance(node, Compare | Logical | Not)


def children(node: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of ``node``."""
    if isinstance(node, Unary | Not):
        return (node.operand,)
    if isinstance(node, Binary | Compare | Logical):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node: Expr) -> list[Expr]:
    """Every node of the tree, parents before children, without recursion (trees can be deep)."""
    found: list[Expr] = []
    stack = [node]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(reversed(children(current)))
    return found
