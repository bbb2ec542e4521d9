"""Refuse pathologically nested YAML (and JSON) before a parser that recurses can see it.

PyYAML builds nested collections recursively: its C composer (libyaml) overflows the C stack and kills
the process at about 25,000 levels (``"a: " + "[" * 30000 + "]" * 30000``, a 60 KB file), and the
pure-Python one raises ``RecursionError`` a little later. The event stream, though, is produced by a
state machine with its own stack, so reading events cannot crash: :func:`check_nesting` walks the
events once, counting depth, and stops at the first collection deeper than any real Worth file needs.
Every reader of YAML a person supplies (value models, pricing policies, invoice contracts) calls it
first.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

__all__ = ["MAX_NESTING", "NestingError", "check_nesting", "composes_safely"]

#: Deepest nesting accepted. A value model needs about six levels, a policy or contract four or five.
MAX_NESTING = 64
#: Nesting libyaml's composer reaches without harm: it overflows an 8 MB C stack at about 25,000
#: levels, so this leaves a wide margin (a smaller thread stack included).
SAFE_COMPOSE_DEPTH = 5_000

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


@dataclass(frozen=True)
class NestingError(ValueError):
    """The text nests collections deeper than :data:`MAX_NESTING`; ``line`` and ``column`` are 1-based."""

    line: int
    column: int
    limit: int

    def __str__(self) -> str:
        return (
            f"line {self.line}, column {self.column}: lists or mappings nested more than {self.limit} "
            "levels deep (a Worth file needs a handful)"
        )


def check_nesting(text: str, *, limit: int = MAX_NESTING) -> None:
    """Raise :class:`NestingError` at the first collection nested deeper than ``limit``.

    A text shorter than ``2 * limit`` characters cannot nest that deep and is not scanned. YAML syntax
    errors are left for the real parser to report (it names them better); scanning stops there.

    Examples
    --------
    >>> check_nesting("a: [[1, 2], {b: 3}]")
    >>> try:
    ...     check_nesting("a: " + "[" * 100 + "]" * 100)
    ... except NestingError as error:
    ...     print(error.line, error.column)
    1 67
    """
    if len(text) < 2 * limit:
        return
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, _OPENS):
                depth += 1
                if depth > limit:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
                    raise NestingError(line, column, limit)
            elif isinstance(event, _CLOSES):
                depth -= 1
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def composes_safely(text: str) -> bool:
    """Whether ``text`` surely nests too little to harm libyaml's composer, without parsing it.

    A block collection starts at a greater column than the one holding it, or at the same column
    only for a sequence under a mapping's key, so block collections nest at most twice as deep as
    the longest line is long (plus two); flow collections each open with a ``[`` or ``{``, and no
    block collection sits inside one. Both counts are made in C, in a fraction of the time walking
    the events takes (a quarter of reading a large model). A text they cannot vouch for is walked
    by :func:`check_nesting`; one they can is composed at once, and the reader refuses a collection
    deeper than :data:`MAX_NESTING` as it builds the data.
    """
    brackets = text.count("[") + text.count("{")
    if brackets >= SAFE_COMPOSE_DEPTH:
        return False
    longest = max(map(len, text.split("\n")))  # any other line break only shortens the lines
    return 2 * longest + 2 + brackets <= SAFE_COMPOSE_DEPTH
