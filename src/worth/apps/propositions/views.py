"""Proposition pages: a project's propositions, one proposition, and resting it on a newer version."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from worth.apps.core.locking import StaleEdit, edit_if_current
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import (
    can_change_project,
    program_for,
    project_for,
    sees_own_customers_only,
    visible_projects,
)
from worth.apps.propositions.access import project_propositions, proposition_for
from worth.apps.propositions.forms import PropositionForm
from worth.apps.propositions.models import Proposition
from worth.apps.propositions.page import proposition_page, subsegments_of
from worth.apps.propositions.portfolio import MIN_EVALUATIONS, documented_differences
from worth.apps.propositions.services import PropositionError, rest_on_current_version, start_proposition
from worth.apps.valuemodels.access import visible_models
from worth.apps.valuemodels.versions import current_version, moved_on
from worth.engine.model.errors import ModelError


@reached_by(get=Access.ANY_USER)
@require_GET
def proposition_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every proposition the person may read, by project, and the projects with a model to write one on."""
    projects = visible_projects(request.user).filter(value_models__in=visible_models(request.user)).distinct()
    found = Proposition.objects.filter(model__in=visible_models(request.user)).select_related(
        "project", "model", "version", "updated_by"
    )
    by_project = {project: [p for p in found if p.project_id == project.pk] for project in projects}
    ctx = {"by_project": by_project, "withheld": sees_own_customers_only(request.user)}
    return render(request, "propositions/list.html", ctx)


@reached_by(get=Access.MEMBER, post=Access.EDITOR)
@require_http_methods(["GET", "POST"])
def project_propositions_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every subsegment of the project's models, with its proposition or a button to start one."""
    project = project_for(request.user, pk, write=request.method == "POST")
    models = visible_models(request.user).filter(project=project).order_by("name")
    if request.method == "POST":
        record = models.filter(pk=request.POST.get("model") or 0).first()
        subsegment = request.POST.get("subsegment", "")
        if record is None:
            messages.error(request, "Choose one of the project's value models.")
            return redirect("propositions:project", pk=project.pk)
        try:
            proposition = start_proposition(record, subsegment, request.user)
        except PropositionError as refused:
            messages.error(request, str(refused))
            return redirect("propositions:project", pk=project.pk)
        return redirect(proposition)
    existing = {(p.model_id, p.subsegment): p for p in project_propositions(request.user, project)}
    rows: list[dict[str, object]] = []
    for record in models:
        version = current_version(record)
        problem = "" if version is not None else "no saved version yet"
        names: list[str] = []
        if version is not None:
            try:
                names = subsegments_of(version)
            except ModelError as refused:
                problem = str(refused)
        rows += [
            {
                "record": record,
                "subsegment": n,
                "proposition": existing.get((record.pk, n)),
                "version": version,
            }
            for n in names
        ]
        if problem:
            rows.append({"record": record, "problem": problem})
    ctx = {
        "project": project,
        "rows": rows,
        "can_change": can_change_project(request.user, project),
        "withheld": sees_own_customers_only(request.user),
    }
    return render(request, "propositions/project.html", ctx)


def _form(data: object, record: Proposition, user: object) -> PropositionForm:
    page = proposition_page(record)
    record.updated_by = user  # type: ignore[assignment]
    return PropositionForm(data, instance=record, candidates=page.research.candidates)


@reached_by(get=Access.MEMBER, post=Access.EDITOR)
@require_http_methods(["GET", "POST"])
def proposition_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The proposition: the choice, the warnings, the statement with its numbers, the three kinds."""
    writing = request.method == "POST"
    proposition = proposition_for(request.user, pk, write=writing)
    try:
        edit = edit_if_current(
            request.POST if writing else None,
            lambda data, record: _form(data, record, request.user),
            proposition,
            lambda: proposition_for(request.user, pk, write=True),
        )
    except ModelError as refused:
        ctx = {"proposition": proposition, "problem": str(refused)}
        return render(request, "propositions/proposition.html", ctx, status=422)
    if edit.saved:
        messages.success(request, f"The value proposition for {proposition.subsegment} is saved.")
        return redirect(proposition)
    shown = edit.form.instance
    if edit.conflict is not None or (writing and not edit.form.is_valid()):
        shown = proposition_for(request.user, pk)
    page = proposition_page(shown)
    ctx = {
        "proposition": shown,
        "page": page,
        "moved": moved_on(shown.version, page.current),
        "form": edit.form,
        "conflict": edit.conflict,
        "can_change": can_change_project(request.user, proposition.project),
    }
    status = 409 if edit.conflict else (400 if writing else 200)
    return render(request, "propositions/proposition.html", ctx, status=status)


@reached_by(post=Access.EDITOR)
@require_POST
def rest_on_current(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Rest the proposition on the model's current version, after the team read what changed."""
    proposition = proposition_for(request.user, pk, write=True)
    try:
        opened_at = int(request.POST.get("revision", ""))
    except ValueError:
        messages.error(request, "The form lost its version: open the page again.")
        return redirect(proposition)
    try:
        moved = rest_on_current_version(proposition, request.user, opened_at=opened_at)
    except PropositionError as refused:
        messages.error(request, str(refused))
    except StaleEdit as stale:
        messages.error(
            request,
            f"Not moved: {stale.conflict.who} changed the proposition after you opened it. "
            "Read it again first.",
        )
    else:
        messages.success(
            request, f"The proposition now rests on v{moved.version.number} of {moved.model.name}."
        )
    return redirect(proposition)


@reached_by(get=Access.MEMBER)
@require_GET
def program_differences(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """For product management: the program's points of difference ranked by documented value."""
    program = program_for(request.user, pk)
    withheld = sees_own_customers_only(request.user)
    rows, problems = (
        ([], [])
        if withheld
        else documented_differences(
            visible_projects(request.user).filter(program=program, practice=False),
            visible_models(request.user),
        )
    )
    ctx = {
        "program": program,
        "rows": rows,
        "problems": problems,
        "withheld": withheld,
        "minimum": MIN_EVALUATIONS,
    }
    return render(request, "propositions/program.html", ctx)
