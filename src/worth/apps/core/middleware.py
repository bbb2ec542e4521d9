"""Response headers every page of a logged-in person gets."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

__all__ = ["PrivatePagesMiddleware"]


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on whatever a logged-in person is sent.

    Pages, reports and downloads hold a project's figures: a proxy on the way must not keep them for
    the next person, nor the browser on a shared laptop's disk. A view that sets its own
    ``Cache-Control`` keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
