"""Program and project pages: thin views over ``access`` and the models."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import can_change_project, program_for, project_for, visible_programs
from worth.apps.programs.forms import ProgramForm, ProjectForm


@require_GET
def program_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    programs = visible_programs(request.user).select_related("sponsor").prefetch_related("projects")
    can_add = request.user.has_perm("programs.add_program")
    return render(request, "programs/program_list.html", {"programs": programs, "can_add": can_add})


@require_http_methods(["GET", "POST"])
def program_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("programs.add_program"):
        raise PermissionDenied("Your role may not create programs.")
    form = ProgramForm(request.POST or None, initial={"sponsor": request.user})
    if request.method == "POST" and form.is_valid():
        program = form.save()
        messages.success(request, f"Program “{program.name}” created.")
        return redirect(program)
    return render(request, "programs/program_form.html", {"form": form})


@require_GET
def program_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk)
    projects = program.projects.all()
    return render(request, "programs/program_detail.html", {"program": program, "projects": projects})


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


@require_GET
def project_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    ctx = {
        "project": project,
        "memberships": project.memberships.select_related("user"),
        "can_change": can_change_project(request.user, project),
    }
    return render(request, "programs/project_detail.html", ctx)


@require_http_methods(["GET", "POST"])
def project_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, write=True)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Project saved.")
        return redirect(project)
    return render(
        request, "programs/project_form.html", {"form": form, "program": project.program, "project": project}
    )
