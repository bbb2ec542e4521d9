"""The penetration against skimming page: a subsegment's customers' values, the three prices, the curve."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.pricing.strategy import strategy_page
from worth.apps.programs.access import project_for, sees_own_customers_only


@reached_by(get=Access.MEMBER)
@require_GET
def strategy(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    if sees_own_customers_only(request.user):  # the curve counts every customer's research values
        raise Http404("No such project")
    page = strategy_page(project_for(request.user, project_pk), request.GET)
    status = 400 if page.form.errors else 200
    return render(request, "pricing/strategy.html", {"project": page.project, "page": page}, status=status)
