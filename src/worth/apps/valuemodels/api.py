"""API routes for value models: the list a user may see, and each model's headline figures."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from worth.apps.core.computed import remember
from worth.apps.valuemodels.access import model_for, visible_models
from worth.apps.valuemodels.models import model_version
from worth.engine.model.analysis import analyse_model
from worth.engine.model.errors import ModelError
from worth.engine.model.schema import ValueModel

router = Router(tags=["value models"])


class ModelOut(Schema):
    id: int
    name: str
    project_id: int
    project: str
    updated: str


class SubsegmentOut(Schema):
    subsegment: str
    customers: int
    mean_delta_value: float | None
    ci_low: float | None
    ci_high: float | None
    mean_delta_price: float | None
    customers_where_value_exceeds_premium: int


class SummaryOut(Schema):
    id: int
    name: str
    currency: str
    period: str
    subsegments: list[SubsegmentOut]


def _number(value: float) -> float | None:
    return value if math.isfinite(value) else None


@router.get("/models", response=list[ModelOut], summary="Value models in the projects you can see")
def list_models(request: HttpRequest) -> list[ModelOut]:
    return [
        ModelOut(
            id=m.pk,
            name=m.name,
            project_id=m.project_id,
            project=m.project.name,
            updated=m.updated.isoformat(),
        )
        for m in visible_models(request.auth)  # type: ignore[attr-defined]
    ]


@router.get(
    "/models/{model_id}/summary",
    response={200: SummaryOut},
    summary="Delta value and delta price per subsegment",
    description="422 with the problems when the stored model no longer passes this version's checks.",
)
def model_summary(request: HttpRequest, model_id: int) -> SummaryOut:
    record = model_for(request.auth, model_id)  # type: ignore[attr-defined]
    try:
        figures = remember("model-summary", model_version(record), lambda: _summary(record.load().model))
    except ModelError as exc:
        # Saved by an older engine and refused by this one: say why, never a server error.
        raise HttpError(422, "; ".join(str(issue) for issue in exc.issues)) from None
    return SummaryOut(id=record.pk, name=record.name, **figures)


def _summary(model: ValueModel) -> dict[str, Any]:
    """The headline figures of a model as plain data (kept per version of the model's text)."""
    analysis = analyse_model(model)
    parts = []
    for name in analysis.subsegments:
        total = analysis.totals[name]
        prices = analysis.price_summary[name]
        parts.append(
            SubsegmentOut(
                subsegment=name,
                customers=total.n,
                mean_delta_value=_number(total.mean),
                ci_low=_number(total.ci_low),
                ci_high=_number(total.ci_high),
                mean_delta_price=_number(prices.mean_delta_price),
                customers_where_value_exceeds_premium=prices.exceeding,
            ).dict()
        )
    return {"currency": model.currency, "period": model.period, "subsegments": parts}
