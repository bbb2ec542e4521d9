"""The profit levers pages: a project's price and cost structures, each with what 1 % on each lever does."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from worth.analytics import AnalyticsError
from worth.apps.core.locking import edit_if_current
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.pricing.access import visible_datasets
from worth.apps.pricing.levers import CostStructureForm, figures_of, prefill_from_invoices, segments_of
from worth.apps.pricing.models import CostStructure
from worth.apps.pricing.services import currency_for, project_policy
from worth.apps.programs.access import can_change_project, project_for
from worth.apps.programs.models import Project

#: The steps a person may choose for the levers, in %.
STEPS = ("0.5", "1", "2", "5")


def _step(request: AuthenticatedHttpRequest) -> tuple[str, Decimal]:
    raw = request.GET.get("step", "1")
    if raw not in STEPS:
        raw = "1"
    return raw, Decimal(raw) / 100


@reached_by(get=Access.MEMBER)
@require_GET
def levers(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = project_for(request.user, project_pk)
    step_text, step = _step(request)
    structures = [figures_of(r, step=step) for r in CostStructure.objects.filter(project=project)]
    ctx = {
        "project": project,
        "structures": structures,
        "step": step_text,
        "steps": STEPS,
        "can_change": can_change_project(request.user, project),
    }
    return render(request, "pricing/levers.html", ctx)


def _datasets(request: AuthenticatedHttpRequest, project: Project) -> list[Any]:
    return list(visible_datasets(request.user).filter(project=project).order_by("-imported"))


def _prefill(request: AuthenticatedHttpRequest, project: Project, ctx: dict[str, Any]) -> dict[str, Any]:
    """The form's initial values from a data set's invoice lines (``?dataset=&segment=``), if asked."""
    raw = request.GET.get("dataset")
    if not raw:
        return {}
    dataset = next((d for d in ctx["datasets"] if str(d.pk) == raw), None)
    if dataset is None:
        ctx["prefill_problem"] = "That invoice data set is not in this project."
        return {}
    segment = request.GET.get("segment", "")[:200]
    try:
        sold, initial = prefill_from_invoices(dataset, segment)
    except (AnalyticsError, OSError) as refused:
        ctx["prefill_problem"] = f"The invoice lines cannot be read: {refused}"
        return {}
    ctx["prefill"] = sold
    return initial


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def structure_new(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = project_for(request.user, project_pk, write=True)
    datasets = _datasets(request, project)
    ctx: dict[str, Any] = {"project": project, "datasets": datasets, "segments": {}}
    if request.method == "POST":
        form = CostStructureForm(request.POST, project_pk=project.pk)
        if form.is_valid():
            record = form.save(commit=False)
            record.project, record.created_by = project, request.user
            record.save()
            messages.success(request, f"“{record.name}” saved: its profit levers are below.")
            return redirect(record)
    else:
        initial = {"currency": currency_for(project, project_policy(project)[1]), "fixed_cost": 0}
        initial.update(_prefill(request, project, ctx))
        form = CostStructureForm(initial=initial, project_pk=project.pk)
    ctx["segments"] = {d.pk: segments_of(d) for d in datasets}
    ctx["form"] = form
    return render(request, "pricing/structure_form.html", ctx, status=400 if form.errors else 200)


def _structure(request: AuthenticatedHttpRequest, project_pk: int, pk: int, *, write: bool) -> CostStructure:
    project = project_for(request.user, project_pk, write=write)
    found = CostStructure.objects.filter(project=project, pk=pk).select_related("project").first()
    if found is None:
        raise Http404("No such price and cost structure")
    return found


@reached_by(get=Access.MEMBER, post=Access.EDITOR)
@require_http_methods(["GET", "POST"])
def structure_edit(request: AuthenticatedHttpRequest, project_pk: int, pk: int) -> HttpResponse:
    write = request.method == "POST"
    record = _structure(request, project_pk, pk, write=write)
    project = record.project
    edit = edit_if_current(
        request.POST if write else None,
        lambda data, instance: CostStructureForm(data, instance=instance, project_pk=project.pk),
        record,
        lambda: _structure(request, project_pk, pk, write=True),
    )
    if edit.saved:
        messages.success(request, f"“{record.name}” saved.")
        return redirect(record)
    ctx: dict[str, Any] = {
        "project": project,
        "record": record,
        "form": edit.form,
        "conflict": edit.conflict,
        "datasets": [],
        "segments": {},
        "can_change": can_change_project(request.user, project),
    }
    status = 409 if edit.conflict else 400 if edit.form.errors else 200
    return render(request, "pricing/structure_form.html", ctx, status=status)


@reached_by(post=Access.EDITOR)
@require_POST
def structure_delete(request: AuthenticatedHttpRequest, project_pk: int, pk: int) -> HttpResponse:
    record = _structure(request, project_pk, pk, write=True)
    record.delete()
    messages.success(request, f"“{record.name}” deleted.")
    return redirect(reverse("pricing:levers", args=[project_pk]))
