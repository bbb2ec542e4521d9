"""Posting a form as a browser would: with the hidden fields of the page it was opened on."""

from __future__ import annotations

import html
import re
from typing import Any

from django.test import Client

_HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[^"]+)" value="(?P<value>[^"]*)"[^>]*>')


def hidden_fields(page: str) -> dict[str, str]:
    """The hidden fields (the version a form was opened at...) of a page, CSRF token aside."""
    fields = {m["name"]: html.unescape(m["value"]) for m in _HIDDEN.finditer(page)}
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def opened(client: Client, url: str) -> dict[str, str]:
    """The hidden fields of the form at ``url``."""
    return hidden_fields(client.get(url).content.decode())


def form_values(page: str) -> dict[str, str]:
    """Every field of a page's forms as a browser would send it unchanged (hidden ones included)."""
    values: dict[str, str] = {}
    for m in re.finditer(r'<input type="(?:text|number)" name="([^"]+)"(?: value="([^"]*)")?', page):
        values[m[1]] = html.unescape(m[2] or "")
    for m in re.finditer(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        values[m[1]] = html.unescape(m[2]).removeprefix("\n")  # as a browser reads a text area
    for m in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', m[2])
        values[m[1]] = html.unescape(chosen[1]) if chosen else ""
    for m in re.finditer(r'<input type="checkbox" name="([^"]+)"[^>]*checked', page):
        values[m[1]] = "on"
    return values | hidden_fields(page)


def opened_form(client: Client, url: str) -> dict[str, str]:
    """The form at ``url`` as it was opened: every value and hidden field."""
    return form_values(client.get(url).content.decode())


def post_opened(client: Client, url: str, data: dict[str, object]) -> Any:
    """Open the form at ``url``, then post ``data`` with its hidden fields."""
    return client.post(url, {**opened(client, url), **data})
