"""Posting a form as a browser would: with the hidden fields of the page it was opened on."""

from __future__ import annotations

import html
import re
from typing import Any

from django.test import Client

_HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[^"]+)" value="(?P<value>[^"]*)"[^>]*>')


def opened(client: Client, url: str) -> dict[str, str]:
    """The hidden fields (the version it was opened at...) of the form at ``url``, CSRF token aside."""
    page = client.get(url).content.decode()
    fields = {m["name"]: html.unescape(m["value"]) for m in _HIDDEN.finditer(page)}
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def post_opened(client: Client, url: str, data: dict[str, object]) -> Any:
    """Open the form at ``url``, then post ``data`` with its hidden fields."""
    return client.post(url, {**opened(client, url), **data})
