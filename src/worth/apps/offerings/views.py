"""The offerings pages: every project's offering, one project's naked solutions and options, its parts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from worth.apps.core.locking import edit_if_current
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.offerings.forms import ComponentForm
from worth.apps.offerings.models import OfferingComponent
from worth.apps.offerings.services import Shares, offering_page
from worth.apps.programs.access import (
    can_change_project,
    project_for,
    sees_own_customers_only,
    visible_projects,
)
from worth.apps.valuemodels.versions import element_names
from worth.exports.charts.offering import offering_chart


@reached_by(get=Access.ANY_USER)
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    projects = visible_projects(request.user).select_related("program").order_by("program__name", "name")
    rows = [(p, p.offering_components.count()) for p in projects]
    ctx = {"rows": rows, "withheld": sees_own_customers_only(request.user)}
    return render(request, "offerings/index.html", ctx)


def _percent(request: AuthenticatedHttpRequest, name: str, default: int, errors: list[str]) -> int:
    raw = request.GET.get(name, "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        errors.append(f"{name}: “{raw[:20]}” is not a whole percentage")
        return default
    if not 1 <= value <= 100:
        errors.append(f"{name}: {value} is not a percentage from 1 to 100")
        return default
    return value


@reached_by(get=Access.MEMBER)
@require_GET
def project(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if sees_own_customers_only(request.user):  # the placement counts every customer's research values
        raise Http404("No such offering")
    found = project_for(request.user, pk)
    errors: list[str] = []
    defaults = Shares()
    shares = Shares(
        naked=_percent(request, "naked", defaults.naked, errors),
        option=_percent(request, "option", defaults.option, errors),
        capture=_percent(request, "capture", defaults.capture, errors),
    )
    if shares.option > shares.naked:
        errors.append(f"option: {shares.option} % is more than the naked solution's {shares.naked} %")
        shares = defaults
    page = offering_page(found, model_pk=request.GET.get("model"), shares=shares)
    charts = (
        [(s, offering_chart(page.analysis, s)) for s in page.analysis.subsegments] if page.analysis else []
    )
    ctx = {
        "project": found,
        "page": page,
        "charts": charts,
        "shares": shares,
        "errors": errors,
        "can_change": can_change_project(request.user, found),
    }
    return render(request, "offerings/project.html", ctx, status=400 if errors else 200)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def component_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = project_for(request.user, pk, write=True)
    form = ComponentForm(request.POST or None, project_pk=found.pk, elements=element_names(found))
    if request.method == "POST" and form.is_valid():
        component = form.save(commit=False)
        component.project, component.created_by = found, request.user
        component.save()
        messages.success(request, f"“{component.name}” added to the offering.")
        return redirect(component)
    ctx: dict[str, Any] = {"project": found, "form": form, "can_change": True}
    return render(request, "offerings/component_form.html", ctx, status=400 if form.errors else 200)


def _component(
    request: AuthenticatedHttpRequest, pk: int, component_pk: int, *, write: bool
) -> OfferingComponent:
    found = project_for(request.user, pk, write=write)
    component = (
        OfferingComponent.objects.filter(project=found, pk=component_pk).select_related("project").first()
    )
    if component is None:
        raise Http404("No such part of the offering")
    return component


@reached_by(get=Access.MEMBER, post=Access.EDITOR)
@require_http_methods(["GET", "POST"])
def component_edit(request: AuthenticatedHttpRequest, pk: int, component_pk: int) -> HttpResponse:
    write = request.method == "POST"
    component = _component(request, pk, component_pk, write=write)
    found = component.project
    elements = element_names(found)
    edit = edit_if_current(
        request.POST if write else None,
        lambda data, record: ComponentForm(data, instance=record, project_pk=found.pk, elements=elements),
        component,
        lambda: _component(request, pk, component_pk, write=True),
    )
    if edit.saved:
        messages.success(request, f"“{component.name}” saved.")
        return redirect(component)
    ctx: dict[str, Any] = {
        "project": found,
        "component": component,
        "form": edit.form,
        "conflict": edit.conflict,
        "can_change": can_change_project(request.user, found),
    }
    status = 409 if edit.conflict else 400 if edit.form.errors else 200
    return render(request, "offerings/component_form.html", ctx, status=status)


@reached_by(post=Access.EDITOR)
@require_POST
def component_delete(request: AuthenticatedHttpRequest, pk: int, component_pk: int) -> HttpResponse:
    component = _component(request, pk, component_pk, write=True)
    component.delete()
    messages.success(request, f"“{component.name}” removed from the offering.")
    return redirect(reverse("offerings:project", args=[pk]))
