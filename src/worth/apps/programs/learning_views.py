"""The program's rolling out and learning page: projects compared, success stories, shared insights."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import program_for, visible_projects
from worth.apps.programs.learning import compare_projects, shared_insights, success_stories, what_differed
from worth.apps.realization.access import visible_documenters


@reached_by(get=Access.MEMBER)
@require_GET
def learning(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    program = program_for(request.user, pk)
    projects = visible_projects(request.user).filter(program=program, practice=False)
    documenters = list(visible_documenters(request.user).filter(project__in=projects))
    rows = compare_projects(projects, documenters)
    ctx = {
        "program": program,
        "rows": rows,
        "differed": what_differed(rows) if any(r.successful for r in rows) else [],
        "stories": success_stories(documenters),
        "insights": shared_insights(documenters),
    }
    return render(request, "programs/learning.html", ctx)
