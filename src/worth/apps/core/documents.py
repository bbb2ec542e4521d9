"""Generated documents (the value summary report) served by the app: inert, sandboxed, framable by us.

A report is written from what people typed; it is escaped by construction, and served here under a
policy that allows no script at all and sandboxes the document (a unique origin, no forms, no
plug-ins), so even a mistake in escaping could not reach the session of whoever reads it. Only the
app's own pages may frame it, and they frame it with the ``sandbox`` attribute too.
"""

from __future__ import annotations

from typing import Any

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.http import HttpResponse
from django.utils.text import slugify

__all__ = ["DOCUMENT_POLICY", "document_response"]

#: Styles inline in the document, charts inline as SVG (data: images), nothing else; sandboxed.
DOCUMENT_POLICY: dict[str, Any] = {
    "default-src": [NONE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:"],
    "base-uri": [NONE],
    "form-action": [NONE],
    "frame-ancestors": [SELF],
    "sandbox": True,
}


def document_response(html: str, *, name: str, download: bool) -> HttpResponse:
    """The HTML document under :data:`DOCUMENT_POLICY`; as an attachment when ``download``."""
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response._csp_config = DOCUMENT_POLICY  # type: ignore[attr-defined] # read by django-csp's middleware
    response["X-Frame-Options"] = "SAMEORIGIN"
    if download:
        response["Content-Disposition"] = f'attachment; filename="{slugify(name) or "document"}.html"'
    return response
