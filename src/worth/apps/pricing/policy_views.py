"""The project's pricing policy: read it (flagged discounts first to the eye), import a new version."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from worth.apps.core.locking import StaleEdit, rebind_at_current
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.pricing.forms import PolicyImportForm
from worth.apps.pricing.policy_rows import discount_rows, guideline_rows
from worth.apps.pricing.services import project_policy, save_policy_text
from worth.apps.programs.access import can_change_project, project_for
from worth.engine.pricing import PolicyError, check_policy


@reached_by(get=Access.MEMBER)
@require_GET
def policy_detail(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = project_for(request.user, project_pk)
    record, policy, problem = project_policy(project)
    ctx: dict[str, Any] = {
        "project": project,
        "record": record,
        "policy": policy,
        "problem": problem,
        "can_change": can_change_project(request.user, project),
    }
    if policy is not None:
        findings = check_policy(policy)
        ctx["findings"] = findings
        ctx["discounts"] = discount_rows(policy, findings)
        ctx["flagged"] = sum(1 for d in ctx["discounts"] if d.flagged)
        ctx["guidelines"] = guideline_rows(policy)
    return render(request, "pricing/policy_detail.html", ctx)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def policy_import(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = project_for(request.user, project_pk, write=True)
    record, _, _ = project_policy(project)
    initial = {"text": record.text if record else "", "revision": record.revision if record else 0}
    form = PolicyImportForm(request.POST or None, request.FILES or None, initial=initial)
    issues: list[str] = []
    conflict = None
    if request.method == "POST" and form.is_valid():
        text = str(form.cleaned_data["text"])
        try:
            save_policy_text(
                project=project, text=text, user=request.user, opened_at=form.cleaned_data["revision"]
            )
        except PolicyError as exc:
            lines = [line.strip() for line in str(exc).splitlines()]
            issues = lines[1:] if len(lines) > 1 else lines
        except StaleEdit as stale:
            conflict = stale.conflict
            data = rebind_at_current(request.POST, conflict.revision)
            data["text"] = text
            form = PolicyImportForm(data)
        else:
            messages.success(request, f"Pricing policy of {project.name} saved.")
            return redirect("pricing:policy", project.pk)
    status = 409 if conflict else 400 if issues or form.errors else 200
    ctx = {"form": form, "project": project, "issues": issues, "record": record, "conflict": conflict}
    return render(request, "pricing/policy_import.html", ctx, status=status)


@reached_by(get=Access.MEMBER)
@require_GET
def policy_file(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    """The policy file exactly as imported, for git or ``worth pricing band --policy``."""
    project = project_for(request.user, project_pk)
    record, _, _ = project_policy(project)
    if record is None:
        raise Http404("This project has no pricing policy")
    response = HttpResponse(record.text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(project.name) or "pricing"}-policy.yaml"'
    )
    return response
