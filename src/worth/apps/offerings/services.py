"""One orchestration for the offerings page: the project's model, its costs to serve, the placement.

The analysis of a version is computed once per version, costs and shares (``remember``); the parts of
the offering give the costs of the elements they deliver.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from worth.apps.core.computed import remember
from worth.apps.offerings.models import OfferingComponent
from worth.apps.programs.models import Project
from worth.apps.valuemodels.models import ModelVersion, ValueModelRecord
from worth.apps.valuemodels.versions import current_version, version_model
from worth.engine.model.analysis import analyse_model
from worth.engine.model.errors import ModelError
from worth.engine.model.offering import (
    CAPTURE,
    NAKED_SHARE,
    OPTION_SHARE,
    OfferingAnalysis,
    OfferingError,
    offering_analysis,
    suggested_decision,
)

__all__ = ["OfferingPage", "Shares", "offering_page"]


@dataclass(frozen=True)
class Shares:
    """The thresholds a person chose, in % (as the page's form shows them)."""

    naked: int = round(NAKED_SHARE * 100)
    option: int = round(OPTION_SHARE * 100)
    capture: int = round(CAPTURE * 100)


@dataclass(frozen=True)
class ComponentRow:
    component: OfferingComponent
    #: subsegment -> (suggested decision key, its label, the reason)
    suggestions: list[tuple[str, str, str, str]]
    element_missing: bool = False


@dataclass
class OfferingPage:
    project: Project
    records: list[ValueModelRecord]
    record: ValueModelRecord | None = None
    version: ModelVersion | None = None
    analysis: OfferingAnalysis | None = None
    rows: list[ComponentRow] = field(default_factory=list)
    problem: str = ""


def _costs(components: list[OfferingComponent], elements: set[str]) -> dict[str, float]:
    """Cost to serve per element: the parts delivering one element add up."""
    costs: dict[str, float] = {}
    for c in components:
        if c.element in elements and c.cost_to_serve is not None:
            costs[c.element] = costs.get(c.element, 0.0) + float(c.cost_to_serve)
    return costs


def offering_page(project: Project, *, model_pk: str | None, shares: Shares) -> OfferingPage:
    """The placement of the chosen (or first) model's current version, and each part's suggestions."""
    from worth.apps.offerings.models import Decision

    records = list(ValueModelRecord.objects.filter(project=project).order_by("pk"))
    components = list(project.offering_components.all())
    page = OfferingPage(project, records)
    chosen = next((r for r in records if str(r.pk) == model_pk), records[0] if records else None)
    version = current_version(chosen) if chosen is not None else None
    if chosen is None or version is None:
        page.rows = [ComponentRow(c, []) for c in components]
        return page
    page.record, page.version = chosen, version
    try:
        model = version_model(version)
        costs = _costs(components, {e.name for e in model.elements})
        page.analysis = remember(
            "offering",
            (version.sha256, sorted(costs.items()), shares.naked, shares.option, shares.capture),
            lambda: offering_analysis(
                analyse_model(model),
                costs,
                naked_share=shares.naked / 100,
                option_share=shares.option / 100,
                capture=shares.capture / 100,
            ),
        )
    except (ModelError, OfferingError) as refused:
        page.problem = str(refused)
        page.rows = [ComponentRow(c, []) for c in components]
        return page
    labels = dict(Decision.choices)
    subsegments = [s.subsegment for s in page.analysis.subsegments]
    names = {e.name for e in model.elements}
    for c in components:
        suggestions = []
        for sub in subsegments:
            place = page.analysis.place_of(c.element, sub) if c.element else None
            key, reason = suggested_decision(place, c.offered_as)  # type: ignore[arg-type]
            suggestions.append((sub, key, labels.get(key, ""), reason))
        page.rows.append(
            ComponentRow(c, suggestions, element_missing=bool(c.element) and c.element not in names)
        )
    return page
