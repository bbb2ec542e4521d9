"""Pricing pages (thin views over worth.analytics and worth.engine.pricing)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from worth.apps.core.typealias import AuthenticatedHttpRequest


@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "pricing/index.html", {})
