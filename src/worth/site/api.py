"""The typed JSON API (OpenAPI schema at /api/openapi.json, browsable docs at /api/docs).

Two ways in: the browser session (with CSRF protection) or ``Authorization: Bearer wt_...`` with a
token made on the profile page. Each app adds a router here with one line.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from worth.apps.accounts.api import router as accounts_router
from worth.apps.accounts.models import ApiToken
from worth.apps.valuemodels.api import router as valuemodels_router


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return ApiToken.objects.user_for(token)


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


api = NinjaAPI(
    title="Worth API",
    version="1",
    description="Customer Value Management: programs, projects, value models and pricing.",
    auth=[TokenAuth(), ActiveSessionAuth()],
    urls_namespace="api",
)
api.add_router("/", accounts_router)
api.add_router("/", valuemodels_router)


def api_urls() -> tuple[list[Any], str, str]:
    """The API's URL patterns, exempt from the login redirect: the API answers 401 itself."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        callback = getattr(pattern, "callback", None)
        if callback is not None:
            callback.login_required = False
    return patterns, app_name, namespace
