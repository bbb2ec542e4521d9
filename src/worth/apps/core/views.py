"""Home page and the placeholder pages of areas still to come."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from worth.apps.core.htmx import is_htmx
from worth.apps.core.jobs import cancel_job
from worth.apps.core.models import Job, JobStatus
from worth.apps.core.navigation import AREAS, AREAS_BY_SLUG
from worth.apps.core.queue import queue
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import can_change_project, project_for, visible_projects


@reached_by(get=Access.ANY_USER)
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    projects = visible_projects(request.user).select_related("program")[:8]
    return render(request, "core/home.html", {"areas": AREAS, "projects": projects})


@reached_by(get=Access.ANY_USER)
@require_GET
def area(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    found = AREAS_BY_SLUG.get(slug)
    if found is None:
        raise Http404("No such area")
    if found.url_name is not None:  # an area's placeholder address, kept in bookmarks, leads to its page
        return redirect(found.url_name)
    return render(request, "core/area_todo.html", {"area": found})


@reached_by(get=Access.ANONYMOUS)
@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer or a monitor: is the database there, is the queue there? Reveals no data.

    503 with the part that failed when either is down; ``waiting`` is how many jobs wait for a worker
    and ``oldest_waiting_s`` how long the oldest has (a stopped worker shows as a number that grows).
    """
    checks: dict[str, object] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    try:
        checks["queue"] = "ok"
        checks["waiting"] = int(queue().pending_count())
    except Exception as exc:
        checks["queue"] = f"unreachable: {type(exc).__name__}"
    if checks["database"] == "ok":
        oldest = (
            Job.objects.filter(status=JobStatus.QUEUED)
            .order_by("created")
            .values_list("created", flat=True)
            .first()
        )
        checks["oldest_waiting_s"] = round((timezone.now() - oldest).total_seconds()) if oldest else 0
    healthy = checks["database"] == "ok" and checks["queue"] == "ok"
    return JsonResponse({"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503)


def _job_for(user: Any, pk: int, *, write: bool = False) -> Job:
    """The job if its project is visible to ``user`` (a job of no project: its starter only), else 404.

    With ``write=True`` (cancelling): its starter, or whoever may change its project; others 403.
    """
    found = Job.objects.select_related("project__program", "user").filter(pk=pk).first()
    if found is None or (found.project is None and found.user_id != user.pk):
        raise Http404("No such job")
    if found.project is not None:
        project_for(user, found.project.pk)
    if write and found.user_id != user.pk and not (found.project and can_change_project(user, found.project)):
        raise PermissionDenied("Only who started the job or the project's team may cancel it.")
    return found


@reached_by(get=Access.MEMBER)
@require_GET
def job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A job's progress: the whole page, or the HTMX partial the page polls until the job ends."""
    found = _job_for(request.user, pk)
    ctx = {"job": found, "may_cancel": found.active and _may_cancel(request.user, found)}
    if is_htmx(request):
        response = render(request, "core/_job.html", ctx)
        if found.status == JobStatus.DONE and found.result_url:
            response["HX-Redirect"] = found.result_url
        return response
    if found.status == JobStatus.DONE and found.result_url:
        return redirect(found.result_url)
    return render(request, "core/job.html", ctx)


def _may_cancel(user: Any, found: Job) -> bool:
    return found.user_id == user.pk or (found.project is not None and can_change_project(user, found.project))


@reached_by(post=Access.EDITOR)
@require_POST
def job_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Stop a job: at once if it still waits, at its next progress step if it runs."""
    found = _job_for(request.user, pk, write=True)
    cancel_job(found, by=request.user)
    messages.info(request, f"“{found.title}” is being cancelled.")
    return redirect("job", found.pk)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page in the app's layout; says what to do when a form sent more than a page may."""
    explanation = ""
    if isinstance(exception, RequestDataTooBig):
        most = int(settings.WORTH_MAX_FORM_MB)
        explanation = (
            f"The form sent more than {most} MB of text, the most a page takes. Upload the file instead of "
            "pasting it (files may be larger), or ask an administrator to raise WORTH_MAX_FORM_MB."
        )
    elif isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        explanation = "The form sent more fields or files than a page takes."
    return render(request, "400.html", {"explanation": explanation}, status=400)
