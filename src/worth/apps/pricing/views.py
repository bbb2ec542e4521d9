"""Pricing pages: the area's start page, invoice data sets and their imports.

Thin views: an access helper, a service call, render or redirect. The analyses live in
``analysis_views``, the policy in ``policy_views``, the value-based price in ``value_views``.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from worth.analytics import DEFAULT_CONTRACT, AnalyticsError, InvoiceContract
from worth.apps.core.jobs import JobLimitError
from worth.apps.core.models import JobStatus
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.pricing.access import dataset_for, import_for, visible_datasets
from worth.apps.pricing.analysis import open_lines, overview, recorded_as
from worth.apps.pricing.forms import DatasetImportForm
from worth.apps.pricing.models import PricingPolicy
from worth.apps.pricing.services import (
    ImportRequest,
    currency_for,
    delete_dataset,
    project_policy,
    save_upload,
    start_dataset_import,
)
from worth.apps.programs.access import can_change_project, changeable_projects, project_for, visible_projects


@reached_by(get=Access.ANY_USER)
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    projects = list(visible_projects(request.user).select_related("program"))
    datasets = list(visible_datasets(request.user))
    policies = set(PricingPolicy.objects.filter(project__in=projects).values_list("project_id", flat=True))
    changeable = set(changeable_projects(request.user).values_list("pk", flat=True))
    rows = [
        {
            "project": p,
            "datasets": [d for d in datasets if d.project_id == p.pk],
            "has_policy": p.pk in policies,
            "can_change": p.pk in changeable,
        }
        for p in projects
    ]
    return render(request, "pricing/index.html", {"rows": rows})


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def dataset_import(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = project_for(request.user, project_pk, write=True)
    form = DatasetImportForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            attempt = start_dataset_import(
                project=project,
                user=request.user,
                request=ImportRequest(
                    name=data["name"],
                    source=save_upload(upload),
                    source_name=upload.name,
                    contract=data.get("contract") or DEFAULT_CONTRACT,
                    delimiter=data.get("delimiter") or ",",
                ),
            )
        except JobLimitError as exc:
            form.add_error(None, str(exc))
            return render(
                request, "pricing/dataset_import.html", {"form": form, "project": project}, status=429
            )
        if attempt.dataset is not None:  # jobs run inline (tests): the data set is there already
            messages.success(request, f"{attempt.dataset.rows:,} invoice lines imported.")
            return redirect(attempt.dataset)
        return redirect(attempt)
    status = 400 if form.errors else 200
    return render(request, "pricing/dataset_import.html", {"form": form, "project": project}, status=status)


@reached_by(get=Access.MEMBER)
@require_GET
def import_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """While the job runs: its progress (the partial polls and moves on); after: the outcome."""
    attempt = import_for(request.user, pk)
    if attempt.dataset is not None:
        return redirect(attempt.dataset)
    job = attempt.job
    running = job is not None and job.active and not attempt.refused
    stopped = job is not None and job.status in (JobStatus.FAILED, JobStatus.CANCELLED)
    may_change = can_change_project(request.user, attempt.project)
    ctx = {
        "attempt": attempt,
        "job": job,
        "running": running,
        "failed": stopped,
        "can_change": may_change,
        "may_cancel": running and (may_change or (job is not None and job.user_id == request.user.pk)),
    }
    return render(request, "pricing/import_status.html", ctx)


def _contract(text: str) -> InvoiceContract | None:
    try:
        return InvoiceContract.model_validate_json(text) if text else DEFAULT_CONTRACT
    except ValueError:
        return None


@reached_by(get=Access.MEMBER)
@require_GET
def dataset_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dataset = dataset_for(request.user, pk)
    contract = _contract(dataset.contract_text)
    items = [
        {"item": i, "recorded": recorded_as(i.basis, i.stacking_shown)}
        for i in (contract.items if contract else ())
    ]
    ctx: dict[str, object] = {
        "dataset": dataset,
        "contract": contract,
        "items": items,
        "can_change": can_change_project(request.user, dataset.project),
    }
    try:
        table, stored = open_lines(dataset)
        ctx["overview"] = overview(table, stored)
    except AnalyticsError as exc:
        ctx["problem"] = str(exc)
    _, policy, _ = project_policy(dataset.project)
    ctx["currency"] = currency_for(dataset.project, policy)
    return render(request, "pricing/dataset_detail.html", ctx)


@reached_by(post=Access.EDITOR)
@require_POST
def dataset_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dataset = dataset_for(request.user, pk, write=True)
    name, project = dataset.name, dataset.project
    delete_dataset(dataset)
    messages.success(request, f"Data set “{name}” and its invoice lines were deleted from {project.name}.")
    return redirect("pricing:index")
