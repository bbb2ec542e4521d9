"""Program and project pages: thin views over ``access`` and the models."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from worth.apps.core.locking import rebind_at_current, save_form_if_current
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import (
    can_change_program,
    can_change_project,
    program_for,
    project_for,
    visible_programs,
    visible_projects,
)
from worth.apps.programs.forms import ProgramForm, ProjectForm


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
    ctx = {
        "program": program,
        "projects": visible_projects(request.user).filter(program=program),
        "can_change": can_change_program(request.user, program),
    }
    return render(request, "programs/program_detail.html", ctx)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def program_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk, write=True)
    form = ProgramForm(request.POST or None, instance=program, editor=request.user)
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict = save_form_if_current(form)
        if conflict is None:
            messages.success(request, "Program saved.")
            return redirect(program)
        current = program_for(request.user, pk, write=True)
        form = ProgramForm(
            rebind_at_current(request.POST, conflict.revision), instance=current, editor=request.user
        )
    ctx = {"form": form, "program": program, "conflict": conflict}
    return render(request, "programs/program_form.html", ctx, status=409 if conflict else 200)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def project_create(request: AuthenticatedHttpRequest, program_pk: int) -> HttpResponse:
    program = program_for(request.user, program_pk, write=True)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = form.save(commit=False)
        project.program = program
        project.save()
        messages.success(request, f"Project “{project.name}” created.")
        return redirect(project)
    return render(request, "programs/project_form.html", {"form": form, "program": program})


@reached_by(get=Access.MEMBER)
@require_GET
def project_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    ctx = {
        "project": project,
        "memberships": project.memberships.select_related("user"),
        "can_change": can_change_project(request.user, project),
    }
    return render(request, "programs/project_detail.html", ctx)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def project_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, write=True)
    form = ProjectForm(request.POST or None, instance=project)
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict = save_form_if_current(form)
        if conflict is None:
            messages.success(request, "Project saved.")
            return redirect(project)
        current = project_for(request.user, pk, write=True)
        form = ProjectForm(rebind_at_current(request.POST, conflict.revision), instance=current)
    ctx = {"form": form, "program": project.program, "project": project, "conflict": conflict}
    return render(request, "programs/project_form.html", ctx, status=409 if conflict else 200)
