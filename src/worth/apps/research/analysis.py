"""Analysing the data (seed 002): the questions the research answers, from the latest version's model.

How does each element vary across the two subsegments? Which characteristics drive the variation, and
does that suggest a new segmentation? Which customers are the most attractive prospects? What do the
placeholders add? Every figure comes from the engine's analyses of the model (the Welch comparison of
the subsegments, the segmentation tree, the prospect ranking); this module only arranges the answers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from worth.apps.valuemodels.analyses import plain
from worth.engine.model.analysis import analyse_model
from worth.engine.model.display import format_money
from worth.engine.model.schema import PERIOD_WORDS, Proxy, ValueModel
from worth.engine.sensitivity.errors import SensitivityError
from worth.engine.sensitivity.prospect_analysis import analyse_prospects
from worth.exports.charts.model import element_values_chart

#: Significance level of "differs between the subsegments".
ALPHA = 0.05
#: A suggested segmentation that explains this much more of the variance is worth considering.
BETTER_SEGMENTATION = 0.10
TOP_PROSPECTS = 3


@dataclass(frozen=True)
class ElementVariation:
    name: str
    classification: dict[str, str]
    means: dict[str, float | None]
    p_value: float | None

    @property
    def differs(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA

    @property
    def classified_apart(self) -> bool:
        """Classified differently in the subsegments (a point of difference in one, contention in another)."""
        return len(set(self.classification.values())) > 1


@dataclass(frozen=True)
class ProspectLine:
    customer: str
    predicted: float
    low: float
    high: float
    probability_above_price: float | None


@dataclass(frozen=True)
class PlaceholderLine:
    name: str
    worth: str
    proxy: str


@dataclass(frozen=True)
class DriverFindings:
    """What the customers' characteristics say: the regression, the segmentation tree, the prospects."""

    current_share: float | None
    suggested_rules: tuple[str, ...]
    suggested_groups: tuple[str, ...]
    suggested_share: float
    strongest: str | None
    r_squared: float
    prospects: tuple[ProspectLine, ...]

    @property
    def suggests_new_segmentation(self) -> bool:
        if self.current_share is None:
            return False
        return self.suggested_share - self.current_share >= BETTER_SEGMENTATION


@dataclass(frozen=True)
class ResearchAnalysis:
    """The answers; ``drivers`` is None while the customers cannot explain value yet (``drivers_refused``
    says why: no characteristic, or fewer customers with data than the regression needs), which early
    in the research is the rule, and must not hide how the elements vary."""

    currency: str
    subsegments: tuple[str, ...]
    elements: tuple[ElementVariation, ...]
    drivers: DriverFindings | None
    drivers_refused: str
    placeholders: tuple[PlaceholderLine, ...]
    chart: dict[str, Any]


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _proxy(proxy: Proxy | None, currency: str, period: str) -> str:
    if proxy is None:
        return ""
    if proxy.estimate is None:
        return proxy.description
    every = PERIOD_WORDS.get(period, period)
    return f"{proxy.description.rstrip('.')}: about {format_money(float(proxy.estimate), currency)} a {every}"


def research_analysis(model: ValueModel) -> ResearchAnalysis:
    analysis = analyse_model(model)
    subsegments = analysis.subsegments
    elements = []
    for name, found in analysis.elements.items():
        classification = {
            sub: c.as_.replace("point-of-", "")
            for sub, c in found.element.classification.items()
            if sub in subsegments
        }
        means = {
            sub: _finite(found.by_subsegment[sub].mean) if sub in found.by_subsegment else None
            for sub in subsegments
        }
        p_value = _finite(found.comparison.p_value) if found.comparison is not None else None
        elements.append(ElementVariation(name, classification, means, p_value))
    placeholders = tuple(
        PlaceholderLine(p.name, p.worth, _proxy(p.proxy, model.currency, model.period))
        for p in model.placeholders
    )
    drivers, refused = None, ""
    try:
        drivers = _driver_findings(model)
    except SensitivityError as exc:
        refused = str(exc)
    return ResearchAnalysis(
        currency=model.currency,
        subsegments=subsegments,
        elements=tuple(elements),
        drivers=drivers,
        drivers_refused=refused,
        placeholders=placeholders,
        chart=plain(element_values_chart(analysis)),
    )


def _driver_findings(model: ValueModel) -> DriverFindings:
    prospects = analyse_prospects(model)
    segmentation = prospects.segmentation
    coefficients = [c for c in prospects.regression.coefficients if math.isfinite(c.p_value)]
    strongest = min(coefficients, key=lambda c: c.p_value).characteristic if coefficients else None
    future = [p for p in prospects.ranking.prospects if p.status == "prospective"][:TOP_PROSPECTS]
    return DriverFindings(
        current_share=segmentation.current.between_share if segmentation.current is not None else None,
        suggested_rules=tuple(split.rule for split in segmentation.splits),
        suggested_groups=tuple(f"{g.label} ({g.n} customers)" for g in segmentation.suggested.groups),
        suggested_share=segmentation.suggested.between_share,
        strongest=strongest,
        r_squared=prospects.regression.r_squared,
        prospects=tuple(
            ProspectLine(p.customer, p.predicted, p.low, p.high, p.probability_above_price) for p in future
        ),
    )
