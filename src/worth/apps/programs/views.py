"""Program and project pages: thin views over ``access`` and the models."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from worth.apps.core.locking import edit_if_current
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import (
    can_change_program,
    can_change_project,
    can_comment,
    can_manage_team,
    program_for,
    project_for,
    sees_own_customers_only,
    visible_programs,
    visible_projects,
)
from worth.apps.programs.commenting import readable_comments
from worth.apps.programs.forms import CommentForm, ProgramForm, ProjectForm
from worth.apps.programs.models import Project
from worth.apps.programs.progress import committed, pilot_size_note, program_progress
from worth.apps.programs.staffing import start_team
from worth.apps.programs.team import team_advice, team_loads
from worth.apps.realization.access import visible_documenters
from worth.apps.realization.figures import project_realization
from worth.apps.research.access import project_participations
from worth.apps.research.checklist import research_checklist
from worth.apps.research.models import Status
from worth.apps.valuemodels.access import visible_models


@reached_by(get=Access.ANY_USER)
@require_GET
def program_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    projects = Prefetch("projects", queryset=visible_projects(request.user), to_attr="shown_projects")
    programs = visible_programs(request.user).select_related("sponsor", "lead").prefetch_related(projects)
    can_add = request.user.has_perm("programs.add_program")
    return render(request, "programs/program_list.html", {"programs": programs, "can_add": can_add})


@reached_by(Access.PROGRAM_LEAD)
@require_http_methods(["GET", "POST"])
def program_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("programs.add_program"):
        raise PermissionDenied("Your role may not create programs.")
    form = ProgramForm(request.POST or None, initial={"lead": request.user}, editor=request.user)
    if request.method == "POST" and form.is_valid():
        program = form.save()
        messages.success(request, f"Program “{program.name}” created.")
        return redirect(program)
    return render(request, "programs/program_form.html", {"form": form})


@reached_by(get=Access.MEMBER)
@require_GET
def program_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk)
    projects = visible_projects(request.user).filter(program=program)
    rows = program_progress(projects.filter(practice=False))
    commitments = committed([row.project for row in rows])
    ctx = {
        "program": program,
        "rows": rows,
        "commitments": commitments,
        "committed_total": sum(commitments.values(), Decimal("0.00")),
        "realized": project_realization(visible_documenters(request.user).filter(project__in=projects)),
        "practice": projects.filter(practice=True).order_by("name"),
        "size_note": pilot_size_note(len(rows)),
        "can_change": can_change_program(request.user, program),
    }
    return render(request, "programs/program_detail.html", ctx)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def program_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk, write=True)
    edit = edit_if_current(
        request.POST if request.method == "POST" else None,
        lambda data, record: ProgramForm(data, instance=record, editor=request.user),
        program,
        lambda: program_for(request.user, pk, write=True),
    )
    if edit.saved:
        messages.success(request, "Program saved.")
        return redirect(program)
    ctx = {"form": edit.form, "program": program, "conflict": edit.conflict}
    return render(request, "programs/program_form.html", ctx, status=409 if edit.conflict else 200)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def project_create(request: AuthenticatedHttpRequest, program_pk: int) -> HttpResponse:
    program = program_for(request.user, program_pk, write=True)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            project = form.save(commit=False)
            project.program = program
            project.save()
            start_team(project, request.user)
        messages.success(request, f"Project “{project.name}” created: you lead its team for now.")
        return redirect(project)
    return render(request, "programs/project_form.html", {"form": form, "program": program})


@reached_by(get=Access.MEMBER)
@require_GET
def project_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return project_page(request, project_for(request.user, pk))


def project_page(
    request: AuthenticatedHttpRequest, project: Project, *, comment_form: CommentForm | None = None
) -> HttpResponse:
    """The project's page; a comment that could not be added comes back in its form, as written."""
    loads = team_loads(project)
    may_comment = can_comment(request.user, project)
    checklist = research_checklist(project)
    statuses = Counter(project_participations(request.user, project).values_list("status", flat=True))
    ctx = {
        "checklist_done": sum(1 for item in checklist if item.done),
        "checklist_total": len(checklist),
        "customers_taking_part": sum(n for status, n in statuses.items() if status != Status.DECLINED),
        "customers_declined": statuses.get(Status.DECLINED, 0),
        "project": project,
        "loads": loads,
        "advice": team_advice(project, loads),
        "milestones": project.milestones.select_related("owner"),
        "today": timezone.localdate(),
        "comments": readable_comments(request.user, project),
        "value_models": visible_models(request.user).filter(project=project),
        "propositions_count": project.propositions.filter(model__in=visible_models(request.user)).count(),
        "cases_count": project.business_cases.filter(
            proposition__model__in=visible_models(request.user)
        ).count(),
        "commitment": committed([project]).get(project.pk),
        "own_customers_only": sees_own_customers_only(request.user),
        "comment_form": comment_form or (CommentForm() if may_comment else None),
        "can_change": can_change_project(request.user, project),
        "can_manage": can_manage_team(request.user, project),
    }
    return render(request, "programs/project_detail.html", ctx, status=400 if comment_form else 200)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def project_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, write=True)
    edit = edit_if_current(
        request.POST if request.method == "POST" else None,
        lambda data, record: ProjectForm(data, instance=record),
        project,
        lambda: project_for(request.user, pk, write=True),
    )
    if edit.saved:
        messages.success(request, "Project saved.")
        return redirect(project)
    ctx = {"form": edit.form, "program": project.program, "project": project, "conflict": edit.conflict}
    return render(request, "programs/project_form.html", ctx, status=409 if edit.conflict else 200)
