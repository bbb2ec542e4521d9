"""A value model's equations compiled into one checked system, ready to evaluate for many customers.

The word equations of the elements and the named intermediate quantities are parsed and handed to
:class:`worth.engine.equations.EquationSystem` together with every driver's and constant's unit, so
names, cycles and units are checked as a whole. What comes back is kept with the model-level facts the
analysis needs: which target belongs to which element, its sign (unfavourable elements count negative)
and which drivers and constants each element rests on, directly or through sub-equations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from worth.engine.equations import (
    Equation,
    EquationError,
    EquationSystem,
    EquationSystemError,
    Quantity,
    parse_equation,
)
from worth.engine.equations.errors import DeclaredUnitError
from worth.engine.model.errors import Issue, ModelError, Path
from worth.engine.model.schema import Constant, Driver, IntermediateQuantity, ValueModel

__all__ = ["CompiledModel", "EquationParts", "compile_issues", "compile_model", "equation_issues"]


@dataclass(frozen=True)
class CompiledModel:
    """The model with its checked equation system.

    Attributes
    ----------
    model
        The value model.
    system
        All element and intermediate equations, checked together.
    targets
        Element name -> the target (left-hand side) of its equation, for quantified elements only.
    signs
        Element name -> +1.0 (favourable) or -1.0 (unfavourable: subtracted from the total).
    drivers
        Element name -> the drivers it rests on, directly or through sub-equations, sorted.
    constants
        Element name -> the constants it rests on, sorted.
    """

    model: ValueModel
    system: EquationSystem
    targets: dict[str, str]
    signs: dict[str, float]
    drivers: dict[str, tuple[str, ...]]
    constants: dict[str, tuple[str, ...]]

    @property
    def quantified(self) -> tuple[str, ...]:
        """Names of the elements with an equation, in model order."""
        return tuple(self.targets)

    def evaluate(self, inputs: Mapping[str, Any]) -> dict[str, NDArray[np.float64]]:
        """Signed money value per quantified element for driver values (numbers or arrays).

        No masking of missing data happens here; :func:`worth.engine.model.evaluation.evaluate_model`
        does that. Unfavourable elements come out negative.

        Raises
        ------
        worth.engine.equations.EquationError
            When a driver the equations need is not in ``inputs``.
        """
        plan, needed = self._plan
        missing = [name for name in needed if name not in inputs]
        if missing:
            listed = ", ".join(f"[{name}]" for name in missing)
            raise EquationError(f"missing input{'s' if len(missing) > 1 else ''}: {listed}")
        env: dict[str, Any] = dict(self.system.constants)
        overridden = [name for name in self.system.constants if name in inputs]
        shapes: set[tuple[int, ...]] = set()
        for name in (*needed, *overridden):
            try:
                array = np.asarray(inputs[name], dtype=np.float64)
            except (TypeError, ValueError):
                raise EquationError(
                    f"the value of [{name}] must be a number or an array of numbers"
                ) from None
            env[name] = array
            shapes.add(array.shape)
        try:
            shape = shapes.pop() if len(shapes) == 1 else np.broadcast_shapes(*shapes)
        except ValueError as error:
            raise EquationError(f"the input arrays do not fit together: {error}") from None
        with np.errstate(all="ignore"):
            for equation in plan:
                env[equation.target] = equation.compiled(env)
        out: dict[str, NDArray[np.float64]] = {}
        for name, target in self.targets.items():
            value = np.asarray(env[target], dtype=np.float64)
            if value.shape != shape:
                value = np.array(np.broadcast_to(value, shape))
            out[name] = value if self.signs[name] > 0 else -value
        return out

    @cached_property
    def _plan(self) -> tuple[tuple[Equation, ...], tuple[str, ...]]:
        """The equations the elements need, in evaluation order, and the drivers they read.

        Worked out once, so evaluating many times (Monte Carlo, benchmarks) only runs the equations.
        """
        equations = self.system.equations
        needed: set[str] = set()
        stack = list(self.targets.values())
        while stack:
            target = stack.pop()
            if target not in needed:
                needed.add(target)
                stack.extend(name for name in equations[target].variables if name in equations)
        plan = tuple(equations[target] for target in self.system.order if target in needed)
        reads = {name for equation in plan for name in equation.variables}
        drivers = tuple(sorted(reads - set(equations) - set(self.system.constants)))
        return plan, drivers


def compile_model(model: ValueModel) -> CompiledModel:
    """Compile the model's equations.

    Raises
    ------
    ModelError
        Listing every equation problem (syntax, unknown names, cycles, units) with its path.
    """
    compiled, issues = compile_issues(model)
    if compiled is None:
        raise ModelError(issues)
    return compiled


@dataclass(frozen=True)
class EquationParts:
    """What the equations of a model need: its drivers, constants, sub-equations and element equations.

    ``elements`` holds (element name, equation text or None) in model order, so a model whose other
    parts are broken can still have its equations checked.
    """

    drivers: Sequence[Driver]
    constants: Sequence[Constant]
    quantities: Sequence[IntermediateQuantity]
    elements: Sequence[tuple[str, str | None]]
    currency: str
    period: str

    @classmethod
    def of(cls, model: ValueModel) -> EquationParts:
        elements = [(e.name, e.equation) for e in model.elements]
        return cls(model.drivers, model.constants, model.quantities, elements, model.currency, model.period)


def _equation_paths(model: EquationParts) -> dict[str, Path]:
    paths: dict[str, Path] = {}
    for index, driver in enumerate(model.drivers):
        paths[driver.name] = ("drivers", index, "unit")
    for index, constant in enumerate(model.constants):
        paths[constant.name] = ("constants", index, "unit")
    return paths


def _message(error: EquationError) -> str:
    message = error.message
    if error.suggestions and "did you mean" not in message:
        message += f"; did you mean {', '.join(f'[{s}]' for s in error.suggestions[:3])}?"
    return message


@dataclass
class ParsedEquations:
    """The equations that parsed, where each came from, and the syntax problems of the others."""

    equations: list[Equation]
    where: dict[str, tuple[Path, str]]
    targets: dict[str, str]
    quantity_targets: dict[int, str]
    issues: list[Issue]


def _parse_all(model: EquationParts) -> ParsedEquations:
    parsed = ParsedEquations([], {}, {}, {}, [])
    sources: list[tuple[str, int, str, str | None]]
    sources = [("quantities", i, q.equation, None) for i, q in enumerate(model.quantities)]
    sources += [("elements", i, text, name) for i, (name, text) in enumerate(model.elements) if text]
    for section, index, text, element in sources:
        path: Path = (section, index, "equation")
        try:
            equation = parse_equation(text)
        except EquationError as error:
            parsed.issues.append(Issue(path, _message(error), offset=error.position))
            continue
        parsed.equations.append(equation)
        parsed.where.setdefault(equation.target, (path, text))
        if element is not None:
            parsed.targets[element] = equation.target
        else:
            parsed.quantity_targets[index] = equation.target
    return parsed


def equation_issues(parts: EquationParts) -> tuple[EquationSystem | None, ParsedEquations, list[Issue]]:
    """Parse and check the equations of ``parts`` as one system; every problem with its path."""
    parsed = _parse_all(parts)
    issues = list(parsed.issues)
    units = [Quantity(d.name, d.unit) for d in parts.drivers]
    units += [Quantity(c.name, c.unit) for c in parts.constants]
    declared = {target: parts.quantities[index].unit for index, target in parsed.quantity_targets.items()}
    try:
        system = EquationSystem.build(
            parsed.equations,
            quantities=units,
            constants={c.name: c.value for c in parts.constants},
            currency=parts.currency,
            period=parts.period,
            element_names=list(parsed.targets.values()),
            declared_units=declared,
        )
    except EquationSystemError as failure:
        other_paths = _equation_paths(parts)
        unit_paths: dict[str, Path] = {
            t: ("quantities", i, "unit") for i, t in parsed.quantity_targets.items()
        }
        issues += [_system_issue(error, parsed.where, other_paths, unit_paths) for error in failure.errors]
        # The quantities' own mistakes first: an element that reads one is only as right as it is.
        issues.sort(key=lambda issue: issue.path[:1] != ("quantities",))
        return None, parsed, issues
    return (None if issues else system), parsed, issues


def compile_issues(model: ValueModel) -> tuple[CompiledModel | None, list[Issue]]:
    """The compiled model, or ``None`` and every problem found in the equations."""
    system, parsed, issues = equation_issues(EquationParts.of(model))
    if system is None:
        return None, issues
    targets = parsed.targets
    signs = {
        e.name: (-1.0 if e.direction == "unfavourable" else 1.0) for e in model.elements if e.name in targets
    }
    constant_names = {c.name for c in model.constants}
    drivers: dict[str, tuple[str, ...]] = {}
    constants: dict[str, tuple[str, ...]] = {}
    for name, target in targets.items():
        inputs = system.inputs_of(target)
        drivers[name] = tuple(sorted(inputs - constant_names))
        constants[name] = tuple(sorted(inputs & constant_names))
    return CompiledModel(model, system, targets, signs, drivers, constants), []


def _system_issue(
    error: EquationError,
    where: dict[str, tuple[Path, str]],
    other: dict[str, Path],
    unit_paths: dict[str, Path],
) -> Issue:
    target = error.target or ""
    if isinstance(error, DeclaredUnitError) and target in unit_paths:
        return Issue(unit_paths[target], _message(error))
    if target in where:
        path, text = where[target]
        offset = error.position if error.text == text else None
        return Issue(path, _message(error), offset=offset)
    if target in other:
        return Issue(other[target], _message(error), offset=error.position)
    return Issue(("elements",), _message(error))
