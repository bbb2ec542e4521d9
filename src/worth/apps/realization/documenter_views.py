"""Documenter pages: the value creation plan, results recorded over time, share links, the portfolio."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import can_change_project, can_comment
from worth.apps.realization.access import can_enter, documenter_for, estimate_for, visible_documenters
from worth.apps.realization.figures import DocumenterFigures, documenter_figures, model_feedback
from worth.apps.realization.models import DocumentedElement, Documenter
from worth.apps.realization.services import (
    RealizationError,
    add_comment,
    add_confirmed_results,
    import_results,
    record_result,
    start_documenter,
)
from worth.apps.realization.sharing import MAX_DAYS, issue_link, revoke_link
from worth.engine.model.schema import SOURCE_KINDS
from worth.exports.charts.realization import realization_chart

#: Renewals within this many days are shown as reminders, with the value delivered so far.
RENEWAL_NOTICE = timedelta(days=90)


@reached_by(post=Access.CUSTOMER_EDITOR)
@require_POST
def documenter_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = estimate_for(request.user, pk, write=True)
    try:
        documenter = start_documenter(found, request.user)
    except RealizationError as refused:
        messages.error(request, str(refused))
        return redirect(found)
    messages.success(request, "Documenter started: agree the measures and the schedule with the customer.")
    return redirect(documenter)


def _chart(figures: DocumenterFigures) -> dict[str, Any]:
    return realization_chart(
        [(e.plan.element, e.realized.promised, e.realized.documented, e.customer) for e in figures.elements],
        currency=figures.currency,
        period=figures.period,
    )


@reached_by(get=Access.MEMBER, post=Access.CUSTOMER_EDITOR)
@require_http_methods(["GET", "POST"])
def documenter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan (each element in the customer's terms, its measure, baseline, target, minimum), the
    results, promised against documented, the share links and the conversation."""
    writing = request.method == "POST"
    found = documenter_for(request.user, pk, write=writing)
    if writing:
        try:
            _save_plan(request, found)
        except RealizationError as refused:
            messages.error(request, f"Nothing was saved: {refused}")
        else:
            messages.success(request, "Plan saved.")
        return redirect(found)
    figures = documenter_figures(found)
    today = timezone.localdate()
    ctx = {
        "documenter": found,
        "figures": figures,
        "chart": _chart(figures),
        "may_enter": can_enter(request.user, found.project, found.customer),
        "may_change_model": can_change_project(request.user, found.project),
        "may_comment": can_comment(request.user, found.project)
        or can_enter(request.user, found.project, found.customer),
        "measures": _measures(found, figures),
        "sources": SOURCE_KINDS,
        "links": found.share_links.all(),
        "now": timezone.now(),
        "max_days": MAX_DAYS,
        "comments": found.comments.all(),
        "renewal_soon": found.renewal is not None and today <= found.renewal <= today + RENEWAL_NOTICE,
        "measurements": found.measurements.select_related("recorded_by").order_by("-taken", "driver"),
    }
    return render(request, "realization/documenter.html", ctx)


def _measures(found: Documenter, figures: DocumenterFigures) -> list[str]:
    """The plan's measures first, in its order, then every other input of the model that may be measured."""
    planned = list(dict.fromkeys(e.plan.measure for e in figures.elements if e.plan.measure))
    others = sorted(
        set(found.estimate.input_values()) - set(planned) - {"Price: offering", "Price: alternative"}
    )
    return planned + others


def _number(raw: str, field: str) -> float | None:
    text = raw.replace(",", "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise RealizationError(f"{field}: {raw[:40]!r} is not a number") from None
    if not math.isfinite(value):
        raise RealizationError(f"{field}: {raw[:40]!r} is not a finite number")
    return value


def _save_plan(request: AuthenticatedHttpRequest, found: Documenter) -> None:
    title = request.POST.get("title", "").strip()
    if not title or len(title) > 200:
        raise RealizationError("title: between 1 and 200 characters")
    renewal_text = request.POST.get("renewal", "").strip()
    try:
        renewal = date.fromisoformat(renewal_text) if renewal_text else None
    except ValueError:
        raise RealizationError(
            f"contract renewal: {renewal_text[:40]!r} is not a date (YYYY-MM-DD)"
        ) from None
    lines: list[tuple[DocumentedElement, dict[str, Any]]] = []
    for line in found.plan.all():
        prefix = f"line-{line.pk}-"
        label = f"{line.element}"
        minimum = _number(request.POST.get(prefix + "minimum", ""), f"{label}, minimum")
        lines.append(
            (
                line,
                {
                    "sentence": request.POST.get(prefix + "sentence", line.sentence)[:2000],
                    "how_created": request.POST.get(prefix + "how_created", line.how_created)[:2000],
                    "baseline": _number(request.POST.get(prefix + "baseline", ""), f"{label}, baseline"),
                    "target": _number(request.POST.get(prefix + "target", ""), f"{label}, target"),
                    "minimum": None if minimum is None else round(minimum, 2),
                },
            )
        )
    with transaction.atomic():
        found.title = title
        found.schedule = request.POST.get("schedule", "")[:5000]
        found.renewal = renewal
        found.revision += 1
        found.save()
        for line, values in lines:
            for key, value in values.items():
                setattr(line, key, value)
            line.revision += 1
            line.save()


@reached_by(post=Access.CUSTOMER_EDITOR)
@require_POST
def results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record one result from the form, or every result of a CSV file (all or none)."""
    found = documenter_for(request.user, pk, write=True)
    upload = request.FILES.get("file")
    try:
        if upload is not None:
            raw = upload.read(2_000_001)
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as bad:
                raise RealizationError(f"The file is not UTF-8 text (byte {bad.start + 1}).") from None
            saved = import_results(found, text, request.user)
            messages.success(request, f"{len(saved)} results recorded from {upload.name}.")
        else:
            record_result(
                found,
                driver=request.POST.get("measure", ""),
                taken=request.POST.get("taken", ""),
                value=request.POST.get("value", ""),
                source=request.POST.get("source", "measured"),
                method=request.POST.get("method", ""),
                note=request.POST.get("note", ""),
                user=request.user,
            )
            messages.success(request, "Result recorded; it awaits the customer's confirmation.")
    except RealizationError as refused:
        messages.error(request, str(refused))
    return redirect(reverse("realization:documenter", args=[found.pk]) + "#results")


@reached_by(post=Access.CUSTOMER_EDITOR)
@require_POST
def share_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = documenter_for(request.user, pk, write=True)
    try:
        days = int(request.POST.get("days", "30") or "30")
    except ValueError:
        days = -1
    try:
        link, token = issue_link(found, manager=request.POST.get("manager", ""), days=days, user=request.user)
    except RealizationError as refused:
        messages.error(request, str(refused))
        return redirect(reverse("realization:documenter", args=[found.pk]) + "#links")
    url = request.build_absolute_uri(reverse("realization:shared", args=[token]))
    messages.success(
        request,
        f"Link for {link.manager}, open until {link.expires:%Y-%m-%d}. "
        f"Send it now, it is shown only once: {url}",
    )
    return redirect(reverse("realization:documenter", args=[found.pk]) + "#links")


@reached_by(post=Access.CUSTOMER_EDITOR)
@require_POST
def share_revoke(request: AuthenticatedHttpRequest, pk: int, link_pk: int) -> HttpResponse:
    found = documenter_for(request.user, pk, write=True)
    link = get_object_or_404(found.share_links, pk=link_pk)
    revoke_link(link, request.user)
    messages.success(request, f"The link for {link.manager} is revoked: it opens nothing any more.")
    return redirect(reverse("realization:documenter", args=[found.pk]) + "#links")


@reached_by(post=Access.EDITOR)
@require_POST
def add_to_research(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The customer-confirmed results join the model's research data as a new version (the model's team)."""
    found = documenter_for(request.user, pk)
    if not can_change_project(request.user, found.project):
        raise PermissionDenied("The project's team changes its value model.")
    try:
        version = add_confirmed_results(found, request.user)
    except RealizationError as refused:
        messages.error(request, str(refused))
        return redirect(found)
    messages.success(
        request, f"The confirmed results are measured observations in {version}: see what changed."
    )
    return redirect(
        reverse("valuemodels:compare", args=[version.model_id])
        + f"?from={version.number - 1}&to={version.number}"
    )


@reached_by(post=Access.COMMENTER)
@require_POST
def comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = documenter_for(request.user, pk)
    if not (
        can_comment(request.user, found.project) or can_enter(request.user, found.project, found.customer)
    ):
        raise PermissionDenied("The team, the sponsor and the program lead discuss the documenter.")
    try:
        add_comment(found, request.POST.get("body", ""), user=request.user)
    except RealizationError as refused:
        messages.error(request, str(refused))
    return redirect(reverse("realization:documenter", args=[found.pk]) + "#comments")


@dataclass(frozen=True)
class PortfolioRow:
    documenter: Documenter
    figures: DocumenterFigures

    @property
    def worst_first(self) -> tuple[bool, float]:
        share = self.figures.share
        return (math.isnan(share), 0.0 if math.isnan(share) else share)


@reached_by(get=Access.ANY_USER)
@require_GET
def portfolio(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every documenter one may see, worst first (unmeasured last); by salesperson; renewals coming up."""
    today = timezone.localdate()
    rows: list[PortfolioRow] = []
    found_all = visible_documenters(request.user).select_related("customer__salesperson", "estimate")
    for found in found_all.prefetch_related("measurements"):
        try:
            rows.append(PortfolioRow(found, documenter_figures(found)))
        except RealizationError:
            continue
    rows.sort(key=lambda r: r.worst_first)
    by_salesperson: dict[tuple[str, str], dict[str, float]] = {}
    by_subsegment: dict[tuple[str, str], dict[str, float]] = {}
    for r in rows:
        person = r.documenter.customer.salesperson
        name = (person.get_full_name() or person.username) if person else "no salesperson"
        for groups, key in ((by_salesperson, name), (by_subsegment, r.documenter.estimate.subsegment)):
            sums = groups.setdefault(
                (key, r.figures.currency), {"promised": 0.0, "documented": 0.0, "confirmed": 0.0, "count": 0}
            )
            sums["promised"] += r.figures.promised
            sums["documented"] += r.figures.documented
            sums["confirmed"] += r.figures.confirmed
            sums["count"] += 1
    renewals = [
        r
        for r in rows
        if r.documenter.renewal is not None and today <= r.documenter.renewal <= today + RENEWAL_NOTICE
    ]
    feedback = model_feedback(r.documenter for r in rows)
    ctx = {
        "rows": rows,
        "groups": [
            ("By salesperson", "Salesperson", by_salesperson),
            ("By subsegment", "Subsegment", by_subsegment),
        ],
        "renewals": renewals,
        "feedback": feedback,
    }
    return render(request, "realization/portfolio.html", ctx)
