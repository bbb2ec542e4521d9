"""One place decides whether a request wants an HTMX partial (after netbox's utilities/htmx.py)."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """A partial for HTMX requests, except history restores, which need the whole page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )
