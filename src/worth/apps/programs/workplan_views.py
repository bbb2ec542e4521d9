"""The project's workplan (dated milestones with owners) and its comments.

Milestones are the team's records: its leader and members change them. Comments are for everyone who
follows the project and may speak to it: the team, the sponsor and the program lead (viewers read).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from worth.apps.core.locking import edit_if_current
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import can_change_project, commentable_project_for, project_for
from worth.apps.programs.commenting import NotCommentable, page_of, record_about
from worth.apps.programs.forms import CommentForm, MilestoneForm
from worth.apps.programs.models import Milestone, Project
from worth.apps.programs.views import project_page


def _milestone(project: Project, pk: int) -> Milestone:
    milestone = project.milestones.filter(pk=pk).first()
    if milestone is None:
        raise Http404("No such milestone in this project")
    return milestone


def _back_to_workplan(project: Project) -> HttpResponse:
    return redirect(project.get_absolute_url() + "#workplan")


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def milestone_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, write=True)
    form = MilestoneForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        milestone = form.save(commit=False)
        milestone.project = project
        milestone.save()
        messages.success(request, f"Milestone “{milestone.title}” added to the workplan.")
        return _back_to_workplan(project)
    return render(request, "programs/milestone_form.html", {"form": form, "project": project})


@reached_by(get=Access.MEMBER, post=Access.EDITOR)
@require_http_methods(["GET", "POST"])
def milestone_edit(request: AuthenticatedHttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    """The milestone's form for the team; for the sponsor and readers, the milestone and its comments."""
    write = request.method == "POST"
    project = project_for(request.user, pk, write=write)
    milestone = _milestone(project, milestone_pk)
    edit = edit_if_current(
        request.POST if write else None,
        lambda data, record: MilestoneForm(data, instance=record, project=project),
        milestone,
        lambda: _milestone(project_for(request.user, pk, write=True), milestone_pk),
    )
    if edit.saved:
        messages.success(request, f"Milestone “{milestone.title}” saved.")
        return _back_to_workplan(project)
    ctx = {
        "form": edit.form,
        "project": project,
        "milestone": milestone,
        "conflict": edit.conflict,
        "can_change": can_change_project(request.user, project),
    }
    return render(request, "programs/milestone_form.html", ctx, status=409 if edit.conflict else 200)


@reached_by(post=Access.EDITOR)
@require_POST
def milestone_remove(request: AuthenticatedHttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    project = project_for(request.user, pk, write=True)
    milestone = _milestone(project, milestone_pk)
    milestone.delete()
    messages.success(request, f"Milestone “{milestone.title}” removed from the workplan.")
    return _back_to_workplan(project)


@reached_by(post=Access.COMMENTER)
@require_POST
def comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = commentable_project_for(request.user, pk)
    form = CommentForm(request.POST)
    try:
        record = record_about(project, request.POST.get("about", ""))
    except NotCommentable as refusal:
        form.add_error("about", str(refusal))
        record = None
    if form.is_valid():
        note = form.save(commit=False)
        note.project, note.author = project, request.user
        if record is not None:
            note.about = record
        note.save()
        messages.success(request, "Comment added.")
        return redirect(page_of(record, project))
    return project_page(request, project, comment_form=form)
