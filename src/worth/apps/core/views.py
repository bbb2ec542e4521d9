"""Home page and the placeholder pages of areas still to come."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from worth.apps.core.htmx import is_htmx
from worth.apps.core.models import Job, JobStatus
from worth.apps.core.navigation import AREAS, AREAS_BY_SLUG
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import visible_projects


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
    return render(request, "core/area_todo.html", {"area": found})


@reached_by(get=Access.ANONYMOUS)
@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer or `make demo` to know the server is up; reveals nothing."""
    return JsonResponse({"status": "ok"})


@reached_by(get=Access.OWN)
@require_GET
def job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A job's progress: the whole page, or the HTMX partial the page polls until the job ends."""
    found = get_object_or_404(Job, pk=pk, user=request.user)
    if is_htmx(request):
        response = render(request, "core/_job.html", {"job": found})
        if found.status == JobStatus.DONE and found.result_url:
            response["HX-Redirect"] = found.result_url
        return response
    if found.status == JobStatus.DONE and found.result_url:
        return redirect(found.result_url)
    return render(request, "core/job.html", {"job": found})


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
