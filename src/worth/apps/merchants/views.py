"""The value merchants pages of a program: every salesperson's assessments and value tools, one's history.

Who sees whom: the program's sponsor, its program lead and administrators see and assess every
salesperson of the program; a salesperson sees and assesses only themself; to anyone else on the
program a salesperson's page does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.merchants.behaviour import (
    MappingConflictError,
    MappingError,
    PeopleBehaviour,
    people_behaviour,
    program_behaviour,
    read_mappings,
    save_mappings,
)
from worth.apps.merchants.models import AssessedBy, MerchantAssessment, SalespersonCode
from worth.apps.merchants.services import merchant_rows, program_salespeople
from worth.apps.programs.access import can_change_program, program_for
from worth.apps.programs.models import Program
from worth.engine.merchants import CONTRASTS, AssessmentError, gaps, read_scores
from worth.exports.charts.merchants import assessment_chart, behaviour_chart, history_chart


def _people(request: AuthenticatedHttpRequest, program: Program) -> tuple[list[User], bool]:
    """The salespeople this person may see on the program, and whether they manage them all."""
    everyone = program_salespeople(program)
    if can_change_program(request.user, program):
        return everyone, True
    return [p for p in everyone if p.pk == request.user.pk], False


def _behaviour(program: Program, people: list[User], manages: bool) -> PeopleBehaviour:
    """Everyone a manager sees is every salesperson of the program; others see no code apart."""
    return people_behaviour(program, program_behaviour(program), people, people, manages=manages)


def _behaviour_points(rows: list[tuple[str, list[Any]]]) -> list[tuple[str, str, float]]:
    """The chart's bars: each person's shares, one bar pair per currency they sold in."""
    points = []
    for name, figures in rows:
        for b in figures:
            label = f"{name} ({b.currency})" if len(figures) > 1 else name
            if b.concession_share is not None:
                points.append((label, "concessions", b.concession_share))
            if b.share_below is not None:
                points.append((label, "below", b.share_below))
    return points


@reached_by(get=Access.MEMBER)
@require_GET
def program(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = program_for(request.user, pk)
    people, manages = _people(request, found)
    rows = merchant_rows(found, people)
    behaviour = _behaviour(found, people, manages)
    named = [
        (r.person.get_full_name() or r.person.username, behaviour.figures.get(r.person.pk, [])) for r in rows
    ]
    named += [(a.code, a.behaviour) for a in behaviour.apart]
    habits = _behaviour_points(named)
    points = [
        (r.person.get_full_name() or r.person.username, a.by, a.share)
        for r in rows
        for a in (r.own, r.manager)
        if a is not None
    ]
    ctx = {
        "program": found,
        "rows": rows,
        "manages": manages,
        "chart": assessment_chart(points) if points else None,
        "behaviour": behaviour,
        "behaviour_rows": [(r, behaviour.figures.get(r.person.pk, [])) for r in rows],
        "behaviour_chart": behaviour_chart(habits) if habits else None,
    }
    return render(request, "merchants/program.html", ctx)


def _person(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> tuple[Program, User, bool]:
    found = program_for(request.user, pk)
    people, manages = _people(request, found)
    person = next((p for p in people if p.pk == person_pk), None)
    if person is None:
        raise Http404("No such salesperson on this program")
    return found, person, manages


@reached_by(get=Access.MEMBER)
@require_GET
def person(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    found, who, manages = _person(request, pk, person_pk)
    assessments = list(
        MerchantAssessment.objects.filter(program=found, salesperson=who).select_related("assessor")
    )
    own = next((a for a in assessments if a.by == AssessedBy.SELF), None)
    manager = next((a for a in assessments if a.by == AssessedBy.MANAGER), None)
    behaviour = _behaviour(found, [who], manages=False)
    ctx = {
        "program": found,
        "person": who,
        "codes": behaviour.codes.get(who.pk, []),
        "behaviour": behaviour.figures.get(who.pk, []),
        "behaviour_notes": behaviour.notes,
        "assessments": assessments,
        "own": own,
        "manager": manager,
        "gaps": gaps(own.scores, manager.scores) if own and manager else [],
        "contrasts": CONTRASTS,
        "chart": history_chart([(a.taken.isoformat(), a.by, a.share) for a in assessments])
        if assessments
        else None,
        "may_assess": manages or who.pk == request.user.pk,
        "may_map": manages,
    }
    return render(request, "merchants/person.html", ctx)


@reached_by(Access.MEMBER)
@require_http_methods(["GET", "POST"])
def assess(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    found, who, manages = _person(request, pk, person_pk)
    by = AssessedBy.SELF if who.pk == request.user.pk else AssessedBy.MANAGER
    if by == AssessedBy.MANAGER and not manages:
        raise PermissionDenied(
            "The program's sponsor, program lead or an administrator assesses its salespeople."
        )
    error, given = "", {c.key: request.POST.get(c.key, "") for c in CONTRASTS}
    note = request.POST.get("note", "")
    if request.method == "POST":
        try:
            scores = read_scores(given)
            if len(note) > 5000:
                raise AssessmentError(f"note: {len(note):,} characters; at most 5,000")
        except AssessmentError as refused:
            error = str(refused)
        else:
            MerchantAssessment.objects.create(
                program=found, salesperson=who, assessor=request.user, by=by, scores=scores, note=note
            )
            messages.success(
                request, f"{AssessedBy(by).label} of {who.get_full_name() or who.username} saved."
            )
            return redirect(reverse("merchants:person", args=[found.pk, who.pk]))
    ctx: dict[str, Any] = {
        "program": found,
        "person": who,
        "by": AssessedBy(by),
        "contrasts": CONTRASTS,
        "given": given,
        "note": note,
        "error": error,
        "scale": range(1, 6),
    }
    return render(request, "merchants/assess.html", ctx, status=400 if error else 200)


@reached_by(get=Access.MEMBER, post=Access.EDITOR)
@require_http_methods(["GET", "POST"])
def codes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Whose each salesperson code is: the program's managers map them, a salesperson sees their own."""
    found = program_for(request.user, pk, write=request.method == "POST")
    people, manages = _people(request, found)
    seen = program_behaviour(found)
    mapped = {m.code: m for m in SalespersonCode.objects.filter(program=found).select_related("user")}
    error, status = "", 200
    if request.method == "POST":
        try:
            changed = save_mappings(
                found,
                read_mappings(request.POST),
                known_codes=seen.by_code,
                choices={p.pk: p for p in people},
                by=request.user,
            )
        except MappingConflictError as refused:
            error, status = str(refused), 409
        except MappingError as refused:
            error, status = str(refused), 400
        else:
            messages.success(request, f"{changed} salesperson code{'s' if changed != 1 else ''} mapped anew.")
            return redirect(reverse("merchants:program", args=[found.pk]) + "#behaviour")
        mapped = {m.code: m for m in SalespersonCode.objects.filter(program=found).select_related("user")}
    all_codes = sorted(set(seen.by_code) | set(mapped))
    if not manages:
        all_codes = [c for c in all_codes if c in mapped and mapped[c].user_id == request.user.pk]
    ctx: dict[str, Any] = {
        "program": found,
        "manages": manages,
        "people": people,
        "rows": [(c, mapped.get(c), seen.by_code.get(c, [])) for c in all_codes],
        "notes": seen.notes,
        "error": error,
    }
    return render(request, "merchants/codes.html", ctx, status=status)
