"""The case history page: write the narrative, read both variants, download them as PDF."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods

from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.realization.access import can_enter, documenter_for
from worth.apps.realization.case_history import Variant, case_history_content
from worth.apps.realization.figures import documenter_figures
from worth.apps.realization.models import CaseHistory
from worth.exports.report_pdf import html_to_pdf

VARIANTS: tuple[Variant, ...] = ("named", "anonymized")


@reached_by(get=Access.MEMBER, post=Access.CUSTOMER_EDITOR)
@require_http_methods(["GET", "POST"])
def case_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    writing = request.method == "POST"
    documenter = documenter_for(request.user, pk, write=writing)
    found = CaseHistory.objects.filter(documenter=documenter).first()
    errors: dict[str, str] = {}
    if writing:
        values = {
            "title": request.POST.get("title", "").strip(),
            "narrative": request.POST.get("narrative", "").strip(),
            "anonymous_name": request.POST.get("anonymous_name", "").strip(),
        }
        limits = {"title": 200, "narrative": 20_000, "anonymous_name": 200}
        for field, text in values.items():
            if not text:
                errors[field] = "This field is required."
            elif len(text) > limits[field]:
                errors[field] = f"{len(text):,} characters; at most {limits[field]:,}."
        customer = documenter.customer.name.lower()
        if not errors and customer in values["anonymous_name"].lower():
            errors["anonymous_name"] = "The anonymized name must not name the customer."
        if not errors:
            record = found or CaseHistory(documenter=documenter)
            changed = any(getattr(record, k) != v for k, v in values.items())
            for field, text in values.items():
                setattr(record, field, text)
            record.updated_by = request.user
            if changed and record.approved_at is not None:
                record.approved_at, record.approved_by, record.approved_variant = None, "", ""
                messages.warning(
                    request, "The text changed: the customer's publication approval is withdrawn."
                )
            if record.pk is not None:
                record.revision += 1
            record.save()
            messages.success(request, "Case history saved.")
            return redirect(record)
    figures = documenter_figures(documenter)
    ctx: dict[str, Any] = {
        "documenter": documenter,
        "history": found,
        "errors": errors,
        "values": request.POST if writing else None,
        "may_enter": can_enter(request.user, documenter.project, documenter.customer),
        "variants": [case_history_content(found, figures, v) for v in VARIANTS] if found else [],
        "confirmed": [e for e in figures.elements if e.customer == "confirmed"],
        # Worth rounds its own figures in the anonymized variant; the team's words it can only point out.
        "numbers_in_text": re.findall(r"\d[\d,.]*\d|\d", f"{found.title} {found.narrative}") if found else [],
    }
    return render(request, "realization/case_history.html", ctx, status=400 if errors else 200)


@reached_by(get=Access.MEMBER)
@require_GET
def case_history_file(request: AuthenticatedHttpRequest, pk: int, variant: str) -> HttpResponse:
    documenter = documenter_for(request.user, pk)
    found = CaseHistory.objects.filter(documenter=documenter).first()
    if found is None or variant not in VARIANTS:
        raise Http404("No such case history")
    content = case_history_content(found, documenter_figures(documenter), variant)
    html = render_to_string("realization/case_history_print.html", {"c": content}, request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="value-case-history-{variant}.pdf"'
    return response
