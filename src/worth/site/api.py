"""The typed JSON API (OpenAPI schema at /api/openapi.json, browsable docs at /api/docs).

Two ways in: the browser session (with CSRF protection) or ``Authorization: Bearer wt_...`` with a
token made on the profile page. Each app adds a router here with one line.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from worth.apps.accounts.api import router as accounts_router
from worth.apps.accounts.models import ApiToken
from worth.apps.core.api_bodies import Refused
from worth.apps.merchants.api import router as merchants_router
from worth.apps.offerings.api import router as offerings_router
from worth.apps.pricing.api import router as pricing_router
from worth.apps.pricing.strategy_api import router as strategy_router
from worth.apps.programs.api import router as programs_router
from worth.apps.realization.api import router as realization_router
from worth.apps.valuecycle.api import router as valuecycle_router
from worth.apps.valuemodels.api import router as valuemodels_router
from worth.apps.valuemodels.parts_api import router as parts_router


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return ApiToken.objects.user_for(token)


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


def _bearer_user(request: HttpRequest) -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    return ApiToken.objects.user_for(raw.strip()) if scheme.lower() == "bearer" and raw.strip() else None


def signed_in_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and its docs are for people who may use the API: a session or a bearer token.

    Without either, the schema answers 401 in JSON (as every API route does) and the docs page sends
    a browser to the login page. Both are read-only: any other method than GET is refused (405).
    """

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET"])
        user = request.user if request.user.is_authenticated and request.user.is_active else None
        if user is None and _bearer_user(request) is None:
            if request.path.endswith("openapi.json"):
                return JsonResponse({"detail": "Unauthorized"}, status=401)
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return guarded


api = NinjaAPI(
    title="Worth API",
    version="1",
    description="Customer Value Management: programs, projects, value models and pricing.",
    auth=[TokenAuth(), ActiveSessionAuth()],
    urls_namespace="api",
    docs_decorator=signed_in_only,
)
api.add_router("/", accounts_router)
api.add_router("/", programs_router)
api.add_router("/", valuemodels_router)
api.add_router("/", parts_router)
api.add_router("/", realization_router)
api.add_router("/", offerings_router)
api.add_router("/", valuecycle_router)
api.add_router("/", pricing_router)
api.add_router("/", merchants_router)
api.add_router("/", strategy_router)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """403 in JSON, with the reason the pages give (who may do this), not the HTML error page."""
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(Refused)
def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    """422 with every problem and its field, for a program to show or fix them one by one."""
    problems = [{"field": field, "message": message} for field, message in exc.problems]
    return api.create_response(request, {"detail": str(exc), "problems": problems}, status=422)


def api_urls() -> tuple[list[Any], str, str]:
    """The API's URL patterns, exempt from the login redirect: the API answers 401 itself."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        callback = getattr(pattern, "callback", None)
        if callback is not None:
            callback.login_required = False
    return patterns, app_name, namespace
