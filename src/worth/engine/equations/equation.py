"""One parsed word equation: its name, its words, its variables, and its vectorised evaluation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from .compile import Compiled, as_float_array, compile_expression
from .errors import EquationError
from .nodes import Expr, Name, Span, walk
from .parser import parse_text
from .render import Piece, equals, expression_word_pieces, plain, target_piece

__all__ = ["Equation", "parse_equation"]


@dataclass(frozen=True)
class Equation:
    """A value word equation such as ``Savings = ([Hours, alternative] - [Hours, offering]) x [Margin]``.

    Create it with :func:`parse_equation`. ``target`` is the left-hand name without brackets,
    ``text`` the source as written, ``variables`` the bracketed names used on the right and ``expr``
    the syntax tree.
    """

    target: str
    text: str
    variables: frozenset[str]
    expr: Expr = field(repr=False)
    target_span: Span = field(default=(0, 0), repr=False, compare=False)

    def word_pieces(self) -> tuple[Piece, ...]:
        """The words-only form as pieces, for a report to mark up (see :mod:`.render`)."""
        return equals([target_piece(self.target)], expression_word_pieces(self.expr))

    def render_words(self) -> str:
        """The canonical words-only form, e.g. ``Savings = ([A] - [B]) × [C]`` (it parses back the same)."""
        return plain(self.word_pieces())

    def positions_of(self, name: str) -> tuple[int, ...]:
        """0-based offsets in ``text`` where ``[name]`` is used on the right-hand side."""
        return tuple(node.span[0] for node in walk(self.expr) if isinstance(node, Name) and node.name == name)

    def __getstate__(self) -> dict[str, Any]:
        # The compiled closures cannot be pickled; they are rebuilt on first use after unpickling.
        return {key: value for key, value in self.__dict__.items() if key != "compiled"}

    @cached_property
    def compiled(self) -> Compiled:
        """The expression compiled to numpy closures (built on first use, then kept)."""
        return compile_expression(self.expr)

    def evaluate(self, values: Mapping[str, Any]) -> npt.NDArray[np.float64] | float:
        """Evaluate for one set of values or for arrays of them (numpy broadcasting).

        Parameters
        ----------
        values
            A number or an array for every name in ``variables``; extra entries are ignored.

        Returns
        -------
        float or numpy.ndarray
            A float when every value is a single number, else an array of the broadcast shape.

        Raises
        ------
        EquationError
            When a value is missing or is not a number; arrays whose shapes do not broadcast.

        Examples
        --------
        >>> eq = parse_equation("Savings = ([Hours, before] - [Hours, after]) x [Rate]")
        >>> eq.evaluate({"Hours, before": 120, "Hours, after": 40, "Rate": 2500})
        200000.0
        """
        missing = sorted(self.variables - set(values))
        if missing:
            raise EquationError(
                "missing value"
                + ("s" if len(missing) > 1 else "")
                + " for "
                + ", ".join(f"[{name}]" for name in missing),
                text=self.text,
                position=self.positions_of(missing[0])[0],
                target=self.target,
            )
        env = {name: as_float_array(name, values[name]) for name in self.variables}
        with np.errstate(all="ignore"):
            try:
                result = self.compiled(env)
            except ValueError as error:
                shapes = ", ".join(f"[{name}] {np.shape(env[name])}" for name in sorted(env))
                raise EquationError(
                    f"the input arrays do not fit together ({shapes}): {error}",
                    text=self.text,
                    target=self.target,
                ) from error
        array = np.asarray(result, dtype=np.float64)
        return float(array) if array.ndim == 0 else array


def parse_equation(text: str) -> Equation:
    """Parse a word equation ``Name = expression``.

    Parameters
    ----------
    text
        The equation in the customer's words; names in square brackets on the right (the left-hand
        name may be written with or without brackets).

    Returns
    -------
    Equation

    Raises
    ------
    EquationError
        With the character position, what was expected and, for unknown functions, the nearest ones.

    Examples
    --------
    >>> eq = parse_equation("Energy savings = [kWh saved per year] x [Energy price]")
    >>> eq.target, sorted(eq.variables)
    ('Energy savings', ['Energy price', 'kWh saved per year'])
    >>> eq.render_words()
    'Energy savings = [kWh saved per year] × [Energy price]'
    """
    target, target_span, expr = parse_text(text)
    variables = frozenset(node.name for node in walk(expr) if isinstance(node, Name))
    return Equation(target=target, text=text, variables=variables, expr=expr, target_span=target_span)
