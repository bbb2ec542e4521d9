"""What every JSON API route that takes a body shares: reading it, and refusing it field by field.

A refused body is answered 422 with every problem and its field (``worth.site.api``), so a script
can show or fix them one by one, as a form shows them beside its fields.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest
from ninja.errors import HttpError


class Refused(Exception):  # noqa: N818 - what the caller is told
    """A body the API refuses: every problem with its field; answered 422 by the API."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" if f else m for f, m in problems))
        self.problems = problems


def json_body(request: HttpRequest) -> dict[str, Any]:
    """The body as a JSON object; 400 naming the character where it stops being JSON."""
    try:
        body = json.loads(request.body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" (character {exc.pos + 1})" if isinstance(exc, json.JSONDecodeError) else ""
        raise HttpError(400, f"the body is not JSON{where}") from None
    if not isinstance(body, dict):
        raise HttpError(400, "the body must be a JSON object")
    return body


def refused_form(form: forms.BaseForm) -> Refused:
    """A form's errors as the API's refusal: the same rules and words as the page."""
    problems = [
        ("" if field == NON_FIELD_ERRORS else field, str(message))
        for field, messages in form.errors.items()
        for message in messages
    ]
    return Refused(problems)
