"""The money value of every element for every customer, in one vectorised call.

Missing data is never filled silently. For each element and customer, either every driver the element
rests on has an observation, or a declared fallback default (a named assumption) fills the gap and the
use is flagged, or the element is *not computable* for that customer and its value is NaN, listed with
the missing driver names. A customer's total is only a total when every element is computable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from worth.engine.model.compiled import CompiledModel, compile_model
from worth.engine.model.rules import Rule
from worth.engine.model.schema import SOURCE_KINDS, Customer, ValueModel
from worth.engine.model.validate import customer_subsegment, subsegment_rules

__all__ = [
    "MAX_RESULT",
    "MISSING",
    "ElementValues",
    "Evaluation",
    "InputTable",
    "evaluate_inputs",
    "evaluate_model",
    "gather_inputs",
    "research_sample",
]

#: Source code of a driver value no observation or fallback provides.
MISSING = -1
#: A value element worth more than this per customer and period, in any currency, is not a result but
#: a sign of an input in the wrong unit; it is treated like a division by zero (not computable), which
#: also keeps every sum, mean and variance downstream finite.
MAX_RESULT = 1e18
_SOURCE_CODE = {kind: code for code, kind in enumerate(SOURCE_KINDS)}

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class InputTable:
    """Driver values for a list of customers as arrays, with where every number came from.

    Attributes
    ----------
    customer_ids
        One entry per row.
    values
        Driver name -> float64 array; NaN where neither an observation nor a fallback gives a value.
    sources
        Driver name -> int8 array of indexes into :data:`worth.engine.model.schema.SOURCE_KINDS`
        (``MISSING`` = -1 where there is no value).
    fallback
        Driver name -> bool array, True where the driver's declared default filled a missing observation.
    """

    customer_ids: tuple[str, ...]
    values: dict[str, FloatArray]
    sources: dict[str, NDArray[np.int8]]
    fallback: dict[str, BoolArray]

    def present(self, driver: str) -> BoolArray:
        """True where the driver has a value (observed or fallback)."""
        present: BoolArray = self.sources[driver] != MISSING
        return present

    @cached_property
    def absent_rows(self) -> dict[str, NDArray[np.intp]]:
        """Driver -> rows without a value, for the drivers that lack any (found once, then kept)."""
        found = {name: np.flatnonzero(codes == MISSING) for name, codes in self.sources.items()}
        return {name: rows for name, rows in found.items() if rows.size}

    @cached_property
    def fallback_rows(self) -> dict[str, NDArray[np.intp]]:
        """Driver -> rows filled by the driver's declared default, for the drivers that used it."""
        return {name: np.flatnonzero(used) for name, used in self.fallback.items() if used.any()}


def research_sample(model: ValueModel) -> tuple[list[Customer], list[Customer]]:
    """Split the customers into the research sample (with observations) and prospects (without)."""
    sample = [c for c in model.customers if c.observations]
    prospects = [c for c in model.customers if not c.observations]
    return sample, prospects


def gather_inputs(model: ValueModel, customers: Sequence[Customer]) -> InputTable:
    """Arrange the customers' observations as one array per driver, applying declared fallbacks.

    Parameters
    ----------
    model
        The model whose drivers are gathered.
    customers
        The rows, in order.

    Returns
    -------
    InputTable
    """
    count = len(customers)
    column_of = {driver.name: index for index, driver in enumerate(model.drivers)}
    rows: list[int] = []
    columns: list[int] = []
    numbers: list[float] = []
    codes: list[int] = []
    # One pass over the observations as they are stored (a few hundred nanoseconds each), then one
    # vectorised scatter into the arrays.
    for row, customer in enumerate(customers):
        for name, observation in customer.observations.items():
            column = column_of.get(name)
            if column is not None:
                rows.append(row)
                columns.append(column)
                numbers.append(observation.value)
                codes.append(_SOURCE_CODE[observation.source])
    grid = np.full((len(column_of), count), np.nan)
    grid_codes = np.full((len(column_of), count), MISSING, dtype=np.int8)
    grid[columns, rows] = numbers
    grid_codes[columns, rows] = codes
    values: dict[str, FloatArray] = {}
    sources: dict[str, NDArray[np.int8]] = {}
    fallback: dict[str, BoolArray] = {}
    for driver in model.drivers:
        index = column_of[driver.name]
        column_values, column_codes = grid[index], grid_codes[index]
        filled = np.zeros(count, dtype=np.bool_)
        default = driver.default
        if default is not None and default.fallback:
            filled = column_codes == MISSING
            column_values[filled] = default.value
            column_codes[filled] = _SOURCE_CODE[default.source]
        values[driver.name], sources[driver.name], fallback[driver.name] = column_values, column_codes, filled
    return InputTable(tuple(c.id for c in customers), values, sources, fallback)


@dataclass(frozen=True)
class ElementValues:
    """One element's signed money value per customer and why some are missing.

    Attributes
    ----------
    name
        The element.
    values
        Money per period per customer (negative for unfavourable elements); NaN where not computable.
    missing
        Row -> names of drivers with neither observation nor fallback (only rows that lack some).
    fallbacks
        Row -> names of drivers filled by their declared default (only rows that used one).
    invalid
        True where every input was there but the equation gave no finite number (division by zero), or
        one beyond ±:data:`MAX_RESULT`.
    """

    name: str
    values: FloatArray
    missing: dict[int, tuple[str, ...]]
    fallbacks: dict[int, tuple[str, ...]]
    invalid: BoolArray

    @property
    def computable(self) -> BoolArray:
        """True where the value is known."""
        return ~np.isnan(self.values)


def evaluate_inputs(compiled: CompiledModel, table: InputTable) -> dict[str, ElementValues]:
    """Evaluate every quantified element for every row of ``table`` in one vectorised pass.

    Parameters
    ----------
    compiled
        The compiled model.
    table
        Driver arrays, as from :func:`gather_inputs`.

    Returns
    -------
    dict
        Element name -> :class:`ElementValues`, in model order.
    """
    raw = compiled.evaluate(table.values)
    count = len(table.customer_ids)
    absent, defaulted = table.absent_rows, table.fallback_rows
    none_invalid = np.zeros(count, dtype=np.bool_)
    none_invalid.flags.writeable = False
    out: dict[str, ElementValues] = {}
    for name, result in raw.items():
        missing: dict[int, list[str]] = {}
        fallbacks: dict[int, list[str]] = {}
        for driver in compiled.drivers[name]:
            for row in absent[driver].tolist() if driver in absent else ():
                missing.setdefault(row, []).append(driver)
            for row in defaulted[driver].tolist() if driver in defaulted else ():
                fallbacks.setdefault(row, []).append(driver)
        values = np.asarray(result, dtype=np.float64)
        invalid = none_invalid
        # One pass finds any inf, NaN or value beyond the limit (NaN compares False, so is caught too).
        if missing or not bool(np.all(np.abs(values) <= MAX_RESULT)):
            lacking = np.zeros(count, dtype=np.bool_)
            lacking[list(missing)] = True
            with np.errstate(invalid="ignore"):
                invalid = ~lacking & ~(np.abs(values) <= MAX_RESULT)
            values = np.where(lacking | invalid, np.nan, values)
        out[name] = ElementValues(
            name,
            values,
            {row: tuple(names) for row, names in missing.items()},
            {row: tuple(names) for row, names in fallbacks.items()},
            invalid,
        )
    return out


@dataclass(frozen=True)
class Evaluation:
    """Every quantified element's value for every customer of the research sample.

    Attributes
    ----------
    compiled
        The compiled model.
    customers
        The research sample: customers with at least one observation, in file order.
    subsegments
        Each customer's subsegment (``None`` when it has none).
    inputs
        The driver arrays the values were computed from.
    elements
        Element name -> values per customer.
    prospects
        Customers with characteristics but no observations: not valued here.
    """

    compiled: CompiledModel
    customers: tuple[Customer, ...]
    subsegments: tuple[str | None, ...]
    inputs: InputTable
    elements: dict[str, ElementValues]
    prospects: tuple[Customer, ...] = field(default=())

    @property
    def model(self) -> ValueModel:
        """The value model."""
        return self.compiled.model

    def matrix(self) -> FloatArray:
        """Values as a customers x elements array (NaN where not computable)."""
        columns = [e.values for e in self.elements.values()]
        if not columns:
            return np.zeros((len(self.customers), 0))
        return np.column_stack(columns)

    @cached_property
    def totals(self) -> FloatArray:
        """Each customer's total value; NaN unless every element is computable for the customer."""
        totals: FloatArray = self.matrix().sum(axis=1)
        return totals

    @cached_property
    def partial_totals(self) -> FloatArray:
        """Each customer's sum over the computable elements only (a partial figure, never a total)."""
        partial: FloatArray = np.nansum(self.matrix(), axis=1)
        return partial

    def rows(self, subsegment: str) -> BoolArray:
        """True for the customers of ``subsegment``."""
        return np.array([s == subsegment for s in self.subsegments], dtype=np.bool_)

    @cached_property
    def quantities(self) -> dict[str, FloatArray]:
        """Each named intermediate quantity per customer, unrounded (NaN where an input is missing)."""
        system = self.compiled.system
        targets = [t for t in system.order if t not in self.compiled.targets.values()]
        if not targets or not self.customers:
            return {t: np.full(len(self.customers), np.nan) for t in targets}
        with np.errstate(all="ignore"):
            found = system.evaluate(self.inputs.values, targets=targets)
        out: dict[str, FloatArray] = {}
        for target in targets:
            values = np.broadcast_to(np.asarray(found[target], dtype=np.float64), (len(self.customers),))
            with np.errstate(invalid="ignore"):
                out[target] = np.where(np.abs(values) <= MAX_RESULT, values, np.nan)
        return out

    def not_computable(self) -> list[tuple[Customer, str, tuple[str, ...]]]:
        """Every (customer, element, missing drivers) that has no value; an empty tuple means the equation
        gave no finite number although all inputs were there."""
        found = []
        for name, element in self.elements.items():
            for row in np.flatnonzero(~element.computable).tolist():
                found.append((self.customers[row], name, element.missing.get(row, ())))
        return found


def evaluate_model(
    model: ValueModel | CompiledModel,
    *,
    customers: Sequence[Customer] | None = None,
) -> Evaluation:
    """Value every quantified element for every customer of the research sample.

    Parameters
    ----------
    model
        A checked model (as loaded), or one already compiled.
    customers
        The customers to value; by default the research sample, the customers with observations.

    Returns
    -------
    Evaluation

    Raises
    ------
    ModelError
        When the model's equations do not compile (a model loaded with ``load_model`` always does).
    """
    compiled = model if isinstance(model, CompiledModel) else compile_model(model)
    value_model = compiled.model
    sample, prospects = research_sample(value_model)
    if customers is not None:
        sample = list(customers)
    rules: dict[str, Rule] = subsegment_rules(value_model)
    subsegments = tuple(customer_subsegment(value_model, c, rules) for c in sample)
    table = gather_inputs(value_model, sample)
    elements = evaluate_inputs(compiled, table)
    return Evaluation(compiled, tuple(sample), subsegments, table, elements, tuple(prospects))
