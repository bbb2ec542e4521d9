"""From a value model file to the sensitivity engine's problems and customer tables.

One :class:`~.problem.ValueProblem` per subsegment: its drivers are the model drivers the quantified
elements rest on, each fitted to the observations of that subsegment's research customers (the
"variances around each element" of the method live here), and the value function is the model's own
compiled word equations, vectorised. Its outputs are every element's signed value, their sum (the
delta value) and the delta price.

Delta price enters as one more uncertain input, ``delta price``, observed per customer (offering price
minus the alternative's, with quoted prices and prices per paper machine or any other characteristic
already applied). Where it is the same for every customer it is simply fixed. Because a large customer
both pays more (per machine) and saves more, the drivers are correlated by default through a Gaussian
copula estimated from the same customers' paired observations; see :func:`subsegment_problems`.

What is not observed is never invented: a driver with a single observation in the subsegment, or
only a declared default, is held fixed and named in the notes; one with neither makes the element
impossible to analyse and is reported.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from worth.engine.model.compiled import CompiledModel, compile_model
from worth.engine.model.evaluation import MAX_RESULT, MISSING, Evaluation, evaluate_model
from worth.engine.model.prices import alternative_price, offering_price
from worth.engine.model.schema import ValueModel
from worth.engine.model.validate import customer_subsegment, subsegment_rules
from worth.engine.sensitivity.correlation import Correlations
from worth.engine.sensitivity.distributions import FitKind, Fixed, FloatArray
from worth.engine.sensitivity.errors import SensitivityError
from worth.engine.sensitivity.fitting import fit_distribution
from worth.engine.sensitivity.problem import DELTA_VALUE, Driver, OutputsFunction, ValueProblem

BoolArray = npt.NDArray[np.bool_]

#: Name of the delta price, both as an uncertain input and as an output.
DELTA_PRICE = "delta price"


@dataclass(frozen=True)
class SubsegmentProblem:
    """A subsegment's sensitivity problem with what the user should know about how it was built.

    Attributes
    ----------
    subsegment
        The subsegment's name.
    problem
        Drivers fitted to the subsegment's observations and the model's equations.
    correlations
        Correlations between the drivers observed for every research customer of the subsegment,
        estimated from those customers (``None`` when fewer than three customers or drivers allow it).
    customers
        Names of the research customers whose observations were used.
    notes
        Drivers held fixed, drivers left uncorrelated, and why.
    stream
        The subsegment's position in the model: its random stream, so a seed gives a subsegment the
        same draws whether it is simulated alone or with the other.
    """

    subsegment: str
    problem: ValueProblem
    correlations: Correlations | None
    customers: tuple[str, ...]
    notes: tuple[str, ...]
    stream: int = 0


def _compiled(model: ValueModel | CompiledModel) -> CompiledModel:
    return model if isinstance(model, CompiledModel) else compile_model(model)


def _value_function(compiled: CompiledModel, element_names: Sequence[str]) -> OutputsFunction:
    """The model's equations as an outputs function of driver arrays (delta price passed through)."""

    def outputs(inputs: Mapping[str, FloatArray]) -> dict[str, FloatArray]:
        values = compiled.evaluate(inputs)
        size = max((np.size(a) for a in inputs.values()), default=1)
        out = {
            name: np.broadcast_to(np.asarray(values[name], dtype=np.float64), (size,))
            for name in element_names
        }
        for name, value in out.items():
            if not bool(np.all(np.abs(value) <= MAX_RESULT)):
                bad = int(np.count_nonzero(~(np.abs(value) <= MAX_RESULT)))
                raise SensitivityError(
                    f"element {name!r} gives no finite value (or one beyond ±1e18) for {bad:,} of {size:,} "
                    "drawn cases: a driver it divides by can be zero, or an input is in the wrong unit; "
                    "bound that driver or rewrite the equation"
                )
        total = np.zeros(size)
        for name in element_names:
            total = total + out[name]
        out[DELTA_VALUE] = total
        if DELTA_PRICE in inputs:
            out[DELTA_PRICE] = np.asarray(inputs[DELTA_PRICE], dtype=np.float64)
        return out

    return outputs


def _check_names(compiled: CompiledModel) -> None:
    taken = {DELTA_VALUE, DELTA_PRICE}
    for name in (*compiled.targets, *(d.name for d in compiled.model.drivers)):
        if name in taken:
            raise SensitivityError(
                f"the model uses the name {name!r}, which the sensitivity analysis reserves for its results; "
                "rename that element or driver"
            )


def _driver_for(
    evaluation: Evaluation, name: str, rows: BoolArray, fit: FitKind, subsegment: str, notes: list[str]
) -> Driver:
    """One model driver fitted to the subsegment's real observations (fallback defaults excluded)."""
    model = evaluation.model
    table = evaluation.inputs
    spec = model.driver(name)
    mask = rows.astype(bool)
    observed = mask & (table.sources[name] != MISSING) & ~table.fallback[name]
    values = table.values[name][observed]
    if values.size >= 2:
        return Driver(name, fit_distribution(values, fit, name=name), values, unit=spec.unit)
    if values.size == 1:
        notes.append(f"{name!r} has one observation in {subsegment!r}; held fixed at {values[0]:,.6g}")
        return Driver(name, Fixed(float(values[0])), unit=spec.unit)
    if spec.default is not None:
        notes.append(
            f"{name!r} has no observation in {subsegment!r}; "
            f"held fixed at its default {spec.default.value:,.6g} ({spec.default.assumption})"
        )
        return Driver(name, Fixed(spec.default.value), unit=spec.unit)
    raise SensitivityError(
        f"driver {name!r} has no observation in subsegment {subsegment!r} and no default, so the elements "
        "that use it cannot be analysed there; add observations or a default to the model"
    )


def _delta_prices(evaluation: Evaluation, rows: BoolArray, subsegment: str) -> FloatArray:
    model = evaluation.model
    customers = [c for c, keep in zip(evaluation.customers, rows, strict=True) if keep]
    prices = np.array(
        [offering_price(model, c) - alternative_price(model, c, subsegment) for c in customers],
        dtype=np.float64,
    )
    finite: FloatArray = prices[np.isfinite(prices)]
    return finite


def _correlations(
    drivers: Sequence[Driver], evaluation: Evaluation, rows: BoolArray, prices: FloatArray, notes: list[str]
) -> Correlations | None:
    """Correlations between the varying drivers, from the subsegment customers' paired observations.

    Each pair uses the customers who reported both (fallback defaults do not count as reports);
    drivers reported by fewer than three customers are drawn independently.
    """
    table = evaluation.inputs
    columns: dict[str, FloatArray] = {}
    left_out: list[str] = []
    for driver in drivers:
        if not driver.varies:
            continue
        if driver.name == DELTA_PRICE:
            column = prices if prices.size == int(rows.sum()) else np.full(int(rows.sum()), np.nan)
        else:
            reported = (table.sources[driver.name] != MISSING) & ~table.fallback[driver.name]
            column = np.where(reported, table.values[driver.name], np.nan)[rows]
        finite = column[np.isfinite(column)]
        if finite.size >= 3 and float(np.ptp(finite)) > 0:
            columns[driver.name] = column
        else:
            left_out.append(driver.name)
    if left_out:
        notes.append(
            "drawn independently (too few customers reported them): " + ", ".join(repr(n) for n in left_out)
        )
    if len(columns) < 2:
        return None
    correlations = Correlations.from_observations(columns)
    if correlations.sparse_pairs:
        pairs = "; ".join(f"{a!r} and {b!r}" for a, b in correlations.sparse_pairs)
        notes.append(f"left uncorrelated (fewer than three customers reported both): {pairs}")
    if correlations.repaired:
        notes.append("the estimated correlations were adjusted slightly to form a valid correlation matrix")
    return correlations


def subsegment_problems(
    model: ValueModel | CompiledModel,
    *,
    fit: FitKind = "normal",
    subsegments: Sequence[str] | None = None,
) -> list[SubsegmentProblem]:
    """One sensitivity problem per subsegment, from the model's equations and research data.

    Parameters
    ----------
    model
        A checked value model (as loaded) or a compiled one.
    fit
        How drivers are fitted to the observations: ``"normal"``, ``"lognormal"`` or ``"empirical"``.
    subsegments
        Which subsegments, by name; both by default.

    Returns
    -------
    list of SubsegmentProblem
        In model order. Each problem's outputs are the quantified elements (signed: unfavourable ones
        negative), ``"delta value"`` and ``"delta price"``.
    """
    compiled = _compiled(model)
    _check_names(compiled)
    evaluation = evaluate_model(compiled)
    names = [s.name for s in compiled.model.subsegments]
    wanted = names if subsegments is None else list(subsegments)
    for name in wanted:
        if name not in names:
            raise SensitivityError(f"unknown subsegment {name!r}; the model has {', '.join(names)}")
    used = sorted({d for element in compiled.quantified for d in compiled.drivers[element]})
    order = [d.name for d in compiled.model.drivers if d.name in used]
    results = []
    for subsegment in wanted:
        rows = evaluation.rows(subsegment)
        if not rows.any():
            raise SensitivityError(f"subsegment {subsegment!r} has no research customers with observations")
        notes: list[str] = []
        drivers = [_driver_for(evaluation, name, rows, fit, subsegment, notes) for name in order]
        prices = _delta_prices(evaluation, rows, subsegment)
        if prices.size == 0:
            raise SensitivityError(f"no customer of subsegment {subsegment!r} has a delta price")
        price_output: str | None = None
        delta_price: float | None = float(prices[0])
        if float(np.ptp(prices)) > 0:
            drivers.append(Driver(DELTA_PRICE, fit_distribution(prices, fit, name=DELTA_PRICE), prices))
            price_output, delta_price = DELTA_PRICE, None
        correlations = _correlations(drivers, evaluation, rows, prices, notes)
        problem = ValueProblem(
            tuple(drivers),
            _value_function(compiled, compiled.quantified),
            total=DELTA_VALUE,
            delta_price=delta_price,
            price=price_output,
            label=subsegment,
            currency=compiled.model.currency,
        )
        customers = tuple(c.name for c, keep in zip(evaluation.customers, rows, strict=True) if keep)
        results.append(
            SubsegmentProblem(
                subsegment, problem, correlations, customers, tuple(notes), names.index(subsegment)
            )
        )
    return results


def _present(value: float | str) -> bool:
    return not (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True)
class CustomerData:
    """Present and prospective customers with their characteristics, value and delta price.

    ``values`` is NaN for customers without a computable value (prospects, or research customers
    lacking an input); ``research`` marks the customers a regression can be fitted on.
    """

    output: str
    currency: str
    names: tuple[str, ...]
    status: tuple[str, ...]
    subsegments: tuple[str, ...]
    values: FloatArray
    delta_prices: FloatArray
    characteristics: dict[str, list[float | str]]
    notes: tuple[str, ...]

    @property
    def research(self) -> BoolArray:
        """True for customers with a computable value."""
        return np.asarray(np.isfinite(self.values), dtype=np.bool_)

    def columns(self, mask: BoolArray) -> dict[str, list[float | str]]:
        """The characteristics of the customers selected by ``mask``."""
        keep = mask.astype(bool)
        return {
            name: [v for v, k in zip(values, keep, strict=True) if k]
            for name, values in self.characteristics.items()
        }

    def complete(self) -> BoolArray:
        """True for customers with every selected characteristic (only they can be ranked)."""
        rows = [
            all(_present(column[i]) for column in self.characteristics.values())
            for i in range(len(self.names))
        ]
        return np.array(rows, dtype=np.bool_)

    def select(self, mask: BoolArray) -> tuple[str, ...]:
        """The names of the customers selected by ``mask``."""
        return tuple(n for n, k in zip(self.names, mask.astype(bool), strict=True) if k)


def customer_data(
    model: ValueModel | CompiledModel,
    *,
    element: str | None = None,
    characteristics: Sequence[str] | None = None,
) -> CustomerData:
    """Every customer with its characteristics, value (delta value or one element) and delta price.

    Parameters
    ----------
    model
        A checked value model or a compiled one.
    element
        Analyse one element's value instead of the delta value.
    characteristics
        Which characteristics to use; by default every characteristic the model declares that all
        research customers have (the others are named in the notes).
    """
    compiled = _compiled(model)
    value_model = compiled.model
    evaluation = evaluate_model(compiled)
    if element is not None and element not in evaluation.elements:
        raise SensitivityError(
            f"unknown element {element!r}; quantified elements: {', '.join(evaluation.elements) or 'none'}"
        )
    values = evaluation.totals if element is None else evaluation.elements[element].values
    rules = subsegment_rules(value_model)
    customers = [*evaluation.customers, *evaluation.prospects]
    subsegments = [
        *evaluation.subsegments,
        *(customer_subsegment(value_model, c, rules) for c in evaluation.prospects),
    ]
    all_values = np.concatenate(
        [np.asarray(values, dtype=np.float64), np.full(len(evaluation.prospects), np.nan)]
    )
    prices = np.array(
        [
            offering_price(value_model, c) - alternative_price(value_model, c, s)
            for c, s in zip(customers, subsegments, strict=True)
        ]
    )
    declared = [c.name for c in value_model.characteristics]
    wanted = declared if characteristics is None else list(characteristics)
    notes: list[str] = []
    columns: dict[str, list[float | str]] = {}
    research = [c for c, v in zip(customers, all_values, strict=True) if math.isfinite(v)]
    for name in wanted:
        if name not in declared:
            raise SensitivityError(
                f"unknown characteristic {name!r}; the model has {', '.join(declared) or 'none'}"
            )
        lacking = [c.name for c in research if name not in c.characteristics]
        if lacking:
            if characteristics is not None:
                raise SensitivityError(f"characteristic {name!r} is missing for customer {lacking[0]!r}")
            notes.append(
                f"characteristic {name!r} left out: missing for {', '.join(repr(n) for n in lacking)}"
            )
            continue
        columns[name] = [c.characteristics.get(name, math.nan) for c in customers]
    not_valued = [c.name for c, v in zip(evaluation.customers, values, strict=True) if not math.isfinite(v)]
    if not_valued:
        notes.append(
            "no computable value (treated like prospects): " + ", ".join(repr(n) for n in not_valued)
        )
    return CustomerData(
        output=DELTA_VALUE if element is None else element,
        currency=value_model.currency,
        names=tuple(c.name for c in customers),
        status=tuple(c.status for c in customers),
        subsegments=tuple(s or "" for s in subsegments),
        values=all_values,
        delta_prices=prices,
        characteristics=columns,
        notes=tuple(notes),
    )
