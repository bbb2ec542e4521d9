"""``{% record_comments project record %}``: a record's comments and, for those who may comment, the form."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from worth.apps.programs.access import can_comment
from worth.apps.programs.commenting import comments_on, label_of
from worth.apps.programs.forms import CommentForm
from worth.apps.programs.models import Project

register = template.Library()


@register.inclusion_tag("programs/_record_comments.html", takes_context=True)
def record_comments(context: dict[str, Any], project: Project, record: Model) -> dict[str, Any]:
    user = context["request"].user
    may = can_comment(user, project)
    return {
        "project": project,
        "comments": comments_on(record),
        "form": CommentForm(initial={"about": label_of(record)}) if may else None,
        "csrf_token": context.get("csrf_token"),
    }
