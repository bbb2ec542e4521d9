"""Lark's syntax errors told in the person's terms.

Lark reports the set of terminal names it could have accepted (``BRACKET_NAME``, ``RPAR``...). Those
names mean nothing to the person writing an equation, so each error is recognised by its situation
(nothing after an operator, a name without brackets, a lone ``=``...) and said in plain words, with the
expected things listed as words too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .errors import EquationError
from .grammar import OPERAND_TERMINALS, OPERATOR_TERMINALS, TERMINAL_WORDS

__all__ = ["friendly_expected", "translate_syntax_error"]

_VALUE_WORDS = "a value (a number, a [name], a function or '(')"
_OPERATOR_WORDS = "an operator (+, -, x, /)"
_WORD_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*$")
_WORD_AT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATOR_CHARS = "+-\u2212\u2013*x×·/÷"


def friendly_expected(terminals: Iterable[str]) -> tuple[str, ...]:
    """Plain words for a set of terminal names, operands and operators each summed up in one entry."""
    names = set(terminals)
    words: list[str] = []
    if {"NUMBER", "BRACKET_NAME"} <= names:
        words.append(_VALUE_WORDS)
        names -= OPERAND_TERMINALS
    if {"STAR", "SLASH"} <= names:
        words.append(_OPERATOR_WORDS)
        names -= OPERATOR_TERMINALS
    for name in sorted(names):
        word = TERMINAL_WORDS.get(name)
        if word is not None and word not in words:
            words.append(word)
    return tuple(words)


def _previous_char(text: str, position: int) -> tuple[str, int]:
    """The last non-space character before ``position`` and its offset (``""``, -1 when none)."""
    index = position - 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return (text[index], index) if index >= 0 else ("", -1)


def _and_list(words: tuple[str, ...]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def translate_syntax_error(error: UnexpectedInput, text: str) -> EquationError:
    """Turn a Lark error into an :class:`EquationError` with a position and friendly words."""
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(error, text)
    if isinstance(error, UnexpectedToken):
        token = error.token
        expected = set(error.expected)
        if token.type == "$END":
            return _early_end(expected, text)
        return _unexpected_token(token, expected, text)
    if isinstance(error, UnexpectedEOF):
        return _early_end(set(error.expected), text)
    return EquationError("the equation could not be read", text=text, position=None)


def _has_top_level_equal(text: str, before: int) -> bool:
    depth = 0
    for char in text[:before]:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "=" and depth == 0:
            return True
    return False


def _lone_equal(text: str, position: int) -> EquationError:
    previous, previous_at = _previous_char(text, position)
    if previous == "=" and not _has_top_level_equal(text, previous_at):
        return EquationError(
            "'==' compares two values; the name and the expression are separated by a single '='",
            text=text,
            position=previous_at,
            expected=("'='",),
        )
    return EquationError(
        "a single '=' separates the name from the expression; to compare inside if(...), write "
        "'==' (or <, <=, >, >=, !=)",
        text=text,
        position=position,
        expected=(TERMINAL_WORDS["COMP"],),
    )


def _unexpected_character(error: UnexpectedCharacters, text: str) -> EquationError:
    position = error.pos_in_stream if error.pos_in_stream is not None else len(text)
    return _character_at(position, friendly_expected(error.allowed or ()), text)


def _character_at(position: int, expected: tuple[str, ...], text: str) -> EquationError:
    char = text[position] if 0 <= position < len(text) else ""
    if char == "=" and _has_top_level_equal(text, position):
        return _lone_equal(text, position)
    if char == "=":
        return EquationError(
            "the equation needs a name on the left of '=': e.g. Savings = [Hours] x [Rate]",
            text=text,
            position=position,
            expected=(TERMINAL_WORDS["BARE_NAME"],),
        )
    if char == "^":
        return EquationError(
            "'^' is not an operator here: multiply with x (powers are not part of the language)",
            text=text,
            position=position,
            expected=expected,
        )
    if char == "%":
        return EquationError(
            f"'%' at position {position} can only follow a number (15%); for a share of a value "
            "multiply: [Value] x 15%",
            text=text,
            position=position,
            expected=expected,
        )
    if char.isdigit() and _previous_char(text, position)[0] == ",":
        return EquationError(
            f"unexpected number at position {position}: thousands are grouped in threes (1,234); separate "
            "function arguments with a comma and a space",
            text=text,
            position=position,
            expected=expected,
        )
    shown = repr(char) if char else "end"
    message = f"unexpected character {shown} at position {position}"
    if expected:
        message += f": expected {_and_list(expected)}"
    return EquationError(message, text=text, position=position, expected=expected)


def _early_end(expected: set[str], text: str) -> EquationError:
    end = len(text)
    words = friendly_expected(expected)
    previous, previous_at = _previous_char(text, end)
    if expected == {"EQUAL"}:
        return EquationError(
            "missing '=': an equation reads 'Name = expression', e.g. Savings = [Hours] x [Rate]",
            text=text,
            position=end,
            expected=words,
        )
    if expected == {"LPAR"}:
        return _bare_word(text, end)
    if previous == "=" and not _has_top_level_equal(text, previous_at):
        return EquationError(
            "nothing after '=': write the expression on the right",
            text=text,
            position=previous_at,
            expected=words,
        )
    if (previous and previous in _OPERATOR_CHARS) or (previous == "%" and "NUMBER" in expected):
        return EquationError(
            f"'{previous}' at position {previous_at} has nothing after it: expected a value",
            text=text,
            position=previous_at,
            expected=words,
        )
    if previous == ",":
        return EquationError(
            f"',' at position {previous_at} has nothing after it: expected a value",
            text=text,
            position=previous_at,
            expected=words,
        )
    return EquationError(
        f"the equation ends too early: expected {_and_list(words)}",
        text=text,
        position=end,
        expected=words,
    )


def _bare_word(text: str, position: int) -> EquationError:
    """A word without brackets where a value was expected: most often a name missing its brackets."""
    match = _WORD_BEFORE.search(text[:position])
    word = match.group(1) if match else ""
    start = match.start(1) if match else position
    return EquationError(
        f"'{word}' is not a function call: names must be written in square brackets, e.g. [{word} ...]",
        text=text,
        position=start,
        expected=("'(' after a function name", "a [name in brackets]"),
    )


def _misplaced_equal(text: str, position: int, words: tuple[str, ...]) -> EquationError:
    if _has_top_level_equal(text, position):
        return _lone_equal(text, position)
    return EquationError(
        "the equation needs a name on the left of '=': e.g. Savings = [Hours] x [Rate]",
        text=text,
        position=position,
        expected=words,
    )


def _free_text(position: int, words: tuple[str, ...], text: str) -> EquationError:
    if text[position] in "+-\u2212\u2013*×·/÷":
        return EquationError(
            f"expected a value before {text[position]!r} at position {position}",
            text=text,
            position=position,
            expected=words,
        )
    return _character_at(position, words, text)


def _unexpected_token(token: Token, expected: set[str], text: str) -> EquationError:
    position = token.start_pos if token.start_pos is not None else len(text)
    words = friendly_expected(expected)
    if token.type == "BARE_NAME":
        # Lark's fallback lexer read free text as a left-hand name; only its first character matters.
        if text[position] != "=":
            return _free_text(position, words, text)
        token = Token("EQUAL", "=", start_pos=position)
    if token.type == "EQUAL":
        return _misplaced_equal(text, position, words)
    shown = str(token)
    if expected == {"EQUAL"} and token.type == "BRACKET_NAME" and _has_top_level_equal(text, len(text)):
        return EquationError(
            "the name on the left is one phrase: write it all in brackets ([Savings, USD]) or without "
            "any (Savings, USD)",
            text=text,
            position=position,
            expected=words,
        )
    if expected == {"EQUAL"}:
        return EquationError(
            f"missing '=' before {shown!r} at position {position}: an equation reads 'Name = expression'",
            text=text,
            position=position,
            expected=words,
        )
    if expected == {"LPAR"}:
        return _bare_word(text, position)
    if expected <= {"BRACKET_NAME", "BARE_NAME"}:
        return EquationError(
            "an equation starts with the name of what it computes, then '=': e.g. Savings = [Hours] x [Rate]",
            text=text,
            position=position,
            expected=words,
        )
    return _in_expression(token, expected, text)


def _in_expression(token: Token, expected: set[str], text: str) -> EquationError:
    """An unexpected token inside the expression: a missing operator, a bare word, a stray comma."""
    position = token.start_pos if token.start_pos is not None else len(text)
    words = friendly_expected(expected)
    shown = str(token)
    if token.type == "WORD" and expected & OPERATOR_TERMINALS:
        word = _WORD_AT.match(text, position)
        shown = word.group(0) if word else shown
        if shown[0] in "xX" and shown[1:].isdigit():
            return EquationError(
                f"write spaces around the multiplication sign: '{shown[0]} {shown[1:]}' "
                f"(position {position})",
                text=text,
                position=position,
                expected=words,
            )
        return EquationError(
            f"unexpected word {shown!r} at position {position}: expected {_and_list(words)}; "
            "names go in square brackets",
            text=text,
            position=position,
            expected=words,
        )
    if token.type in OPERAND_TERMINALS and expected & OPERATOR_TERMINALS:
        return EquationError(
            f"missing operator before {shown!r} at position {position}: expected {_and_list(words)}",
            text=text,
            position=position,
            expected=words,
        )
    if token.type == "COMMA" and _previous_char(text, position)[0].isdigit():
        return EquationError(
            f"',' at position {position} is out of place: thousands are grouped in threes (1,234) and "
            "commas separate the arguments of a function such as min([A], [B])",
            text=text,
            position=position,
            expected=words,
        )
    if "NUMBER" in expected:
        return EquationError(
            f"expected a value before {shown!r} at position {position}",
            text=text,
            position=position,
            expected=words,
        )
    return EquationError(
        f"unexpected {shown!r} at position {position}: expected {_and_list(words)}",
        text=text,
        position=position,
        expected=words,
    )
