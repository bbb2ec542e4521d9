"""Sensitivity, Monte Carlo and prospects pages of a value model: load, call ``analyses``, render."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from worth.apps.core.computed import content_hash, kept_fragment, remember
from worth.apps.core.jobs import JobLimitError, start_job
from worth.apps.core.models import Job
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import can_change_project
from worth.apps.valuemodels.access import model_for
from worth.apps.valuemodels.analyses import SOBOL_SAMPLES, SPREADS, prospect_sections, tornado_sections
from worth.apps.valuemodels.forms import SimulationForm
from worth.apps.valuemodels.jobs import SIMULATE
from worth.apps.valuemodels.models import ValueModelRecord, model_version
from worth.engine.model.errors import ModelError
from worth.engine.sensitivity.errors import SensitivityError


def _refused(request: AuthenticatedHttpRequest, record: ValueModelRecord, exc: ValueError) -> HttpResponse:
    """The model cannot be analysed this way: say why on the page (422), never a server error."""
    ctx = {"record": record, "message": str(exc)}
    return render(request, "valuemodels/analysis_refused.html", ctx, status=422)


@reached_by(get=Access.MEMBER)
@require_GET
def sensitivity(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = model_for(request.user, pk)
    spread = request.GET.get("spread", "p10-p90")
    if spread not in SPREADS:
        return _refused(request, record, ValueError(f"spread {spread!r}: choose p10-p90 or sd"))
    sobol = request.GET.get("sobol") == "1"
    kept_key = content_hash("sensitivity", record.pk, *model_version(record), spread, sobol)
    kept = kept_fragment(kept_key)
    if kept is not None:  # the figures as the last reader got them: nothing to unpack again
        ctx = {"record": record, "kept_key": kept_key, "kept_fragments": {kept_key: kept}}
        return render(request, "valuemodels/sensitivity.html", ctx)
    try:
        sections = remember(
            "tornado",
            (*model_version(record), spread, sobol),
            lambda: tornado_sections(record.load().model, spread=spread, sobol=sobol),  # type: ignore[arg-type]
        )
    except (ModelError, SensitivityError) as exc:
        return _refused(request, record, exc)
    ctx = {
        "record": record,
        "kept_key": kept_key,
        "sections": sections,
        "spread": spread,
        "spreads": SPREADS,
        "sobol": sobol,
        "sobol_samples": SOBOL_SAMPLES,
    }
    return render(request, "valuemodels/sensitivity.html", ctx)


@reached_by(get=Access.MEMBER, post=Access.EDITOR)
@require_http_methods(["GET", "POST"])
def simulate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start a Monte Carlo run: the project's team may (it is heavy work); readers see the page only."""
    record = model_for(request.user, pk, write=request.method == "POST")
    may_run = can_change_project(request.user, record.project)
    form = SimulationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            record.load()
        except ModelError as exc:
            return _refused(request, record, exc)
        draws, seed, independent = (form.cleaned_data[k] for k in ("draws", "seed", "independent"))
        params = {"record": record.pk, "revision": record.revision, "draws": draws, "seed": seed}
        try:
            job = start_job(
                user=request.user,
                kind="simulation",
                title=f"Monte Carlo of {record.name}: {draws:,} draws",
                handler=SIMULATE,
                params={**params, "independent": independent},
                project=record.project,
                result_url=lambda job_pk: reverse("valuemodels:simulation", args=[record.pk, job_pk]),
            )
        except JobLimitError as exc:
            form.add_error(None, str(exc))
            status = 429
        else:
            return redirect("job", job.pk)
    recent = Job.objects.filter(
        project=record.project, kind="simulation", params__record=record.pk
    ).select_related("user")[:8]
    ctx = {"record": record, "form": form, "recent": recent, "may_run": may_run}
    return render(request, "valuemodels/simulate.html", ctx, status=status if form.is_bound else 200)


@reached_by(get=Access.MEMBER)
@require_GET
def simulation(request: AuthenticatedHttpRequest, pk: int, job_pk: int) -> HttpResponse:
    """A run's result: for everyone who may see the model's project."""
    record = model_for(request.user, pk)
    job = get_object_or_404(
        Job, pk=job_pk, project=record.project, kind="simulation", params__record=record.pk
    )
    return render(
        request, "valuemodels/simulation.html", {"record": record, "job": job, "result": job.result}
    )


@reached_by(get=Access.MEMBER)
@require_GET
def prospects(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = model_for(request.user, pk)
    try:
        found = remember("prospects", model_version(record), lambda: prospect_sections(record.load().model))
    except (ModelError, SensitivityError) as exc:
        return _refused(request, record, exc)
    kept_key = content_hash("prospects", record.pk, *model_version(record))
    return render(request, "valuemodels/prospects.html", {"record": record, "kept_key": kept_key, **found})
