"""Business case pages: a project's cases, a new case, one case (edit, present, decide)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from worth.apps.cases.access import case_for, project_cases
from worth.apps.cases.figures import CaseInputError, shown_figures
from worth.apps.cases.forms import CaseForm, DecisionForm
from worth.apps.cases.models import BusinessCase, Status
from worth.apps.cases.report import case_report_content
from worth.apps.cases.services import CaseStateError, decide, present
from worth.apps.core.documents import document_response
from worth.apps.core.locking import StaleEdit, edit_if_current
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import (
    can_change_program,
    can_change_project,
    project_for,
    sees_own_customers_only,
)
from worth.apps.propositions.access import project_propositions
from worth.apps.valuemodels.versions import current_version, moved_on
from worth.engine.finance.wording import money
from worth.engine.model.errors import ModelError
from worth.exports.charts.case import profitability_chart
from worth.exports.deck import project_deck
from worth.exports.report_pdf import html_to_pdf
from worth.exports.report_project import project_report_html

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@reached_by(get=Access.MEMBER)
@require_GET
def project_cases_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    ctx = {
        "project": project,
        "cases": project_cases(request.user, project),
        "can_change": can_change_project(request.user, project),
        "has_propositions": project_propositions(request.user, project).exists(),
        "withheld": sees_own_customers_only(request.user),
    }
    return render(request, "cases/project.html", ctx)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def case_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, write=True)
    propositions = project_propositions(request.user, project)
    case = BusinessCase(project=project, created_by=request.user, updated_by=request.user)
    if project.program.target_profit:
        case.target_amount = project.program.target_profit
    form = CaseForm(request.POST or None, instance=case, propositions=propositions)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Business case “{saved.title}” started.")
        return redirect(saved)
    status = 400 if request.method == "POST" else 200
    ctx = {"project": project, "form": form, "has_propositions": propositions.exists()}
    return render(request, "cases/new.html", ctx, status=status)


def _figures(case: BusinessCase) -> tuple[dict[str, Any] | None, str]:
    """As presented when frozen; else worked out now. (figures, problem)."""
    try:
        return shown_figures(case), ""
    except (CaseInputError, ModelError) as refused:
        return None, str(refused)


@reached_by(get=Access.MEMBER, post=Access.EDITOR)
@require_http_methods(["GET", "POST"])
def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    writing = request.method == "POST"
    case = case_for(request.user, pk, write=writing)
    if writing and not case.editable:
        messages.error(request, f"The case is {case.get_status_display().lower()}: it no longer changes.")
        return redirect(case)
    propositions = project_propositions(request.user, case.project)

    def make_form(data: Any, record: BusinessCase) -> CaseForm:
        record.updated_by = request.user
        return CaseForm(data, instance=record, propositions=propositions)

    edit = edit_if_current(
        request.POST if writing else None, make_form, case, lambda: case_for(request.user, pk)
    )
    if edit.saved:
        messages.success(request, "Business case saved.")
        return redirect(case)
    shown = case_for(request.user, pk) if writing else case
    figures, problem = _figures(shown)
    current = current_version(shown.proposition.model)
    rests_on = shown.version if shown.frozen and shown.version else shown.proposition.version
    chart = None
    if figures is not None:
        target = figures["target"]
        chart = profitability_chart(
            figures["rows"],
            currency=figures["currency"],
            period=figures["period"],
            target=float(target["amount"]) if target else None,
            within=target["within"] if target else None,
        )
    ctx = {
        "case": shown,
        "figures": figures,
        "problem": problem,
        "chart": chart,
        "form": edit.form if shown.editable else None,
        "conflict": edit.conflict,
        "rests_on": rests_on,
        "current": current,
        "moved_on": current is not None and current.pk != rests_on.pk,
        "moved": moved_on(rests_on, current),
        "can_change": can_change_project(request.user, shown.project),
        "can_decide": can_change_program(request.user, shown.project.program),
        "decision_form": DecisionForm(initial={"revision": shown.revision}),
        "lines": {
            "actions": shown.actions.splitlines(),
            "resources": shown.resources.splitlines(),
            "concerns": shown.concerns.splitlines(),
        },
        "milestones": shown.project.milestones.select_related("owner").order_by("due"),
    }
    status = 409 if edit.conflict else (400 if writing else 200)
    return render(request, "cases/case.html", ctx, status=status)


def _opened_at(request: AuthenticatedHttpRequest) -> int | None:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return None


@reached_by(post=Access.EDITOR)
@require_POST
def case_present(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Present the case to senior management: its figures and model version are frozen."""
    case = case_for(request.user, pk, write=True)
    opened_at = _opened_at(request)
    if opened_at is None:
        messages.error(request, "The form lost its version: open the case again.")
        return redirect(case)
    try:
        present(case, request.user, opened_at=opened_at)
    except (CaseStateError, CaseInputError, ModelError) as refused:
        messages.error(request, str(refused))
    except StaleEdit as stale:
        messages.error(
            request, f"Not presented: {stale.conflict.who} changed the case meanwhile. Read it again."
        )
    else:
        messages.success(
            request, f"Presented on v{case.proposition.version.number}: its figures are kept as shown."
        )
    return redirect(case)


@reached_by(post=Access.EDITOR)
@require_POST
def case_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The program's sponsor or lead decides: approved, rejected, or back to the team to revise."""
    case = case_for(request.user, pk, decide=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approved, rejected or revise.")
        return redirect(case)
    try:
        decide(
            case,
            request.user,
            form.cleaned_data["decision"],
            form.cleaned_data["note"],
            opened_at=form.cleaned_data["revision"],
        )
    except CaseStateError as refused:
        messages.error(request, str(refused))
    except StaleEdit as stale:
        messages.error(
            request, f"Not recorded: {stale.conflict.who} changed the case meanwhile. Read it again."
        )
    else:
        if case.status == Status.APPROVED and case.figures:
            commitment = money(Decimal(case.figures["commitment"]), case.figures["currency"])
            messages.success(request, f"Approved: {commitment} is now the project's commitment.")
        else:
            messages.success(request, f"Decision recorded: {case.get_status_display().lower()}.")
    return redirect(case)


#: The formats a case's project report is given in.
REPORT_FORMATS = {"html", "pdf", "pptx"}


@reached_by(get=Access.MEMBER)
@require_GET
def case_report(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The project report of the case: a page, an A4 PDF or a slide deck with native charts."""
    case = case_for(request.user, pk)
    if fmt not in REPORT_FORMATS:
        raise Http404(f"No report as {fmt!r}: choose html, pdf or pptx")
    try:
        content, figures = case_report_content(case)
    except (CaseInputError, ModelError) as refused:
        messages.error(request, f"The report cannot be made: {refused}")
        return redirect(case)
    name = slugify(f"{case.project.name} {case.title}") or "business-case"
    if fmt == "pptx":
        response = HttpResponse(project_deck(content), content_type=PPTX)
        response["Content-Disposition"] = f'attachment; filename="{name}.pptx"'
        return response
    target = figures["target"]
    html = project_report_html(
        content,
        case_rows=figures["rows"],
        target=(float(target["amount"]), target["within"]) if target else None,
    )
    if fmt == "pdf":
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return document_response(html, name=name, download=request.GET.get("download") == "1")
