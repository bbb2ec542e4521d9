"""Everything a proposition's page shows, worked out once per version and subsegment.

The research side (the candidates, the subsegment's value summary and its choice sentence) depends only
on the version's content and the subsegment, so it is kept per content hash; the team's focus, the
warnings and the ratios are worked out on each request from the proposition as it stands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from worth.apps.core.computed import remember
from worth.apps.propositions.models import Proposition
from worth.apps.valuemodels.models import ModelVersion
from worth.apps.valuemodels.versions import current_version, version_model
from worth.engine.model.analysis import analyse_model
from worth.engine.model.choice import Choice, customer_choice
from worth.engine.model.proposition import (
    Candidate,
    Pick,
    PropositionKinds,
    PropositionWarning,
    candidates,
    check_focus,
    focus_value,
    proposition_kinds,
    suggest_focus,
)
from worth.engine.model.schema import PERIOD_WORDS
from worth.engine.model.summary import SubsegmentSummary, SummaryElement, value_summary
from worth.exports.charts.proposition import candidates_chart

__all__ = ["FocusLine", "PropositionPage", "Research", "proposition_page", "research_of", "subsegments_of"]


@dataclass(frozen=True)
class Research:
    """What the research says about one subsegment in one version: picklable, so it is kept."""

    candidates: list[Candidate]
    summary: SubsegmentSummary
    currency: str
    period: str
    offering: str


def subsegments_of(version: ModelVersion) -> list[str]:
    """The subsegments of a version's model (``ModelError`` when this engine cannot read it)."""
    return [sub.name for sub in version_model(version).subsegments]


def _research(version: ModelVersion, subsegment: str) -> Research:
    model = version_model(version)
    analysis = analyse_model(model)
    (summary,) = [part for part in value_summary(analysis).subsegments if part.name == subsegment]
    return Research(
        candidates(analysis, subsegment),
        summary,
        model.currency,
        PERIOD_WORDS[model.period],
        model.offering.name,
    )


def research_of(version: ModelVersion, subsegment: str) -> Research:
    """The research of ``subsegment`` in ``version``; KeyError for a subsegment the version lacks."""
    if subsegment not in subsegments_of(version):
        raise KeyError(subsegment)
    return remember(
        "proposition-research", (version.sha256, subsegment), lambda: _research(version, subsegment)
    )


def suggested_focus(version: ModelVersion, subsegment: str) -> list[dict[str, str]]:
    """Worth's suggested focus, as the record stores it."""
    return [
        {"element": p.element, "role": p.role}
        for p in suggest_focus(research_of(version, subsegment).candidates)
    ]


@dataclass(frozen=True)
class FocusLine:
    """One stated element with the numbers that substantiate it (None for an element the version lacks)."""

    pick: Pick
    candidate: Candidate | None
    summary: SummaryElement | None


@dataclass(frozen=True)
class PropositionPage:
    proposition: Proposition
    research: Research
    kinds: PropositionKinds
    suggestion: list[Pick]
    warnings: list[PropositionWarning]
    choice: Choice
    focus: list[FocusLine]
    focus_total: float
    chart: dict[str, Any]
    current: ModelVersion | None

    @property
    def moved_on(self) -> bool:
        """The model holds a newer version than the one the proposition rests on."""
        return self.current is not None and self.current.pk != self.proposition.version_id

    @property
    def follows_suggestion(self) -> bool:
        return self.proposition.picks == self.suggestion


def _choice(research: Research, alternative_value: float | None) -> Choice:
    """The subsegment's choice sentence, with the ratios when the team states the alternative's value."""
    base = research.summary.choice
    if alternative_value is None:
        return base
    return customer_choice(
        who=base.who,
        offering=base.offering,
        alternative=base.alternative,
        delta_value=base.delta_value,
        offering_price=base.offering_price,
        alternative_price=base.alternative_price,
        currency=base.currency,
        period=base.period,
        alternative_value=alternative_value,
    )


def proposition_page(proposition: Proposition) -> PropositionPage:
    """The page of ``proposition`` (``ModelError`` when its version can no longer be read)."""
    research = research_of(proposition.version, proposition.subsegment)
    picks = proposition.picks
    by_name = {c.name: c for c in research.candidates}
    summaries = {s.element.name: s for s in (*research.summary.differences, *research.summary.parity)}
    alternative = research.summary.alternative.name
    value = proposition.alternative_value
    total = focus_value(research.candidates, picks)
    return PropositionPage(
        proposition=proposition,
        research=research,
        kinds=proposition_kinds(research.candidates, picks),
        suggestion=suggest_focus(research.candidates),
        warnings=check_focus(research.candidates, picks, alternative=alternative),
        choice=_choice(research, float(value) if value is not None else None),
        focus=[FocusLine(p, by_name.get(p.element), summaries.get(p.element)) for p in picks],
        focus_total=math.nan if math.isnan(total) else total,
        chart=candidates_chart(
            research.candidates, picks, currency=research.currency, period=research.period
        ),
        current=current_version(proposition.model),
    )
