"""For product management: every point of difference of a program's projects, ranked by documented value.

Seed 001 (8.3.1.7, 8.4.3) asks product management to take the points of difference the value research
documented across all projects as the list of what to build on, each evaluated on at least two segments
or subsegments before it is trusted. This reads each project's models at their current version (kept
per content hash) and lists each element that is a point of difference in some subsegment, with its
mean value per customer in every subsegment it was evaluated on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

from django.db.models import QuerySet

from worth.apps.core.computed import remember
from worth.apps.programs.models import Project
from worth.apps.valuemodels.models import ModelVersion, ValueModelRecord
from worth.apps.valuemodels.versions import current_version, version_model
from worth.engine.model.analysis import analyse_model
from worth.engine.model.errors import ModelError
from worth.engine.model.schema import PERIOD_WORDS

#: A point of difference is trusted once evaluated on this many segments or subsegments.
MIN_EVALUATIONS = 2


@dataclass(frozen=True)
class Evaluation:
    subsegment: str
    classification: str
    status: str
    mean: float
    customers: int


@dataclass(frozen=True)
class DocumentedDifference:
    project: str
    project_id: int
    model: str
    model_id: int
    version: int
    element: str
    currency: str
    period: str
    evaluations: tuple[Evaluation, ...]

    @property
    def value(self) -> float:
        """The highest mean value per customer among the subsegments where it is a point of difference."""
        means = [e.mean for e in self.evaluations if e.classification == "point-of-difference"]
        return max(means) if means else math.nan

    @property
    def evaluated_enough(self) -> bool:
        return len(self.evaluations) >= MIN_EVALUATIONS


def _differences(version: ModelVersion) -> list[tuple[str, str, str, tuple[Evaluation, ...]]]:
    model = version_model(version)
    analysis = analyse_model(model)
    found = []
    for element in model.elements:
        studied = analysis.elements.get(element.name)
        if studied is None or element.direction != "favourable":
            continue
        evaluations = tuple(
            Evaluation(
                sub,
                element.classification[sub].as_,
                element.classification[sub].status,
                stats.mean,
                stats.n,
            )
            for sub, stats in studied.by_subsegment.items()
            if stats.n > 0 and not math.isnan(stats.mean)
        )
        if any(e.classification == "point-of-difference" for e in evaluations):
            found.append((element.name, model.currency, PERIOD_WORDS[model.period], evaluations))
    return found


def documented_differences(
    projects: QuerySet[Project], models: QuerySet[ValueModelRecord]
) -> tuple[list[DocumentedDifference], list[str]]:
    """The program's points of difference, highest documented value first; and the models not readable."""
    rows: list[DocumentedDifference] = []
    problems: list[str] = []
    for record in models.filter(project__in=projects).select_related("project"):
        version = current_version(record)
        if version is None:
            continue
        try:
            found = remember("documented-differences", (version.sha256,), partial(_differences, version))
        except ModelError as refused:
            problems.append(f"{record.name}: {refused}")
            continue
        for element, currency, period, evaluations in found:
            rows.append(
                DocumentedDifference(
                    record.project.name,
                    record.project_id,
                    record.name,
                    record.pk,
                    version.number,
                    element,
                    currency,
                    period,
                    evaluations,
                )
            )
    rows.sort(key=lambda row: (-row.value if not math.isnan(row.value) else math.inf, row.element))
    return rows, problems
