"""Each equation twice, as the method asks: in words only, and with the values and the result.

Both renderings share one walk over the tree that adds only the parentheses the meaning needs, so the
words-only form is canonical: it parses back to the same tree. The walk yields *pieces* (a name, an
operator, a number, an amount with its unit...) rather than markup: plain text is the pieces joined,
and a report marks each piece up with an escaping template (``worth.exports``), so no name a person
wrote can ever become markup. The engine writes no HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from .formatting import format_amount, literal_text
from .nodes import Binary, Call, Compare, Expr, Logical, Name, Not, Number, Unary

__all__ = [
    "Piece",
    "PieceKind",
    "amount_pieces",
    "equals",
    "expression_value_pieces",
    "expression_word_pieces",
    "plain",
    "render_amount",
    "render_expression_values",
    "render_expression_words",
    "render_target",
    "target_piece",
]

PieceKind = Literal["name", "number", "op", "fn", "punct", "space", "target", "amount", "result"]
"""What a piece is; a report styles each kind (``eq-name``, ``eq-op``, ``eq-value`` ...)."""


@dataclass(frozen=True)
class Piece:
    """One piece of a rendered equation.

    ``text`` is what is shown; an amount (``kind`` ``"amount"`` or ``"result"``) shows ``text``
    (the number), then ``separator`` and ``unit``, and ``title`` names the quantity it stands for.
    """

    kind: PieceKind
    text: str
    unit: str = ""
    separator: str = ""
    title: str | None = None

    @property
    def plain(self) -> str:
        """The piece as plain text."""
        return f"{self.text}{self.separator}{self.unit}"


def plain(pieces: tuple[Piece, ...] | list[Piece]) -> str:
    """Pieces joined as plain text."""
    return "".join(piece.plain for piece in pieces)


_WORD_OPERATORS = {"+": "+", "-": "-", "*": "×", "/": "÷"}
_WORD_COMPARISONS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "==", "!=": "≠"}
_SPACE = Piece("space", " ")
_OPEN = Piece("punct", "(")
_CLOSE = Piece("punct", ")")
_COMMA = Piece("punct", ", ")
ValueOf = Callable[[str], tuple[float, str]]
Pieces = Iterator[Piece]


def equals(left: Iterable[Piece], right: Iterable[Piece]) -> tuple[Piece, ...]:
    """``left = right`` as pieces."""
    return (*left, _SPACE, Piece("op", "="), _SPACE, *right)


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
    """Walks a tree; the name callback decides between words and values."""

    def __init__(self, name: Callable[[Name], Pieces]) -> None:
        self.name = name

    def child(self, node: Expr, parent: int, *, strict: bool) -> Pieces:
        inner = _precedence(node)
        if inner < parent or (strict and inner == parent):
            yield _OPEN
            yield from self.write(node)
            yield _CLOSE
        else:
            yield from self.write(node)

    def write(self, node: Expr) -> Pieces:
        if isinstance(node, Number):
            yield Piece("number", literal_text(node))
            return
        if isinstance(node, Name):
            yield from self.name(node)
            return
        level = _precedence(node)
        if isinstance(node, Unary):
            yield Piece("op", node.op)
            yield from self.child(node.operand, level, strict=False)
        elif isinstance(node, Not):
            yield Piece("op", "not")
            yield _SPACE
            yield from self.child(node.operand, level, strict=False)
        elif isinstance(node, Binary | Logical | Compare):
            if isinstance(node, Binary):
                symbol = _WORD_OPERATORS[node.op]
            elif isinstance(node, Compare):
                symbol = _WORD_COMPARISONS[node.op]
            else:
                symbol = node.op
            yield from self.child(node.left, level, strict=isinstance(node, Compare))
            yield from (_SPACE, Piece("op", symbol), _SPACE)
            yield from self.child(node.right, level, strict=True)
        else:
            assert isinstance(node, Call)
            yield Piece("fn", node.function)
            yield _OPEN
            for index, arg in enumerate(node.args):
                if index:
                    yield _COMMA
                yield from self.write(arg)
            yield _CLOSE


# A left-hand name is written bare only when reading it back bare gives the same name: no '=', no
# brackets or parentheses (the bracket scan would pair them), no leading or trailing space.
_BARE_TARGET = re.compile(r"[^\s\[\]()=]([^\[\]()=\n]*[^\s\[\]()=])?")


def target_piece(target: str) -> Piece:
    """The left-hand name, bracketed only when it could not be read back without brackets."""
    shown = target if _BARE_TARGET.fullmatch(target) else f"[{target}]"
    return Piece("target", shown)


def render_target(target: str) -> str:
    """The left-hand name as text (see :func:`target_piece`)."""
    return target_piece(target).text


def _name_words(node: Name) -> Pieces:
    yield Piece("name", f"[{node.name}]")


def expression_word_pieces(expr: Expr) -> tuple[Piece, ...]:
    """The right-hand side in words only, as pieces."""
    return tuple(_Writer(_name_words).write(expr))


def render_expression_words(expr: Expr) -> str:
    """The right-hand side in words only: ``([A] - [B]) × [C]``."""
    return plain(expression_word_pieces(expr))


def amount_pieces(value: float, unit: str, *, result: bool = False, title: str | None = None) -> Piece:
    """One value with its unit as a piece: ``$2,500/h``, ``120 h/yr``, ``15%``."""
    number, separator, unit_text = format_amount(value, unit)
    return Piece("result" if result else "amount", number, unit_text, separator, title)


def render_amount(value: float, unit: str) -> str:
    """One value with its unit as text: ``$2,500/h``, ``120 h/yr``, ``15%``."""
    return amount_pieces(value, unit).plain


def expression_value_pieces(expr: Expr, value_of: ValueOf) -> tuple[Piece, ...]:
    """The right-hand side with each name replaced by its value and unit, as pieces.

    ``value_of(name)`` gives the value and the unit text of a name. Negative values are put in
    parentheses so ``[A] - [B]`` with B = -40 reads ``... - (-40 h/yr)``.
    """

    def name(node: Name) -> Pieces:
        value, unit = value_of(node.name)
        amount = amount_pieces(value, unit, title=node.name)
        if value < 0:
            yield from (_OPEN, amount, _CLOSE)
        else:
            yield amount

    return tuple(_Writer(name).write(expr))


def render_expression_values(expr: Expr, value_of: ValueOf) -> str:
    """The right-hand side with values: ``(120 h/yr - 40 h/yr) × $2,500/h``."""
    return plain(expression_value_pieces(expr, value_of))
