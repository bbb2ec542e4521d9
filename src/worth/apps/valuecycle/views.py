"""The value cycle pages: a project's journey maps, one map with its plan, its parts, and its reviews.

Who sees what: the project's members, its sponsor and program lead read the maps; the team's editors
change them and take reviews. A salesperson on the team reads the map (their actions are on it) but
not the plan's review against the documenters, which counts every customer's results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from worth.apps.core.locking import edit_if_current
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import can_change_project, project_for, sees_own_customers_only
from worth.apps.programs.models import Project
from worth.apps.research.model_parts import latest_model, parts_of
from worth.apps.valuecycle import forms as cycle_forms
from worth.apps.valuecycle.models import (
    JourneyMap,
    Opportunity,
    PathStep,
    Persona,
    PlanLine,
    Review,
    Stage,
    TouchPoint,
)
from worth.apps.valuecycle.services import (
    map_figures,
    state,
    take_review,
)
from worth.apps.valuemodels.versions import element_names
from worth.engine.valuecycle import SPOKES, changes_between, coverage
from worth.exports.charts.valuecycle import plan_chart, spokes_chart


@dataclass(frozen=True)
class PartKind:
    """One kind of record on a map: its model, its form, and what a person calls it."""

    model: type[models.Model]
    form: type[cycle_forms.MapPartForm]
    label: str
    anchor: str
    needs_elements: bool = False


KINDS: dict[str, PartKind] = {
    "stage": PartKind(Stage, cycle_forms.StageForm, "stage", "journey"),
    "touch-point": PartKind(TouchPoint, cycle_forms.TouchPointForm, "touch point", "journey", True),
    "persona": PartKind(Persona, cycle_forms.PersonaForm, "stakeholder", "paths"),
    "step": PartKind(PathStep, cycle_forms.PathStepForm, "value path step", "paths"),
    "opportunity": PartKind(Opportunity, cycle_forms.OpportunityForm, "gap or opportunity", "gaps", True),
    "plan-line": PartKind(PlanLine, cycle_forms.PlanLineForm, "plan line", "plan", True),
}


def _subsegments(project: Project) -> list[str]:
    return [key for key, _ in parts_of(latest_model(project), "subsegment")]


@reached_by(get=Access.MEMBER)
@require_GET
def project_maps(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = project_for(request.user, pk)
    maps = list(found.journey_maps.all())
    rows = [(m, state(m)) for m in maps]
    ctx = {"project": found, "rows": rows, "can_change": can_change_project(request.user, found)}
    return render(request, "valuecycle/project.html", ctx)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def map_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = project_for(request.user, pk, write=True)
    form = cycle_forms.JourneyMapForm(
        request.POST or None, project_pk=found.pk, subsegments=_subsegments(found)
    )
    if request.method == "POST" and form.is_valid():
        journey = form.save(commit=False)
        journey.project, journey.created_by = found, request.user
        journey.save()
        messages.success(request, f"Journey map “{journey.name}” started: add its stages first.")
        return redirect(journey)
    ctx: dict[str, Any] = {"project": found, "form": form, "can_change": True}
    return render(request, "valuecycle/map_form.html", ctx, status=400 if form.errors else 200)


def _map(request: AuthenticatedHttpRequest, pk: int, *, write: bool = False) -> JourneyMap:
    journey = JourneyMap.objects.filter(pk=pk).select_related("project", "project__program").first()
    if journey is None:
        raise Http404("No such journey map")
    project_for(request.user, journey.project_id, write=write)  # 404 unseen, 403 unchangeable
    return journey


@reached_by(get=Access.MEMBER)
@require_GET
def map_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    journey = _map(request, pk)
    found = map_figures(journey, team_view=not sees_own_customers_only(request.user))
    review = found.plan or []
    measured = [(r.element, r.promised, r.documented) for r in review if r.measured]
    currency = review[0].currency if review else journey.project.program.currency
    ctx = {
        "project": journey.project,
        "journey": journey,
        "content": found.content,
        "coverage": coverage(found.content),
        "spokes": SPOKES,
        "findings": found.findings,
        "stages": journey.stages.prefetch_related("touch_points"),
        "personas": journey.personas.prefetch_related("steps__touch_point"),
        "opportunities": journey.opportunities.select_related("touch_point"),
        "plan": journey.plan.all(),
        "review": review,
        "plan_chart": plan_chart(measured, currency) if measured else None,
        "team_view": found.plan is not None,
        "state": found.state,
        "last": found.last,
        "since": found.since,
        "reviews": journey.reviews.select_related("reviewed_by"),
        "review_form": cycle_forms.ReviewForm(initial={"opened_at": journey.revision}),
        "chart": spokes_chart(found.content),
        "can_change": can_change_project(request.user, journey.project),
    }
    return render(request, "valuecycle/map.html", ctx)


@reached_by(get=Access.MEMBER, post=Access.EDITOR)
@require_http_methods(["GET", "POST"])
def map_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    write = request.method == "POST"
    journey = _map(request, pk, write=write)
    subsegments = _subsegments(journey.project)
    edit = edit_if_current(
        request.POST if write else None,
        lambda data, record: cycle_forms.JourneyMapForm(
            data, instance=record, project_pk=journey.project_id, subsegments=subsegments
        ),
        journey,
        lambda: _map(request, pk, write=True),
    )
    if edit.saved:
        messages.success(request, f"“{journey.name}” saved.")
        return redirect(journey)
    ctx: dict[str, Any] = {
        "project": journey.project,
        "journey": journey,
        "form": edit.form,
        "conflict": edit.conflict,
        "can_change": can_change_project(request.user, journey.project),
    }
    status = 409 if edit.conflict else 400 if edit.form.errors else 200
    return render(request, "valuecycle/map_form.html", ctx, status=status)


@reached_by(post=Access.EDITOR)
@require_POST
def map_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    journey = _map(request, pk, write=True)
    project_pk = journey.project_id
    journey.delete()
    messages.success(request, f"Journey map “{journey.name}” removed with its reviews.")
    return redirect(reverse("valuecycle:project", args=[project_pk]))


def _kind(kind: str) -> PartKind:
    found = KINDS.get(kind)
    if found is None:
        raise Http404("No such part of a journey map")
    return found


def _form(
    spec: PartKind, journey: JourneyMap, data: Any, instance: models.Model | None, elements: list[str]
) -> forms.ModelForm[Any]:
    extra: dict[str, Any] = {"elements": elements} if spec.needs_elements else {}
    if instance is None:
        instance = spec.model(journey=journey)
    return spec.form(data, instance=instance, journey=journey, **extra)


def _back(journey: JourneyMap, spec: PartKind) -> str:
    return reverse("valuecycle:map", args=[journey.pk]) + f"#{spec.anchor}"


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def part_new(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = _kind(kind)
    journey = _map(request, pk, write=True)
    elements = element_names(journey.project) if spec.needs_elements else []
    initial = {k: v for k, v in request.GET.items() if k in ("stage", "persona", "touch_point")}
    form = _form(spec, journey, request.POST or None, None, elements)
    if request.method == "GET" and initial:
        form.initial.update(initial)
    if request.method == "POST" and form.is_valid():
        part = form.save()
        messages.success(request, f"The {spec.label} “{part}” added.")
        return redirect(_back(journey, spec))
    ctx: dict[str, Any] = {
        "project": journey.project,
        "journey": journey,
        "form": form,
        "spec": spec,
        "kind": kind,
        "can_change": True,
    }
    return render(request, "valuecycle/part_form.html", ctx, status=400 if form.errors else 200)


def _part(request: AuthenticatedHttpRequest, pk: int, spec: PartKind, part_pk: int, *, write: bool) -> Any:
    journey = _map(request, pk, write=write)
    part = spec.model._default_manager.filter(journey=journey, pk=part_pk).first()
    if part is None:
        raise Http404(f"No such {spec.label}")
    part.journey = journey  # type: ignore[attr-defined]
    return part


@reached_by(get=Access.MEMBER, post=Access.EDITOR)
@require_http_methods(["GET", "POST"])
def part_edit(request: AuthenticatedHttpRequest, pk: int, kind: str, part_pk: int) -> HttpResponse:
    spec = _kind(kind)
    write = request.method == "POST"
    part = _part(request, pk, spec, part_pk, write=write)
    journey = part.journey
    elements = element_names(journey.project) if spec.needs_elements else []
    edit = edit_if_current(
        request.POST if write else None,
        lambda data, record: _form(spec, journey, data, record, elements),
        part,
        lambda: _part(request, pk, spec, part_pk, write=True),
    )
    if edit.saved:
        messages.success(request, f"The {spec.label} “{part}” saved.")
        return redirect(_back(journey, spec))
    ctx: dict[str, Any] = {
        "project": journey.project,
        "journey": journey,
        "part": part,
        "spec": spec,
        "kind": kind,
        "form": edit.form,
        "conflict": edit.conflict,
        "can_change": can_change_project(request.user, journey.project),
    }
    status = 409 if edit.conflict else 400 if edit.form.errors else 200
    return render(request, "valuecycle/part_form.html", ctx, status=status)


@reached_by(post=Access.EDITOR)
@require_POST
def part_delete(request: AuthenticatedHttpRequest, pk: int, kind: str, part_pk: int) -> HttpResponse:
    spec = _kind(kind)
    part = _part(request, pk, spec, part_pk, write=True)
    journey = part.journey
    part.delete()
    messages.success(request, f"The {spec.label} “{part}” removed.")
    return redirect(_back(journey, spec))


@reached_by(post=Access.EDITOR)
@require_POST
def review_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    journey = _map(request, pk, write=True)
    form = cycle_forms.ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "The review was not saved: "
            + "; ".join(f"{name}: {' '.join(str(e) for e in errs)}" for name, errs in form.errors.items()),
        )
        return redirect(journey)
    if int(form.cleaned_data["opened_at"]) != journey.revision:
        messages.error(
            request,
            "The review was not saved: the map's settings changed since you opened the page. "
            "Look at the map again, then review it.",
        )
        return redirect(journey)
    review = take_review(journey, request.user, note=form.cleaned_data["note"])
    messages.success(
        request, f"Review {review.number} kept; the next review is due on {review.next_review:%Y-%m-%d}."
    )
    return redirect(review)


@reached_by(get=Access.MEMBER)
@require_GET
def review_detail(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    journey = _map(request, pk)
    review = journey.reviews.filter(number=number).select_related("reviewed_by").first()
    if review is None:
        raise Http404("No such review")
    previous = Review.objects.filter(journey=journey, number__lt=number).order_by("-number").first()
    team_view = not sees_own_customers_only(request.user)
    ctx = {
        "project": journey.project,
        "journey": journey,
        "review": review,
        "previous": previous,
        "coverage": coverage(review.content),
        "spokes": SPOKES,
        "changes": changes_between(previous.content, review.content) if previous else [],
        "plan_review": review.plan_review if team_view else None,
        "chart": spokes_chart(review.content),
        "team_view": team_view,
    }
    return render(request, "valuecycle/review.html", ctx)
