"""A value model's equations taken together: names resolved, cycles refused, units checked, evaluated.

Real value models chain equations: a value defined once (``Fully loaded cost per hour``) is used by
several elements. :meth:`EquationSystem.build` checks the whole set at once and reports every problem in
one :class:`EquationSystemError`; :meth:`EquationSystem.evaluate` then computes all equations in
dependency order, vectorised, with nothing rounded between steps unless an equation calls ``round``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .checks import Checked, Quantity, SystemChecker
from .compile import as_float_array
from .equation import Equation
from .errors import EquationError
from .render import Piece, amount_pieces, equals, expression_value_pieces, plain
from .suggest import nearest_names

__all__ = ["EquationSystem", "Quantity"]


class EquationSystem:
    """A checked set of word equations over named drivers and constants.

    Build it with :meth:`build`. ``order`` is the evaluation order of the targets, ``elements`` the
    targets checked to come out in ``result_unit`` (money per period by default).
    """

    equations: Mapping[str, Equation]
    order: tuple[str, ...]
    elements: tuple[str, ...]
    quantities: Mapping[str, Quantity]
    constants: Mapping[str, float]
    result_unit: str
    currency: str
    period: str

    def __init__(self, checked: Checked, *, currency: str, period: str) -> None:
        self.equations = checked.equations
        self.order = checked.order
        self.elements = checked.elements
        self.quantities = checked.quantities
        self.constants = checked.constants
        self.result_unit = checked.result_unit
        self.currency = currency
        self.period = period
        self._units = checked.units
        self._uses = {
            target: tuple(sorted(equation.variables)) for target, equation in checked.equations.items()
        }

    @classmethod
    def build(
        cls,
        equations: Sequence[Equation],
        *,
        quantities: Sequence[Quantity],
        constants: Mapping[str, float] | None = None,
        currency: str = "USD",
        period: str = "yr",
        result_unit: str | None = None,
        element_names: Collection[str] | None = None,
        declared_units: Mapping[str, str] | None = None,
    ) -> EquationSystem:
        """Check a set of equations and make them ready to evaluate.

        Parameters
        ----------
        equations
            Parsed equations (:func:`parse_equation`). They may use drivers, constants and each
            other's targets (named intermediate quantities).
        quantities
            Every driver and constant with its unit.
        constants
            Values of the names the model declares as constants; their units come from
            ``quantities`` when listed there, else they are pure numbers.
        currency, period
            The model's currency code and period; elements must come out in ``currency/period``.
        result_unit
            The unit every element must have instead (e.g. ``"USD/t"`` for a per-unit model).
        element_names
            The targets that are value elements; by default every target no other equation uses.
        declared_units
            The unit declared for named intermediate quantities (target -> unit): each is checked
            against its equation, reported on the quantity (:class:`DeclaredUnitError`), and used
            for the equations that read it.

        Returns
        -------
        EquationSystem

        Raises
        ------
        EquationSystemError
            With every problem found: unknown names (with the nearest known ones), duplicate names,
            cycles (``A -> B -> A``), unreadable units, unit mismatches naming the term that is off.

        Examples
        --------
        >>> from worth.engine.equations import parse_equation
        >>> system = EquationSystem.build(
        ...     [parse_equation("Savings = ([Hours, before] - [Hours, after]) x [Margin per hour]")],
        ...     quantities=[Quantity("Hours, before", "h/yr"), Quantity("Hours, after", "h/yr"),
        ...                 Quantity("Margin per hour", "USD/h")],
        ... )
        >>> system.unit_of("Savings")
        'USD/yr'
        """
        checker = SystemChecker(
            equations,
            quantities,
            dict(constants or {}),
            currency,
            period,
            result_unit,
            element_names,
            declared_units,
        )
        return cls(checker.run(), currency=currency, period=period)

    # ------------------------------------------------------------------ questions
    def unit_of(self, name: str) -> str:
        """The inferred unit of a target, or the declared unit of a quantity (``"1"`` for a bare constant)."""
        if name in self._units:
            return self._units[name]
        raise EquationError(
            f"[{name}] is neither an equation nor a quantity of this model",
            suggestions=nearest_names(name, self._units),
        )

    def inputs_of(self, target: str) -> frozenset[str]:
        """The drivers and constants ``target`` depends on, directly or through other equations."""
        self._require_target(target)
        found: set[str] = set()
        stack = [target]
        seen = {target}
        while stack:
            for name in self.equations[stack.pop()].variables:
                if name in self.equations:
                    if name not in seen:
                        seen.add(name)
                        stack.append(name)
                else:
                    found.add(name)
        return frozenset(found)

    @property
    def required_inputs(self) -> frozenset[str]:
        """The quantities :meth:`evaluate` needs values for (constants come with the system)."""
        used = {name for equation in self.equations.values() for name in equation.variables}
        return frozenset(name for name in used if name not in self.equations and name not in self.constants)

    def _require_target(self, target: str) -> Equation:
        if target not in self.equations:
            raise EquationError(
                f"there is no equation for [{target}]", suggestions=nearest_names(target, self.equations)
            )
        return self.equations[target]

    # ------------------------------------------------------------------ evaluation
    def _targets_for(self, targets: Collection[str] | None) -> list[str]:
        if targets is None:
            return list(self.order)
        needed: set[str] = set()
        stack = [self._require_target(target).target for target in targets]
        while stack:
            name = stack.pop()
            if name in needed:
                continue
            needed.add(name)
            stack.extend(used for used in self.equations[name].variables if used in self.equations)
        return [name for name in self.order if name in needed]

    def evaluate(
        self, inputs: Mapping[str, Any], *, targets: Collection[str] | None = None
    ) -> dict[str, npt.NDArray[np.float64]]:
        """Evaluate every equation (or only ``targets`` and what they need), vectorised.

        Parameters
        ----------
        inputs
            A number or an array for each driver; arrays broadcast together (one row per customer or per
            Monte Carlo draw). A value given for a constant overrides it.
        targets
            Only these targets (and the equations they use); all by default.

        Returns
        -------
        dict
            Target name -> float64 array of the common broadcast shape (0-d when every input is a number).
            Division by zero gives ``inf`` or ``nan`` as in numpy, never an exception.

        Raises
        ------
        EquationError
            Naming every missing input, an input that is not a number, or arrays that do not broadcast.
        """
        wanted = self._targets_for(targets)
        used = {name for target in wanted for name in self.equations[target].variables}
        needed = sorted(name for name in used if name not in self.equations)
        missing = [name for name in needed if name not in inputs and name not in self.constants]
        if missing:
            raise EquationError(
                "missing input"
                + ("s" if len(missing) > 1 else "")
                + ": "
                + ", ".join(f"[{name}]" for name in missing),
                suggestions=tuple(name for name in nearest_names(missing[0], inputs) if name not in needed),
            )
        env: dict[str, Any] = {}
        for name in needed:
            value = inputs[name] if name in inputs else self.constants[name]
            env[name] = as_float_array(name, value)
        results: dict[str, Any] = {}
        with np.errstate(all="ignore"):
            for target in wanted:
                try:
                    env[target] = results[target] = self.equations[target].compiled(env)
                except ValueError as error:
                    shapes = ", ".join(f"[{name}] {np.shape(env[name])}" for name in needed)
                    raise EquationError(
                        f"the input arrays do not fit together ({shapes}): {error}", target=target
                    ) from error
        return _broadcast_all(results)

    # ------------------------------------------------------------------ rendering
    def word_pieces(self, target: str) -> tuple[Piece, ...]:
        """The equation in words only, as pieces for a report to mark up."""
        return self._require_target(target).word_pieces()

    def render_words(self, target: str) -> str:
        """The equation in words only: ``Savings = ([A] - [B]) × [C]``."""
        return plain(self.word_pieces(target))

    def value_pieces(self, target: str, inputs: Mapping[str, float]) -> tuple[Piece, ...]:
        """The equation with values and units substituted and its result, as pieces.

        Named intermediate quantities show their computed value; each amount's ``title`` names the
        quantity it stands for, so a report can show the name on hover.
        """
        equation = self._require_target(target)
        for name, value in inputs.items():
            if np.size(value) != 1:
                raise EquationError(
                    f"render_values shows one case: the value of [{name}] must be a single number",
                    target=target,
                )
        results = self.evaluate(inputs, targets=[target])
        known: dict[str, Any] = {**self.constants, **inputs, **results}

        def value_of(name: str) -> tuple[float, str]:
            return float(np.asarray(known[name], dtype=np.float64).reshape(-1)[0]), self.unit_of(name)

        body = expression_value_pieces(equation.expr, value_of)
        value, unit = value_of(target)
        return equals(body, [amount_pieces(value, unit, result=True, title=target)])

    def render_values(self, target: str, inputs: Mapping[str, float]) -> str:
        """The equation with values, as text: ``(120 h/yr - 40 h/yr) × $2,500/h = $200,000/yr``."""
        return plain(self.value_pieces(target, inputs))

    def __repr__(self) -> str:
        return f"EquationSystem({len(self.equations)} equations, elements={list(self.elements)!r})"


def _broadcast_all(results: Mapping[str, Any]) -> dict[str, npt.NDArray[np.float64]]:
    arrays = {name: np.asarray(value, dtype=np.float64) for name, value in results.items()}
    shape = np.broadcast_shapes(*(array.shape for array in arrays.values())) if arrays else ()
    return {
        name: array if array.shape == shape else np.array(np.broadcast_to(array, shape))
        for name, array in arrays.items()
    }
