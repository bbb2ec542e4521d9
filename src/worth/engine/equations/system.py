"""A value model's equations taken together: names resolved, cycles refused, units checked, evaluated.

Real value models chain equations: a value defined once (``Fully loaded cost per hour``) is used by
several elements. :meth:`EquationSystem.build` checks the whole set at once and reports every problem in
one :class:`EquationSystemError`; :meth:`EquationSystem.evaluate` then computes all equations in
dependency order, vectorised, with nothing rounded between steps unless an equation calls ``round``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pint

from .compile import as_float_array
from .dimensions import Dim, UnitProblemError, check_result, infer_unit, unit_problem_error
from .equation import Equation
from .errors import EquationError, EquationSystemError
from .graph import find_cycles, topological_order
from .parser import normalise_name
from .render import render_amount, render_expression_values
from .suggest import nearest_names
from .units import format_unit, parse_unit

__all__ = ["EquationSystem", "Quantity"]


@dataclass(frozen=True)
class Quantity:
    """A driver or constant the equations may use, with its unit (``"h/yr"``, ``"USD/h"``, ``"%"``).

    A quantity in ``%`` holds a fraction: 0.15 means 15%.
    """

    name: str
    unit: str


@dataclass(frozen=True)
class _Checked:
    """What :meth:`EquationSystem.build` found, handed to the constructor in one piece."""

    equations: dict[str, Equation]
    order: tuple[str, ...]
    quantities: dict[str, Quantity]
    constants: dict[str, float]
    units: dict[str, str]
    elements: tuple[str, ...]
    result_unit: str


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

    def __init__(self, checked: _Checked, *, currency: str, period: str) -> None:
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
        checker = _SystemChecker(
            equations, quantities, dict(constants or {}), currency, period, result_unit, element_names
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
    def render_words(self, target: str, *, html: bool = False) -> str:
        """The equation in words only: ``Savings = ([A] - [B]) × [C]``."""
        return self._require_target(target).render_words(html=html)

    def render_values(self, target: str, inputs: Mapping[str, float], *, html: bool = False) -> str:
        """The equation with values and units substituted and its result.

        Example: ``(120 h/yr - 40 h/yr) × $2,500/h = $200,000/yr``. Named intermediate quantities show
        their computed value. With ``html=True`` the text is escaped HTML with classes ``eq-value``,
        ``eq-unit``, ``eq-op``, ``eq-result`` for styling.
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

        body = render_expression_values(equation.expr, value_of, html=html)
        value, unit = value_of(target)
        result = render_amount(value, unit, html=html, css="eq-result", title=target)
        if html:
            return f'<span class="eq eq-values">{body} <span class="eq-op">=</span> {result}</span>'
        return f"{body} = {result}"

    def __repr__(self) -> str:
        return f"EquationSystem({len(self.equations)} equations, elements={list(self.elements)!r})"


def _broadcast_all(results: Mapping[str, Any]) -> dict[str, npt.NDArray[np.float64]]:
    arrays = {name: np.asarray(value, dtype=np.float64) for name, value in results.items()}
    shape = np.broadcast_shapes(*(array.shape for array in arrays.values())) if arrays else ()
    return {
        name: array if array.shape == shape else np.array(np.broadcast_to(array, shape))
        for name, array in arrays.items()
    }


class _SystemChecker:
    """Collects every problem of a set of equations, then hands over the checked parts."""

    def __init__(
        self,
        equations: Sequence[Equation],
        quantities: Sequence[Quantity],
        constants: dict[str, float],
        currency: str,
        period: str,
        result_unit: str | None,
        element_names: Collection[str] | None,
    ) -> None:
        self.equation_list = list(equations)
        self.quantity_list = list(quantities)
        self.constants = constants
        self.result_text = result_unit if result_unit is not None else f"{currency}/{period}"
        self.element_names = element_names
        self.errors: list[EquationError] = []

    def run(self) -> _Checked:
        quantities, declared = self._quantities()
        equations = self._equations(quantities)
        constants = self._constants(quantities, equations)
        known = set(quantities) | set(constants) | set(equations)
        self._unknown_names(equations, known)
        uses = {t: [n for n in _names_in_order(e) if n in equations] for t, e in equations.items()}
        in_cycles = self._cycles(equations, uses)
        order = topological_order(uses)
        elements = self._elements(equations, uses)
        wanted = self._result_unit()
        units: dict[str, pint.Unit | None] = dict(declared)
        for name in constants:
            units.setdefault(name, parse_unit("1"))
        shown = {q.name: q.unit for q in self.quantity_list if q.name in quantities}
        shown.update({name: "1" for name in constants if name not in shown})
        for target in order:
            unit = None if target in in_cycles else self._unit_of(equations[target], units, wanted, elements)
            units[target] = unit
            shown[target] = format_unit(unit) if unit is not None else "?"
        if self.errors:
            raise EquationSystemError(self.errors)
        return _Checked(equations, order, quantities, constants, shown, elements, self.result_text)

    def _quantities(self) -> tuple[dict[str, Quantity], dict[str, pint.Unit | None]]:
        quantities: dict[str, Quantity] = {}
        declared: dict[str, pint.Unit | None] = {}
        for quantity in self.quantity_list:
            if not isinstance(quantity.name, str) or normalise_name(quantity.name) != quantity.name:
                self.errors.append(
                    EquationError(
                        f"the quantity name {quantity.name!r} must be written as equations read it: "
                        "no brackets, no spaces at the ends or twice in a row",
                        target=str(quantity.name),
                        suggestions=(normalise_name(str(quantity.name)),),
                    )
                )
                continue
            if quantity.name in quantities:
                self.errors.append(
                    EquationError(f"the quantity [{quantity.name}] is declared twice", target=quantity.name)
                )
                continue
            quantities[quantity.name] = quantity
            try:
                declared[quantity.name] = parse_unit(quantity.unit)
            except EquationError as error:
                self.errors.append(
                    EquationError(
                        f"the unit of [{quantity.name}]: {error.message}",
                        text=error.text,
                        position=error.position,
                        suggestions=error.suggestions,
                        target=quantity.name,
                    )
                )
                declared[quantity.name] = None
        return quantities, declared

    def _equations(self, quantities: Mapping[str, Quantity]) -> dict[str, Equation]:
        equations: dict[str, Equation] = {}
        for equation in self.equation_list:
            position = equation.target_span[0]
            if equation.target in equations:
                self.errors.append(
                    EquationError(
                        f"there are two equations for [{equation.target}]",
                        text=equation.text,
                        position=position,
                        target=equation.target,
                    )
                )
            elif equation.target in quantities:
                self.errors.append(
                    EquationError(
                        f"[{equation.target}] is both a driver and an equation: rename one of them",
                        text=equation.text,
                        position=position,
                        target=equation.target,
                    )
                )
            else:
                equations[equation.target] = equation
        return equations

    def _constants(
        self, quantities: Mapping[str, Quantity], equations: Mapping[str, Equation]
    ) -> dict[str, float]:
        constants: dict[str, float] = {}
        for name, value in self.constants.items():
            if name in equations:
                self.errors.append(
                    EquationError(
                        f"[{name}] is both a constant and an equation: rename one of them", target=name
                    )
                )
                continue
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = float("nan")
            if not np.isfinite(number) or isinstance(value, str | bool):
                self.errors.append(
                    EquationError(
                        f"the constant [{name}] must be a finite number, not {value!r}", target=name
                    )
                )
                continue
            constants[name] = number
        return constants

    def _unknown_names(self, equations: Mapping[str, Equation], known: set[str]) -> None:
        for target, equation in equations.items():
            for name in _names_in_order(equation):
                if name in known:
                    continue
                suggestions = nearest_names(name, known)
                hint = f": did you mean [{suggestions[0]}]?" if suggestions else ""
                for position in equation.positions_of(name)[:1]:
                    self.errors.append(
                        EquationError(
                            f"unknown name [{name}]{hint}",
                            text=equation.text,
                            position=position,
                            suggestions=suggestions,
                            target=target,
                            expected=("a driver, a constant or another equation's name",),
                        )
                    )

    def _cycles(self, equations: Mapping[str, Equation], uses: Mapping[str, Sequence[str]]) -> set[str]:
        members: set[str] = set()
        for cycle in find_cycles(uses):
            members.update(cycle)
            first, second = cycle[0], cycle[1]
            equation = equations[first]
            path = " -> ".join(cycle)
            self.errors.append(
                EquationError(
                    f"the equations refer to each other in a circle: {path}; a value cannot depend on itself",
                    text=equation.text,
                    position=equation.positions_of(second)[0],
                    target=first,
                )
            )
        # everything that depends on a cycle has no unit either
        changed = True
        while changed:
            changed = False
            for target, names in uses.items():
                if target not in members and any(name in members for name in names):
                    members.add(target)
                    changed = True
        return members

    def _elements(
        self, equations: Mapping[str, Equation], uses: Mapping[str, Sequence[str]]
    ) -> tuple[str, ...]:
        if self.element_names is None:
            used = {name for names in uses.values() for name in names}
            return tuple(target for target in equations if target not in used)
        elements: list[str] = []
        for name in self.element_names:
            if name in equations:
                elements.append(name)
            else:
                self.errors.append(
                    EquationError(
                        f"the element [{name}] has no equation",
                        target=name,
                        suggestions=nearest_names(name, equations),
                    )
                )
        return tuple(elements)

    def _result_unit(self) -> pint.Unit | None:
        try:
            return parse_unit(self.result_text)
        except EquationError as error:
            self.errors.append(
                EquationError(
                    f"the result unit: {error.message}",
                    text=error.text,
                    position=error.position,
                    target=self.result_text,
                )
            )
            return None

    def _unit_of(
        self,
        equation: Equation,
        units: Mapping[str, pint.Unit | None],
        wanted: pint.Unit | None,
        elements: Sequence[str],
    ) -> pint.Unit | None:
        def unit_of(name: str) -> Dim:
            return Dim(units.get(name))

        try:
            dim = infer_unit(equation.expr, unit_of)
        except UnitProblemError as problem:
            self.errors.append(unit_problem_error(problem, text=equation.text, target=equation.target))
            return None
        if equation.target in elements and wanted is not None:
            error = check_result(
                equation.expr, dim, wanted, unit_of, text=equation.text, target=equation.target
            )
            if error is not None:
                self.errors.append(error)
                return None
            if dim.literal and dim.unit is not None and dim.unit != wanted:
                return wanted
        return dim.unit


def _names_in_order(equation: Equation) -> list[str]:
    """The names an equation uses, in the order they are written (so messages follow the text)."""
    from .nodes import Name, walk

    ordered: list[str] = []
    for node in walk(equation.expr):
        if isinstance(node, Name) and node.name not in ordered:
            ordered.append(node.name)
    return ordered
