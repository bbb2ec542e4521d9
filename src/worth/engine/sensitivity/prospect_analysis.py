"""From a value model to its drivers of value, a suggested segmentation and ranked prospects.

The three answers of the method's analysis step ("what characteristics might drive the variation in
value", "whether that variation warrants a new segmentation approach", "which customers make the most
attractive prospects") rest on the same customer table, so they are computed together, once, for the
command line and the web page alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from worth.engine.model.compiled import CompiledModel
from worth.engine.model.schema import ValueModel
from worth.engine.sensitivity.drivers import ValueRegression, explain_value
from worth.engine.sensitivity.errors import SensitivityError
from worth.engine.sensitivity.model_adapter import CustomerData, customer_data
from worth.engine.sensitivity.prospects import ProspectRanking, rank_prospects
from worth.engine.sensitivity.segmentation import SegmentationResult, suggest_segmentation

__all__ = ["ProspectAnalysis", "analyse_prospects"]


@dataclass(frozen=True)
class ProspectAnalysis:
    """The customer table and the three results computed from it."""

    data: CustomerData
    regression: ValueRegression
    segmentation: SegmentationResult
    ranking: ProspectRanking


def analyse_prospects(
    model: ValueModel | CompiledModel,
    *,
    element: str | None = None,
    characteristics: Sequence[str] | None = None,
    depth: int = 1,
    min_group: int = 3,
) -> ProspectAnalysis:
    """Explain value by the customers' characteristics and rank every customer by predicted value.

    Parameters
    ----------
    model
        A checked value model.
    element
        Analyse one element instead of the total delta value.
    characteristics
        Use only these characteristics (all numeric and categorical ones by default).
    depth, min_group
        Levels of splits and fewest customers per group of the suggested segmentation.

    Returns
    -------
    ProspectAnalysis
        The regression is fitted on the research customers (those with values); every customer with
        complete characteristics, present or prospective, is ranked with a prediction interval.
    """
    data = customer_data(
        model, element=element, characteristics=list(characteristics) if characteristics else None
    )
    research = data.research
    if not research.any():
        raise SensitivityError(
            f"no research customer has a computable {data.output}, so there is nothing to explain or rank "
            "by; the value summary lists what is missing"
        )
    names = data.select(research)
    columns = data.columns(research)
    current = [s for s, keep in zip(data.subsegments, research, strict=True) if keep]
    values = data.values[research]
    regression = explain_value(values, columns, names, output=data.output)
    segmentation = suggest_segmentation(
        values, columns, names, current=current, max_depth=depth, min_group=min_group, output=data.output
    )
    rankable = data.complete()
    ranking = rank_prospects(
        regression,
        data.columns(rankable),
        data.select(rankable),
        status=[s for s, keep in zip(data.status, rankable, strict=True) if keep],
        observed=[None if math.isnan(v) else float(v) for v in data.values[rankable]],
        delta_price=[float(p) for p in data.delta_prices[rankable]],
    )
    if regression.df_resid < 2 * len(regression.coefficients):
        notes = (
            *data.notes,
            f"{regression.n} customers for {len(regression.coefficients)} coefficients: "
            "the intervals are wide; fewer characteristics give firmer estimates",
        )
        data = replace(data, notes=notes)
    return ProspectAnalysis(data, regression, segmentation, ranking)
