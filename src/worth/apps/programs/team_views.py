"""The team page and its forms: who is on the project, in which seat, with which share of their time.

Reading the team is for everyone who sees the project; changing it is for whoever manages the team
(``access.can_manage_team``). Every change goes through ``staffing`` so the team keeps one leader.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from worth.apps.core.locking import edit_if_current
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import can_manage_team, project_for, team_project_for
from worth.apps.programs.forms import MembershipForm
from worth.apps.programs.models import Membership, Project
from worth.apps.programs.staffing import TeamRefusedError, hand_over_leadership, remove_member
from worth.apps.programs.team import name_of, team_advice, team_loads
from worth.exports.charts.team import LoadRow, load_chart


def _membership(project: Project, pk: int) -> Membership:
    membership = project.memberships.select_related("user").filter(pk=pk).first()
    if membership is None:
        raise Http404("No such member of this team")
    return membership


def _after_save(request: AuthenticatedHttpRequest, membership: Membership) -> None:
    for other in hand_over_leadership(membership):
        messages.info(request, f"{name_of(other.user)} now sits on the team as a member.")


@reached_by(get=Access.MEMBER)
@require_GET
def team(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    loads = team_loads(project)
    ctx = {
        "project": project,
        "loads": loads,
        "advice": team_advice(project, loads),
        "chart": load_chart([LoadRow(name_of(x.user), x.here, x.elsewhere, x.guide) for x in loads])
        if loads
        else None,
        "can_manage": can_manage_team(request.user, project),
    }
    return render(request, "programs/team.html", ctx)


@reached_by(Access.LEADER)
@require_http_methods(["GET", "POST"])
def member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = team_project_for(request.user, pk)
    form = MembershipForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            membership = form.save(commit=False)
            membership.project = project
            membership.save()
            _after_save(request, membership)
        messages.success(request, f"{name_of(membership.user)} joined the team.")
        return redirect("programs:team", pk=project.pk)
    return render(request, "programs/member_form.html", {"form": form, "project": project})


@reached_by(Access.LEADER)
@require_http_methods(["GET", "POST"])
def member_edit(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    project = team_project_for(request.user, pk)
    membership = _membership(project, member_pk)
    with transaction.atomic():
        edit = edit_if_current(
            request.POST if request.method == "POST" else None,
            lambda data, record: MembershipForm(data, instance=record, project=project),
            membership,
            lambda: _membership(team_project_for(request.user, pk), member_pk),
        )
        if edit.saved:
            _after_save(request, membership)
    if edit.saved:
        messages.success(request, f"{name_of(membership.user)}'s seat saved.")
        return redirect("programs:team", pk=project.pk)
    ctx = {"form": edit.form, "project": project, "membership": membership, "conflict": edit.conflict}
    return render(request, "programs/member_form.html", ctx, status=409 if edit.conflict else 200)


@reached_by(post=Access.LEADER)
@require_POST
def member_remove(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    project = team_project_for(request.user, pk)
    membership = _membership(project, member_pk)
    try:
        remove_member(membership)
    except TeamRefusedError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{name_of(membership.user)} left the team.")
    return redirect("programs:team", pk=project.pk)
