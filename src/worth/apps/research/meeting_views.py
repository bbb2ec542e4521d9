"""The meeting log: each meeting with a customer and what it agreed per value element.

Recording a meeting is for the project's team and for the customer's responsible salesperson on it,
as entering its research data is; everyone who sees the customer reads its meetings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from worth.apps.core.locking import save_form_if_current
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import AnyUser, project_for
from worth.apps.research.access import can_change_participation, participation_for, visible_participations
from worth.apps.research.meeting_forms import MeetingForm, agreement_formset, save_agreements
from worth.apps.research.models import Agreement, Confirmed, Meeting, Participation

#: Seed 002: at least two people of the supplier at every customer meeting.
FEWEST_PARTICIPANTS = 2


def meeting_warnings(meeting: Meeting) -> list[str]:
    """What the method asks of a meeting that this one did not do."""
    people = list(meeting.supplier_participants.all())
    warnings = []
    if len(people) < FEWEST_PARTICIPANTS:
        warnings.append(
            f"{len(people)} of the supplier's people took part; the method asks for at least two, "
            "so one can ask while the other writes."
        )
    salesperson = meeting.participation.customer.salesperson
    if salesperson is not None and salesperson not in people:
        name = salesperson.get_full_name() or salesperson.get_username()
        warnings.append(f"The customer's salesperson ({name}) was not there.")
    if not meeting.managers.exists():
        warnings.append("No manager of the customer is recorded as met.")
    return warnings


def _meeting(user: AnyUser, pk: int, *, write: bool = False) -> Meeting:
    visible = visible_participations(user)
    found = Meeting.objects.filter(participation__in=visible, pk=pk).select_related("participation").first()
    if found is None:
        raise Http404("No such meeting")
    if write:
        participation_for(user, found.participation_id, write=True)
    return found


def _grid_rows(grid: Any, rows: list[dict[str, Any]]) -> list[tuple[Any, dict[str, Any]]]:
    """Each row of the grid with its element; a posted grid's rows are the elements it sent."""
    equations = {row["name"]: row["equation"] for row in rows}
    paired = []
    for form in grid.forms:
        name = str(form["element"].value() or "")
        paired.append((form, {"name": name, "equation": equations.get(name, "")}))
    return paired


def _form_page(
    request: AuthenticatedHttpRequest, participation: Participation, meeting: Meeting | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, instance=meeting, participation=participation)
    grid, rows = agreement_formset(data, participation, meeting)
    conflict = None
    if data is not None and form.is_valid() and grid.is_valid():
        with transaction.atomic():
            if meeting is None:
                saved = form.save(commit=False)
                saved.participation = participation
                saved.save()
                form.save_m2m()
            else:
                conflict = save_form_if_current(form)
                saved = meeting
            if conflict is None:
                save_agreements(saved, grid)
        if conflict is None:
            messages.success(request, f"{saved} recorded.")
            return redirect("research:meeting", pk=saved.pk)
    ctx = {
        "participation": participation,
        "project": participation.project,
        "meeting": meeting,
        "form": form,
        "grid": grid,
        "grid_rows": _grid_rows(grid, rows),
        "conflict": conflict,
        "warnings": meeting_warnings(meeting) if meeting is not None else [],
        "can_change": meeting is None or can_change_participation(request.user, participation),
    }
    return render(request, "research/meeting_form.html", ctx, status=409 if conflict else 200)


@reached_by(Access.CUSTOMER_EDITOR)
@require_http_methods(["GET", "POST"])
def meeting_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, participation_for(request.user, pk, write=True), None)


@reached_by(get=Access.MEMBER, post=Access.CUSTOMER_EDITOR)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request.user, pk, write=request.method == "POST")
    return _form_page(request, meeting.participation, meeting)


@reached_by(get=Access.MEMBER)
@require_GET
def meetings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every meeting of the project one may see, and what the customers agreed per element."""
    project = project_for(request.user, pk)
    visible = visible_participations(request.user).filter(project=project)
    log = list(
        Meeting.objects.filter(participation__in=visible)
        .select_related("participation__customer__salesperson")
        .prefetch_related("supplier_participants", "managers")
    )
    agreements = Agreement.objects.filter(meeting__in=[m.pk for m in log]).select_related(
        "meeting__participation"
    )
    tally: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    amended = []
    for a in agreements:
        if a.confirmed:
            tally[(a.element, a.meeting.participation.subsegment)][a.confirmed] += 1
        if a.amended_equation:
            amended.append(a)
    kinds = list(Confirmed)
    summary = [
        (element, subsegment, [counts.get(k.value, 0) for k in kinds])
        for (element, subsegment), counts in sorted(tally.items())
    ]
    ctx = {
        "project": project,
        "log": [(m, meeting_warnings(m)) for m in log],
        "kinds": kinds,
        "summary": summary,
        "amended": amended,
    }
    return render(request, "research/meetings.html", ctx)
