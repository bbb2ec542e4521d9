"""The analysis of the customer value research, as the method lays it out.

For every quantified element and each subsegment: n, mean, sample standard deviation, variance, range
and a t-interval of the mean; the difference between the two subsegments with Welch's t-test; the
same for each customer's total; delta value against delta price per customer and subsegment; and how
data-heavy each element is. Everything is a pure function of the model.

The method studies at most two subsegments at a time; a study of one segment (or of a whole segment
without subsegments) has one, and then there is no difference between subsegments to test: the
comparisons are ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from worth.engine.model.compiled import CompiledModel, compile_model
from worth.engine.model.evaluation import Evaluation, FloatArray, evaluate_model
from worth.engine.model.heaviness import DataHeaviness, data_heaviness
from worth.engine.model.prices import PriceComparison, SubsegmentPrices, compare_prices, summarise_prices
from worth.engine.model.schema import Customer, Element, ValueModel
from worth.engine.model.stats import Summary, WelchResult, describe, welch_test
from worth.engine.model.warnings import ModelWarning, direction_warnings

__all__ = ["ElementAnalysis", "ModelAnalysis", "analyse_model"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ElementAnalysis:
    """One element's statistics per subsegment and the difference between the two.

    ``comparison.difference`` is the first subsegment's mean minus the second's (model order);
    ``comparison`` is ``None`` when the model has one subsegment.
    """

    element: Element
    by_subsegment: dict[str, Summary]
    comparison: WelchResult | None


@dataclass(frozen=True)
class ModelAnalysis:
    """Everything the value summary, the command line and the report show.

    Attributes
    ----------
    evaluation
        Values per element and customer, with the not-computable cases and fallbacks.
    elements
        Statistics of each quantified element.
    totals, totals_comparison
        Statistics of the customers' totals (customers with every element computable) per subsegment,
        and Welch's test between the subsegments (``None`` with one subsegment).
    prices, price_summary
        Delta value against delta price per customer and per subsegment.
    heaviness
        The source shares of the inputs behind the values.
    confidence
        Coverage of every interval.
    warnings
        What the model likely means otherwise than it says (see :mod:`worth.engine.model.warnings`).
    """

    evaluation: Evaluation
    elements: dict[str, ElementAnalysis]
    totals: dict[str, Summary]
    totals_comparison: WelchResult | None
    prices: list[PriceComparison]
    price_summary: dict[str, SubsegmentPrices]
    heaviness: DataHeaviness
    confidence: float
    warnings: tuple[ModelWarning, ...] = ()

    @property
    def model(self) -> ValueModel:
        return self.evaluation.model

    @property
    def compiled(self) -> CompiledModel:
        return self.evaluation.compiled

    @property
    def subsegments(self) -> tuple[str, ...]:
        """The subsegments' names in model order: one or two."""
        return tuple(s.name for s in self.model.subsegments)

    @property
    def compares_subsegments(self) -> bool:
        """True when there are two subsegments to compare."""
        return self.totals_comparison is not None


def analyse_model(
    model: ValueModel | CompiledModel,
    *,
    confidence: float = 0.95,
    customers: Sequence[Customer] | None = None,
    progress: Progress | None = None,
) -> ModelAnalysis:
    """Analyse a value model's research sample.

    Parameters
    ----------
    model
        A checked model (as from :func:`worth.engine.model.load_model`) or a compiled one.
    confidence
        Coverage of the intervals of means and of the difference of means.
    customers
        The customers to analyse; by default those with observations (the research sample).
    progress
        Called with (steps done, steps in all) as the analysis advances.

    Returns
    -------
    ModelAnalysis

    Examples
    --------
    >>> from worth.engine.model import load_model
    >>> analysis = analyse_model(load_model("examples/bearings-pulp-paper.yaml"))  # doctest: +SKIP
    >>> analysis.elements["Unplanned downtime"].by_subsegment["Large integrated mills"].mean  # doctest: +SKIP
    224414.28...
    """
    compiled = model if isinstance(model, CompiledModel) else compile_model(model)
    steps = len(compiled.targets) + 4
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps)

    evaluation = evaluate_model(compiled, customers=customers)
    advance()
    names = [s.name for s in compiled.model.subsegments]
    rows = {name: evaluation.rows(name) for name in names}

    def compared(values: FloatArray) -> WelchResult | None:
        if len(names) < 2:
            return None
        return welch_test(values[rows[names[0]]], values[rows[names[1]]], confidence=confidence)

    elements: dict[str, ElementAnalysis] = {}
    by_name = {e.name: e for e in compiled.model.elements}
    for name, values in evaluation.elements.items():
        per = {sub: describe(values.values[mask], confidence=confidence) for sub, mask in rows.items()}
        elements[name] = ElementAnalysis(by_name[name], per, compared(values.values))
        advance()
    totals = evaluation.totals
    total_stats = {sub: describe(totals[mask], confidence=confidence) for sub, mask in rows.items()}
    total_test = compared(totals)
    advance()
    prices = compare_prices(evaluation)
    price_summary = {sub: summarise_prices(prices, sub) for sub in names}
    advance()
    heaviness = data_heaviness(evaluation)
    advance()
    return ModelAnalysis(
        evaluation,
        elements,
        total_stats,
        total_test,
        prices,
        price_summary,
        heaviness,
        confidence,
        tuple(direction_warnings(evaluation)),
    )
