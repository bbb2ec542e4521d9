"""The research pages: the project's customers and their cooperation, the organisation's customers
with their contacts, and the checklist of tasks 1-9. Thin views over ``access`` and the forms."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from worth.apps.core.computed import remember
from worth.apps.core.locking import Conflict, edit_if_current
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import can_change_project, project_for, sees_own_customers_only
from worth.apps.programs.models import Project
from worth.apps.research.access import (
    can_change_customer,
    can_change_participation,
    customer_for,
    participation_for,
    project_participations,
    visible_customers,
    visible_participations,
)
from worth.apps.research.analysis import research_analysis
from worth.apps.research.checklist import CUSTOMERS_PER_SUBSEGMENT, research_checklist
from worth.apps.research.forms import ContactForm, CustomerForm, ParticipationForm, project_subsegments
from worth.apps.research.models import Contact, Customer, Participation, Status
from worth.apps.research.workshop import breakouts, start_practice_project
from worth.apps.valuemodels.access import visible_models
from worth.apps.valuemodels.models import model_version
from worth.engine.model.errors import ModelError
from worth.engine.sensitivity.errors import SensitivityError
from worth.exports.charts.research import cooperation_chart


def _changeable(user: Any, project: Project, rows: list[Participation]) -> set[int]:
    """The rows ``user`` may change, in at most two queries (the rule of ``can_change_participation``)."""
    if can_change_project(user, project):
        return {r.pk for r in rows}
    if not project.memberships.filter(user=user).exists():
        return set()
    return {r.pk for r in rows if r.customer.salesperson_id == user.pk}


@reached_by(get=Access.MEMBER)
@require_GET
def project_customers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    rows = list(
        project_participations(request.user, project)
        .select_related("customer__salesperson")
        .prefetch_related("contacts")
    )
    subsegments = project_subsegments(project) or sorted({r.subsegment for r in rows if r.subsegment})
    tally = Counter((r.subsegment, r.status) for r in rows)
    statuses = list(Status)
    table = [
        (
            name,
            [tally.get((name, s), 0) for s in statuses],
            sum(tally.get((name, s), 0) for s in statuses if s != Status.DECLINED),
        )
        for name in [*subsegments, *([""] if any(not r.subsegment for r in rows) else [])]
    ]
    chart_rows = [
        (name or "Not yet assigned", s.label, n)
        for name, counts, _ in table
        for s, n in zip(statuses, counts, strict=True)
    ]
    ctx = {
        "project": project,
        "rows": rows,
        "chart": cooperation_chart(chart_rows, minimum=CUSTOMERS_PER_SUBSEGMENT[0]) if rows else None,
        "statuses": statuses,
        "table": table,
        "low": CUSTOMERS_PER_SUBSEGMENT[0],
        "high": CUSTOMERS_PER_SUBSEGMENT[1],
        "can_add": can_change_project(request.user, project),
        "changeable": _changeable(request.user, project, rows),
    }
    return render(request, "research/project_customers.html", ctx)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def participation_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, write=True)
    form = ParticipationForm(request.POST or None, project=project, customers=visible_customers(request.user))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            participation = form.save()
        messages.success(request, f"{participation.customer.name} added to the project's customers.")
        return redirect("research:project-customers", pk=project.pk)
    return render(request, "research/participation_form.html", {"form": form, "project": project})


@reached_by(get=Access.MEMBER, post=Access.CUSTOMER_EDITOR)
@require_http_methods(["GET", "POST"])
def participation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participation = participation_for(request.user, pk, write=request.method == "POST")
    project = participation.project
    customers = visible_customers(request.user)
    edit = edit_if_current(
        request.POST if request.method == "POST" else None,
        lambda data, record: ParticipationForm(data, instance=record, project=project, customers=customers),
        participation,
        lambda: participation_for(request.user, pk, write=True),
    )
    if edit.saved:
        messages.success(request, f"{participation.customer.name}'s part in the research saved.")
        return redirect("research:project-customers", pk=project.pk)
    ctx = {
        "form": edit.form,
        "project": project,
        "participation": participation,
        "conflict": edit.conflict,
        "can_change": can_change_participation(request.user, participation),
    }
    return render(request, "research/participation_form.html", ctx, status=409 if edit.conflict else 200)


@reached_by(get=Access.ANY_USER)
@require_GET
def customer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    customers = visible_customers(request.user).select_related("salesperson").order_by("name")
    taking_part = visible_participations(request.user).select_related("project").order_by("project__name")
    projects: dict[int, list[str]] = {}
    for p in taking_part:
        projects.setdefault(p.customer_id, []).append(f"{p.project.name} ({p.get_status_display().lower()})")
    rows = [(c, projects.get(c.pk, [])) for c in customers]
    return render(request, "research/customer_list.html", {"rows": rows})


def _customer_page(
    request: AuthenticatedHttpRequest,
    customer: Customer,
    *,
    form: forms.ModelForm[Customer] | None = None,
    conflict: Conflict | None = None,
    contact_form: ContactForm | None = None,
) -> dict[str, Any]:
    may_change = can_change_customer(request.user, customer)
    return {
        "customer": customer,
        "form": form or CustomerForm(instance=customer),
        "conflict": conflict,
        "contact_form": contact_form or ContactForm(),
        "contacts": customer.contacts.all(),
        "participations": visible_participations(request.user)
        .filter(customer=customer)
        .select_related("project"),
        "can_change": may_change,
        "can_add_contacts": may_change or customer.salesperson_id == request.user.pk,
    }


@reached_by(get=Access.MEMBER, post=Access.EDITOR)
@require_http_methods(["GET", "POST"])
def customer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    customer = customer_for(request.user, pk, write=request.method == "POST")
    edit = edit_if_current(
        request.POST if request.method == "POST" else None,
        lambda data, record: CustomerForm(data, instance=record),
        customer,
        lambda: customer_for(request.user, pk, write=True),
    )
    if edit.saved:
        messages.success(request, f"{customer.name} saved.")
        return redirect(customer)
    ctx = _customer_page(request, customer, form=edit.form, conflict=edit.conflict)
    return render(request, "research/customer_detail.html", ctx, status=409 if edit.conflict else 200)


@reached_by(post=Access.CUSTOMER_EDITOR)
@require_POST
def contact_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    customer = customer_for(request.user, pk, contacts=True)
    form = ContactForm(request.POST)
    if form.is_valid():
        contact = form.save(commit=False)
        contact.customer = customer
        contact.save()
        messages.success(request, f"{contact.name} added to {customer.name}'s managers.")
        return redirect(customer.get_absolute_url() + "#contacts")
    ctx = _customer_page(request, customer, contact_form=form)
    return render(request, "research/customer_detail.html", ctx, status=400)


@reached_by(get=Access.MEMBER)
@require_GET
def checklist(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    items = research_checklist(project)
    done = sum(1 for item in items if item.done)
    return render(request, "research/checklist.html", {"project": project, "items": items, "done": done})


@reached_by(get=Access.MEMBER)
@require_GET
def workshop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    outputs = breakouts(project)
    ctx = {
        "project": project,
        "outputs": outputs,
        "done": sum(1 for b in outputs if b.done),
        "can_practise": can_change_project(request.user, project),
    }
    return render(request, "research/workshop.html", ctx)


@reached_by(post=Access.EDITOR)
@require_POST
def practice_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, write=True)
    practice = start_practice_project(project, request.user)
    messages.success(request, "Your practice project holds the case study's value model: change it freely.")
    return redirect(practice)


@reached_by(get=Access.MEMBER)
@require_GET
def analysis(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The questions of seed 002's analysis, answered from the project's latest model version."""
    project = project_for(request.user, pk)
    models = visible_models(request.user).filter(project=project).exclude(content_sha256="")
    record = models.order_by("-updated").first()
    found, problem = None, ""
    withheld = sees_own_customers_only(request.user)
    if record is not None and not withheld:
        try:
            found = remember(
                "research-analysis", model_version(record), lambda: research_analysis(record.load().model)
            )
        except (ModelError, SensitivityError) as exc:
            problem = str(exc)
    ctx = {"project": project, "record": record, "analysis": found, "problem": problem, "withheld": withheld}
    return render(request, "research/analysis.html", ctx)


def _contact(customer: Customer, pk: int) -> Contact:
    found = customer.contacts.filter(pk=pk).first()
    if found is None:
        raise Http404("No such manager at this customer")
    return found


@reached_by(Access.CUSTOMER_EDITOR)
@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthenticatedHttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    customer = customer_for(request.user, pk, contacts=True)
    contact = _contact(customer, contact_pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{contact.name} saved.")
        return redirect(customer.get_absolute_url() + "#contacts")
    met = contact.meetings.count()
    ctx = {"customer": customer, "contact": contact, "form": form, "met": met}
    return render(request, "research/contact_form.html", ctx)


@reached_by(post=Access.CUSTOMER_EDITOR)
@require_POST
def contact_remove(request: AuthenticatedHttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    customer = customer_for(request.user, pk, contacts=True)
    contact = _contact(customer, contact_pk)
    met = contact.meetings.count()
    if met:
        messages.error(
            request,
            f"{contact.name} was met in {met} meeting{'s' if met != 1 else ''}: kept, so the log "
            "still says who was there.",
        )
    else:
        contact.delete()
        messages.success(request, f"{contact.name} removed from {customer.name}'s managers.")
    return redirect(customer.get_absolute_url() + "#contacts")
