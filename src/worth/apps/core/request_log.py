"""One log line per request: who asked for what, the answer's status, and how long it took.

A team running Worth wants to see which pages are slow, who met an error and when, and to feed the
lines to whatever collects its logs. Each line is one JSON object (``worth.requests`` logger), so a
log collector reads it without a pattern and nothing a client sent, such as a path with a newline or
a terminal escape, can forge a second line or colour the operator's terminal: ``json.dumps`` escapes
every control character and everything outside ASCII.

The query string is left out: a link may carry a token or a search a person typed.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

__all__ = ["REQUEST_LOGGER", "RequestLogMiddleware", "request_record"]

REQUEST_LOGGER = "worth.requests"
_log = logging.getLogger(REQUEST_LOGGER)


def _user_of(request: HttpRequest) -> str:
    # Static files are answered before the session is read: there is no user to name.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "-"
    return str(user.get_username())


def _route_of(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else None


def _size_of(response: HttpResponseBase) -> int | None:
    if response.has_header("Content-Length"):
        try:
            return int(response["Content-Length"])
        except ValueError:
            return None
    if response.streaming:
        return None
    return len(getattr(response, "content", b""))


def request_record(request: HttpRequest, response: HttpResponseBase, seconds: float) -> dict[str, object]:
    """The fields of one request's line (what an operator filters and sums on)."""
    from worth.apps.accounts.client_address import client_address

    return {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "method": request.method,
        "path": request.path,
        "route": _route_of(request),
        "status": response.status_code,
        "user": _user_of(request),
        "ms": round(seconds * 1000, 1),
        "bytes": _size_of(response),
        "client": client_address(request),
    }


class RequestLogMiddleware:
    """Logs every request once, static files included, after its answer is ready.

    First in the middleware list, so the time counts every other layer and a refused or failed
    request is logged too. ``WORTH_REQUEST_LOG=0`` turns it off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.enabled = bool(getattr(settings, "WORTH_REQUEST_LOG", True))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not self.enabled:
            return self.get_response(request)
        start = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - start
        if _log.isEnabledFor(logging.INFO):
            _log.info(json.dumps(request_record(request, response, seconds), separators=(",", ":")))
        return response
