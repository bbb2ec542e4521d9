"""Checking a set of equations as a whole: every problem found, then the checked parts handed over.

Names are resolved (unknown ones get the nearest known names), duplicate and clashing names refused,
cycles named (``A -> B -> A``), every unit read, every equation's unit inferred in dependency order and
every element's unit compared with money per period. All problems are collected, so a person fixes them
in one pass.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pint

from .dimensions import Dim, UnitProblemError, check_result, infer_unit, unit_problem_error
from .equation import Equation
from .errors import DeclaredUnitError, EquationError, EquationSystemError
from .graph import find_cycles, topological_order
from .nodes import Name, walk
from .parser import normalise_name
from .suggest import nearest_names
from .units import conversion_factor, format_unit, parse_unit

__all__ = ["Checked", "Quantity", "SystemChecker"]


@dataclass(frozen=True)
class Quantity:
    """A driver or constant the equations may use, with its unit (``"h/yr"``, ``"USD/h"``, ``"%"``).

    A quantity in ``%`` holds a fraction: 0.15 means 15%.
    """

    name: str
    unit: str


@dataclass(frozen=True)
class Checked:
    """What :meth:`EquationSystem.build` found, handed to the constructor in one piece."""

    equations: dict[str, Equation]
    order: tuple[str, ...]
    quantities: dict[str, Quantity]
    constants: dict[str, float]
    units: dict[str, str]
    elements: tuple[str, ...]
    result_unit: str


class SystemChecker:
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
        declared_units: Mapping[str, str] | None = None,
    ) -> None:
        self.declared_units = dict(declared_units or {})
        self.equation_list = list(equations)
        self.quantity_list = list(quantities)
        self.constants = constants
        self.result_text = result_unit if result_unit is not None else f"{currency}/{period}"
        self.element_names = element_names
        self.errors: list[EquationError] = []

    def run(self) -> Checked:
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
            if target in self.declared_units and target not in elements:
                unit = self._declared(target, unit)
            units[target] = unit
            shown[target] = format_unit(unit) if unit is not None else "?"
        if self.errors:
            raise EquationSystemError(self.errors)
        return Checked(equations, order, quantities, constants, shown, elements, self.result_text)

    def _declared(self, target: str, inferred: pint.Unit | None) -> pint.Unit | None:
        """A named quantity's declared unit, checked against its equation's.

        When they disagree, only the quantity is reported, and the equations that read it are not
        unit-checked through it (its unit is unknown until the person says which is right), so one
        mistake is not reported again on every element that uses the quantity.
        """
        text = self.declared_units[target]
        try:
            declared = parse_unit(text)
        except EquationError as error:
            self.errors.append(
                DeclaredUnitError(error.message, text=error.text, position=error.position, target=target)
            )
            return inferred
        if inferred is not None and conversion_factor(declared, inferred) != 1.0:
            self.errors.append(
                DeclaredUnitError(
                    f"the equation gives {format_unit(inferred)}, but the unit says {text!r}", target=target
                )
            )
            return None
        return declared

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
    ordered: list[str] = []
    for node in walk(equation.expr):
        if isinstance(node, Name) and node.name not in ordered:
            ordered.append(node.name)
    return ordered
