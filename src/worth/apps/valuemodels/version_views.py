"""A model's versions: the list, one version (what it held and what changed), its file and report,
and the comparison of any two."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from worth.apps.core.computed import remember
from worth.apps.core.documents import document_response
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.valuemodels.access import model_for
from worth.apps.valuemodels.models import ModelVersion, ValueModelRecord, version_key
from worth.apps.valuemodels.versions import comparison, readable, version_model, version_of, version_rows
from worth.engine.model.analysis import analyse_model
from worth.engine.model.errors import ModelError
from worth.exports.charts.model import totals_chart
from worth.exports.report_model import model_report_html, model_summary_fragment


@reached_by(get=Access.MEMBER)
@require_GET
def version_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = model_for(request.user, pk)
    rows = version_rows(record)
    return render(request, "valuemodels/versions.html", {"record": record, "rows": rows})


@reached_by(get=Access.MEMBER)
@require_GET
def version_detail(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    """One version: who saved it and why, what changed from the one before, and its value summary."""
    record = model_for(request.user, pk)
    version = version_of(record, number)
    before = record.versions.filter(number__lt=number).order_by("-number").first()
    ctx: dict[str, object] = {
        "record": record,
        "version": version,
        "before": before,
        "problem": readable(version),
    }
    ctx["others"] = (
        record.versions.exclude(pk=version.pk).order_by("-number").values_list("number", flat=True)
    )
    if before is not None and ctx["problem"] is None:
        ctx.update(_comparison_context(before, version))
    if ctx["problem"] is None:
        ctx["summary"] = remember(
            "model-summary-page",
            version_key(version),
            lambda: model_summary_fragment(analyse_model(version_model(version)), source=record.name),
        )
    return render(request, "valuemodels/version.html", ctx)


@reached_by(get=Access.MEMBER)
@require_GET
def compare_versions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Any two versions side by side: ``?from=1&to=2`` (the older first reads best, either order works)."""
    record = model_for(request.user, pk)
    numbers = list(record.versions.order_by("-number").values_list("number", flat=True))
    ctx: dict[str, object] = {"record": record, "numbers": numbers}
    status = 200
    try:
        first = int(request.GET.get("from") or (numbers[1] if len(numbers) > 1 else numbers[0]))
        second = int(request.GET.get("to") or numbers[0])
    except (ValueError, IndexError):
        ctx["error"] = "Choose two versions by number: from and to must be whole numbers."
        return render(request, "valuemodels/compare.html", ctx, status=400)
    old, new = version_of(record, first), version_of(record, second)
    ctx.update({"old": old, "new": new})
    problems = [f"version {v.number}: {p}" for v in (old, new) if (p := readable(v)) is not None]
    if problems:
        ctx["error"] = "This engine cannot read " + "; ".join(problems)
        status = 422
    else:
        ctx.update(_comparison_context(old, new))
    return render(request, "valuemodels/compare.html", ctx, status=status)


def _comparison_context(old: ModelVersion, new: ModelVersion) -> dict[str, object]:
    found = comparison(old, new)
    before, after = f"Version {old.number}", f"Version {new.number}"
    chart = totals_chart(found, before=before, after=after)
    return {
        "comparison": found,
        "totals_chart": chart,
        "old": old,
        "new": new,
        "before_label": before,
        "after_label": after,
    }


@reached_by(get=Access.MEMBER)
@require_GET
def version_file(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    """The model file of a version exactly as it was imported."""
    record = model_for(request.user, pk)
    version = version_of(record, number)
    content_type = "application/json" if version.fmt == "json" else "application/yaml"
    response = HttpResponse(version.text, content_type=f"{content_type}; charset=utf-8")
    name = f"{_slug(record)}-v{version.number}.{version.fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@reached_by(get=Access.MEMBER)
@require_GET
def version_report(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    """The value summary of a version, as it was then: computed once per version and kept."""
    record = model_for(request.user, pk)
    version = version_of(record, number)
    try:
        html = remember(
            "model-report",
            version_key(version),
            lambda: model_report_html(analyse_model(version_model(version)), source=record.name),
        )
    except ModelError as exc:
        return HttpResponse(exc.report(), content_type="text/plain; charset=utf-8", status=422)
    return document_response(
        html, name=f"{record.name}-v{version.number}-report", download=bool(request.GET.get("download"))
    )


def _slug(record: ValueModelRecord) -> str:
    from django.utils.text import slugify

    return slugify(record.name) or "value-model"
