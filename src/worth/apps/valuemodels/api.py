"""API routes for value models: the list a user may see, each model's headline figures, its versions
(each with its own figures, kept as they were) and the comparison of two versions."""

from __future__ import annotations

import math
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from worth.apps.core.computed import remember
from worth.apps.valuemodels.access import model_for, visible_models
from worth.apps.valuemodels.models import model_version, version_key
from worth.apps.valuemodels.versions import comparison, readable, version_model, version_of
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


class VersionOut(Schema):
    number: int
    sha256: str
    created: str
    created_by: str | None
    note: str
    current: bool


class ChangeOut(Schema):
    kind: str
    part: str
    name: str
    field: str
    old: Any = None
    new: Any = None


class TotalChangeOut(Schema):
    subsegment: str
    customers_before: int
    customers_after: int
    mean_before: float | None
    mean_after: float | None


class ComparisonOut(Schema):
    from_version: int
    to_version: int
    currency: str
    same_currency: bool
    totals: list[TotalChangeOut]
    changes: list[ChangeOut]


@router.get(
    "/models/{model_id}/versions",
    response=list[VersionOut],
    summary="Every version of a model, newest first",
)
def list_versions(request: HttpRequest, model_id: int) -> list[VersionOut]:
    record = model_for(request.auth, model_id)  # type: ignore[attr-defined]
    return [
        VersionOut(
            number=v.number,
            sha256=v.sha256,
            created=v.created.isoformat(),
            created_by=v.created_by.username if v.created_by else None,
            note=v.note,
            current=v.sha256 == record.content_sha256,
        )
        for v in record.versions.select_related("created_by").order_by("-number")
    ]


@router.get(
    "/models/{model_id}/versions/{number}/summary",
    response={200: SummaryOut},
    summary="Delta value and delta price per subsegment of one version, as that version had them",
    description="404 for a version the model does not have; 422 when this engine no longer reads it.",
)
def version_summary(request: HttpRequest, model_id: int, number: int) -> SummaryOut:
    record = model_for(request.auth, model_id)  # type: ignore[attr-defined]
    version = version_of(record, number)
    try:
        figures = remember("model-summary", version_key(version), lambda: _summary(version_model(version)))
    except ModelError as exc:
        raise HttpError(422, "; ".join(str(issue) for issue in exc.issues)) from None
    return SummaryOut(id=record.pk, name=record.name, **figures)


@router.get(
    "/models/{model_id}/compare",
    response={200: ComparisonOut},
    summary="What changed between two versions, and the totals per subsegment before and after",
    description="`from` and `to` are version numbers (by default the version before the latest, and the "
    "latest); 404 for one the model does not have.",
)
def compare_versions(
    request: HttpRequest,
    model_id: int,
    from_: Annotated[int | None, Query(None, alias="from")] = None,
    to: int | None = None,
) -> ComparisonOut:
    record = model_for(request.auth, model_id)  # type: ignore[attr-defined]
    numbers = list(record.versions.order_by("-number").values_list("number", flat=True)[:2])
    if not numbers:
        raise HttpError(404, f"{record.name} has no version yet")
    old = version_of(record, from_ if from_ is not None else numbers[-1])
    new = version_of(record, to if to is not None else numbers[0])
    problems = [f"version {v.number}: {p}" for v in (old, new) if (p := readable(v)) is not None]
    if problems:
        raise HttpError(422, "; ".join(problems))
    found = comparison(old, new)
    return ComparisonOut(
        from_version=old.number,
        to_version=new.number,
        currency=found.currency,
        same_currency=found.same_currency,
        totals=[
            TotalChangeOut(
                subsegment=t.subsegment,
                customers_before=t.customers_before,
                customers_after=t.customers_after,
                mean_before=_number(t.mean_before),
                mean_after=_number(t.mean_after),
            )
            for t in found.totals
        ],
        changes=[
            ChangeOut(kind=c.kind, part=c.part, name=c.name, field=c.field, old=c.old, new=c.new)
            for c in found.changes
        ],
    )


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
