"""Turning equation text into a syntax tree, with errors a person can act on.

Parsing is done by Lark's LALR parser with the node-building transformer applied while parsing; the
text is never given to ``eval``/``exec`` or a computer algebra parser. Unbalanced brackets and
parentheses are found by a scan before parsing, because saying "the bracket at position 12 is never
closed" is clearer than the parser's view of the same text.
"""

from __future__ import annotations

import math
import threading
from typing import Any, cast

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput, VisitError

from .errors import EquationError
from .grammar import build_parser
from .nodes import (
    Binary,
    Call,
    Compare,
    Expr,
    Logical,
    Name,
    Not,
    Number,
    Span,
    Unary,
    children,
    is_condition,
    walk,
)
from .suggest import nearest_names
from .syntax_errors import translate_syntax_error

__all__ = ["FUNCTIONS", "MAX_DEPTH", "MAX_LENGTH", "ROUND_DIGITS", "normalise_name", "parse_text"]

MAX_LENGTH = 10_000
"""Longest equation text accepted: far beyond any real equation, short enough to parse instantly."""
MAX_DEPTH = 200
"""Deepest nesting accepted, so evaluating and rendering never exhaust Python's recursion limit."""

ROUND_DIGITS = 15
"""``round(x, digits)`` accepts digits from -15 to 15: a float64 holds about 15 significant digits, so
rounding further changes nothing, and 10 to the 309th power is not a number a computer can hold."""

FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "min": (2, None),
    "max": (2, None),
    "if": (3, 3),
    "round": (1, 2),
    "abs": (1, 1),
}
"""Known functions and their (fewest, most) arguments; ``None`` means no upper limit."""

_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}
_OPERATORS = {
    "+": "+",
    "-": "-",
    "\u2212": "-",
    "\u2013": "-",
    "*": "*",
    "x": "*",
    "X": "*",
    "×": "*",
    "·": "*",
    "/": "/",
    "÷": "/",
}
_COMPARISONS = {
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
    "==": "==",
    "!=": "!=",
    "<>": "!=",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
}


def normalise_name(phrase: str) -> str:
    """A name as the system knows it: surrounding brackets removed, runs of whitespace made one space."""
    phrase = phrase.strip()
    if phrase.startswith("[") and phrase.endswith("]"):
        phrase = phrase[1:-1]
    return " ".join(phrase.split())


def _number_value(digits: str) -> float:
    return float(digits.replace(",", ""))


def _span_of(item: Any) -> Span:
    if isinstance(item, Token):
        start = item.start_pos if item.start_pos is not None else 0
        end = item.end_pos if item.end_pos is not None else start
        return (start, end)
    span: Span = item.span
    return span


def _join(first: Any, last: Any) -> Span:
    return (_span_of(first)[0], _span_of(last)[1])


class _Builder(Transformer[Token, Any]):
    """Builds :mod:`nodes` while the parser reduces; holds the text to point errors at it."""

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)
        self.text = ""

    def _error(self, message: str, span: Span, **extra: Any) -> EquationError:
        return EquationError(message, text=self.text, position=span[0], **extra)

    def _number_operand(self, node: Expr, operator: str) -> Expr:
        if is_condition(node):
            raise self._error(
                f"{operator} needs a number, but this part is a comparison (yes/no); "
                "comparisons belong in the condition of if(...)",
                node.span,
            )
        return node

    def _condition_operand(self, node: Expr, operator: str) -> Expr:
        if not is_condition(node):
            raise self._error(
                f"'{operator}' combines comparisons such as [A] > 0, but this part is a number",
                node.span,
            )
        return node

    def start(self, children: list[Any]) -> tuple[str, Span, Expr]:
        target_token, _equal, expr = children
        expr = self._number_operand(expr, "the right-hand side")
        return normalise_name(str(target_token)), _span_of(target_token), expr

    def target(self, children: list[Any]) -> Token:
        token: Token = children[0]
        if not normalise_name(str(token)):
            raise self._error("the name on the left of '=' is empty", _span_of(token))
        return token

    def _finite(self, digits: str, token: Token) -> float:
        value = _number_value(digits)
        if not math.isfinite(value):
            raise self._error(
                f"the number {digits} is too large for a computer to hold (the largest is about 1.8e308)",
                _span_of(token),
            )
        return value

    def number(self, children: list[Any]) -> Number:
        (token,) = children
        return Number(self._finite(str(token), token), span=_span_of(token))

    def percent(self, children: list[Any]) -> Number:
        token, percent_sign = children
        return Number(self._finite(str(token), token), percent=True, span=_join(token, percent_sign))

    def money(self, children: list[Any]) -> Number:
        (token,) = children
        text = str(token)
        symbol = text[0]
        return Number(
            self._finite(text[1:].strip(), token),
            currency=_CURRENCY_SYMBOLS[symbol],
            symbol=symbol,
            span=_span_of(token),
        )

    def variable(self, children: list[Any]) -> Name:
        (token,) = children
        name = normalise_name(str(token))
        if not name:
            raise self._error("empty brackets: write the name of a quantity inside [ ]", _span_of(token))
        return Name(name, span=_span_of(token))

    def unary(self, children: list[Any]) -> Unary:
        sign, operand = children
        operand = self._number_operand(operand, f"'{sign}'")
        return Unary("-" if _OPERATORS[str(sign)] == "-" else "+", operand, span=_join(sign, operand))

    def binary(self, children: list[Any]) -> Binary:
        left, operator, right = children
        op = _OPERATORS[str(operator)]
        shown = {"*": "x", "/": "/"}.get(op, op)
        left = self._number_operand(left, f"'{shown}'")
        right = self._number_operand(right, f"'{shown}'")
        return Binary(op, left, right, span=_join(left, right))  # type: ignore[arg-type]

    def compare(self, children: list[Any]) -> Compare:
        left, operator, right = children
        left = self._number_operand(left, f"'{operator}'")
        right = self._number_operand(right, f"'{operator}'")
        op = _COMPARISONS[str(operator)]
        return Compare(op, left, right, span=_join(left, right))  # type: ignore[arg-type]

    def logical(self, children: list[Any]) -> Logical:
        left, operator, right = children
        word = str(operator).lower()
        left = self._condition_operand(left, word)
        right = self._condition_operand(right, word)
        return Logical("and" if word == "and" else "or", left, right, span=_join(left, right))

    def negation(self, children: list[Any]) -> Not:
        word, operand = children
        operand = self._condition_operand(operand, "not")
        return Not(operand, span=_join(word, operand))

    def group(self, children: list[Any]) -> Expr:
        expr: Expr = children[1]
        return expr

    def arguments(self, children: list[Any]) -> list[Expr]:
        return [child for child in children if not isinstance(child, Token)]

    def call(self, children: list[Any]) -> Call:
        word, _open, arguments, close = children
        name = str(word).lower()
        span = _join(word, close)
        args: list[Expr] = arguments or []
        if name not in FUNCTIONS:
            raise self._error(
                f"unknown function '{word}': the functions are min, max, if, round and abs",
                _span_of(word),
                suggestions=nearest_names(name, FUNCTIONS),
                expected=tuple(f"{known}(...)" for known in FUNCTIONS),
            )
        self._check_arity(name, args, span)
        if name == "if":
            if not is_condition(args[0]):
                raise self._error(
                    "the first part of if(...) must be a comparison such as [A] > 0", args[0].span
                )
            self._number_operand(args[1], "if(...)")
            self._number_operand(args[2], "if(...)")
        else:
            for arg in args:
                self._number_operand(arg, f"{name}(...)")
        if name == "round" and len(args) == 2:
            digits = _integer_literal(args[1])
            if digits is None:
                raise self._error(
                    "round(x, digits) needs a whole number of digits such as 2 or -3", args[1].span
                )
            if abs(digits) > ROUND_DIGITS:
                raise self._error(
                    f"round(x, {digits}): digits must be between -{ROUND_DIGITS} and {ROUND_DIGITS} "
                    "(a number holds about 15 significant digits; rounding further changes nothing)",
                    args[1].span,
                )
        return Call(name, tuple(args), span=span)

    def _check_arity(self, name: str, args: list[Expr], span: Span) -> None:
        fewest, most = FUNCTIONS[name]
        if len(args) >= fewest and (most is None or len(args) <= most):
            return
        usage = {
            "min": "min(a, b, ...) takes at least 2 values",
            "max": "max(a, b, ...) takes at least 2 values",
            "if": "if(condition, value if true, value if false) takes 3 parts",
            "round": "round(x) or round(x, digits) takes 1 or 2 values",
            "abs": "abs(x) takes 1 value",
        }[name]
        message = f"{usage}, but {len(args)} {'was' if len(args) == 1 else 'were'} given"
        if len(args) == 1 and "," in self.text[args[0].span[0] : args[0].span[1]]:
            message += " (a comma between digits groups thousands: write '5, 100' for two values)"
        raise self._error(message, span)


def _integer_literal(node: Expr) -> int | None:
    """The whole number written as ``node`` (``2`` or ``-3``), or ``None`` when it is anything else."""
    sign = 1
    if isinstance(node, Unary):
        sign = -1 if node.op == "-" else 1
        node = node.operand
    if isinstance(node, Number) and not node.percent and node.currency is None and node.written.is_integer():
        return sign * int(node.written)
    return None


def integer_literal(node: Expr) -> int | None:
    """Public alias used by the compiler and renderer for ``round``'s digits."""
    return _integer_literal(node)


_LOCAL = threading.local()


def _thread_parser() -> tuple[_Builder, Lark]:
    # The builder remembers the text being parsed, so each thread gets its own builder and parser.
    builder: _Builder | None = getattr(_LOCAL, "builder", None)
    if builder is None:
        builder = _Builder()
        _LOCAL.builder = builder
    return builder, build_parser(builder)


def _scan_brackets(text: str) -> None:
    """Report an unclosed ``[`` or ``(`` (or a stray ``]`` or ``)``) before the parser sees the text."""
    open_bracket: int | None = None
    open_parens: list[int] = []
    for position, char in enumerate(text):
        if open_bracket is not None:
            if char == "[":
                break
            if char == "]":
                open_bracket = None
            continue
        if char == "[":
            open_bracket = position
        elif char == "]":
            raise EquationError(
                f"']' at position {position} has no matching '['",
                text=text,
                position=position,
                expected=("'['",),
            )
        elif char == "(":
            open_parens.append(position)
        elif char == ")":
            if not open_parens:
                raise EquationError(
                    f"')' at position {position} has no matching '('", text=text, position=position
                )
            open_parens.pop()
    if open_bracket is not None:
        raise EquationError(
            f"the bracket '[' at position {open_bracket} is never closed: names are written [like this]",
            text=text,
            position=open_bracket,
            expected=("']'",),
        )
    if open_parens:
        position = open_parens[-1]
        raise EquationError(
            f"the '(' at position {position} is never closed",
            text=text,
            position=position,
            expected=("')'",),
        )


def _check_depth(expr: Expr, text: str) -> None:
    depth_of: dict[int, int] = {}
    for node in reversed(walk(expr)):
        depth = 1 + max((depth_of[id(child)] for child in children(node)), default=0)
        depth_of[id(node)] = depth
        if depth > MAX_DEPTH:
            raise EquationError(
                f"the equation is nested more than {MAX_DEPTH} levels deep: split it into named parts",
                text=text,
                position=node.span[0],
            )


def parse_text(text: object) -> tuple[str, Span, Expr]:
    """Parse ``text`` into (target name, target span, expression tree) or raise :class:`EquationError`."""
    if not isinstance(text, str):
        raise EquationError(f"an equation must be text, not {type(text).__name__}")
    if not text.strip():
        raise EquationError(
            "the equation is empty: write it as 'Name = expression', e.g. Savings = [Hours] x [Rate]",
            text=text,
            position=0,
        )
    if len(text) > MAX_LENGTH:
        raise EquationError(
            f"the equation is {len(text):,} characters long; at most {MAX_LENGTH:,} are accepted",
            text=text[:200],
        )
    _scan_brackets(text)
    builder, parser = _thread_parser()
    builder.text = text
    try:
        parsed = cast(tuple[str, Span, Expr], parser.parse(text))
    except VisitError as wrapped:
        if isinstance(wrapped.orig_exc, EquationError):
            raise wrapped.orig_exc from None
        raise EquationError(f"could not read the equation: {wrapped.orig_exc}", text=text) from None
    except UnexpectedInput as error:
        raise translate_syntax_error(error, text) from None
    except RecursionError:
        raise EquationError(
            "the equation is nested too deeply: split it into named parts", text=text
        ) from None
    _check_depth(parsed[2], text)
    return parsed
