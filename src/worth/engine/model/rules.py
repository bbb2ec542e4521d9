"""Subsegment rules: the defining customer characteristics, written so the engine can apply them.

A rule is one or more comparisons joined by ``and``::

    [Annual production] >= 400,000
    [Region] = "Nordic" and [Paper machines] >= 2

Names are customer characteristics in brackets; values are numbers (thousands commas allowed) or quoted
text. The grammar is deliberately tiny and parsed by hand (never ``eval``): it states a definition, it
does not compute value.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Comparison", "Rule", "RuleError", "parse_rule"]

_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "!=": operator.ne,
    "==": operator.eq,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
}
_ALIASES = {"≥": ">=", "≤": "<=", "≠": "!=", "<>": "!="}

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<name>\[[^\[\]]*\])
  | (?P<op>>=|<=|!=|==|<>|[<>=≥≤≠])
  | (?P<number>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)
  | (?P<text>"[^"]*"|'[^']*')
  | (?P<word>[A-Za-z]+)
    """,
    re.VERBOSE,
)


class RuleError(ValueError):
    """A rule that cannot be read; ``position`` is the 0-based character where reading stopped."""

    def __init__(self, message: str, *, text: str, position: int) -> None:
        super().__init__(f"{message} at character {position + 1} of {text!r}")
        self.message = message
        self.text = text
        self.position = position


@dataclass(frozen=True)
class Comparison:
    """``[name] op value``."""

    name: str
    op: str
    value: float | str

    def holds(self, actual: float | str) -> bool:
        """Whether the characteristic value ``actual`` satisfies the comparison (text vs number: no)."""
        if isinstance(self.value, str) != isinstance(actual, str):
            return False
        if isinstance(self.value, str) and self.op not in ("=", "==", "!="):
            return False
        return bool(_OPERATORS[self.op](actual, self.value))


@dataclass(frozen=True)
class Rule:
    """A parsed rule: all comparisons must hold."""

    text: str
    comparisons: tuple[Comparison, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The characteristics the rule reads, in order of appearance."""
        return tuple(dict.fromkeys(c.name for c in self.comparisons))

    def matches(self, characteristics: Mapping[str, float | str]) -> bool | None:
        """True or False; ``None`` when a characteristic the rule needs is not known for the customer."""
        if any(name not in characteristics for name in self.names):
            return None
        return all(c.holds(characteristics[c.name]) for c in self.comparisons)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise RuleError(f"unexpected {text[position]!r}", text=text, position=position)
        kind = match.lastgroup or ""
        if kind != "space":
            out.append((kind, match.group(), position))
        position = match.end()
    return out


def parse_rule(text: str) -> Rule:
    """Parse a subsegment rule.

    Raises
    ------
    RuleError
        Naming the character where the rule stops making sense and what was expected there.

    Examples
    --------
    >>> rule = parse_rule("[Annual production] >= 400,000")
    >>> rule.matches({"Annual production": 520000.0})
    True
    """
    tokens = _tokens(text)
    comparisons: list[Comparison] = []
    index = 0
    while True:
        found = [kind for kind, _, _ in tokens[index : index + 3]]
        if found[:1] != ["name"]:
            at = tokens[index][2] if index < len(tokens) else len(text)
            raise RuleError("expected a [characteristic] in brackets", text=text, position=at)
        if found[1:2] != ["op"]:
            at = tokens[index + 1][2] if index + 1 < len(tokens) else len(text)
            raise RuleError("expected a comparison (>=, <=, >, <, =, !=)", text=text, position=at)
        if found[2:3] not in (["number"], ["text"]):
            at = tokens[index + 2][2] if index + 2 < len(tokens) else len(text)
            raise RuleError("expected a number or a quoted text", text=text, position=at)
        (_, name, _), (_, op, _), (kind, raw, _) = tokens[index : index + 3]
        value: float | str = raw[1:-1] if kind == "text" else float(raw.replace(",", ""))
        comparisons.append(Comparison(name[1:-1].strip(), _ALIASES.get(op, op), value))
        index += 3
        if index == len(tokens):
            return Rule(text, tuple(comparisons))
        kind, word, at = tokens[index]
        if kind != "word" or word.lower() != "and":
            raise RuleError("expected 'and' or the end of the rule", text=text, position=at)
        index += 1


def rule_subsegments(rules: Mapping[str, Rule], characteristics: Mapping[str, float | str]) -> list[str]:
    """Names of the subsegments whose rule the characteristics satisfy (unknown -> not listed)."""
    return [name for name, rule in rules.items() if rule.matches(characteristics)]
