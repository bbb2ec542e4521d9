"""Comments on a project's records: which records take them, whose project they are, where they show.

A comment names its record as ``app.model:pk`` (``research.meeting:12``); only the records listed
here take comments, and only a record of the comment's own project. A reader sees a comment on a
record only if they may see the record (a salesperson: their own accounts), so a comment never names
a customer the reader may not see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.urls import reverse

from worth.apps.programs.models import Comment, Project

#: The records that take comments: how to find each one's project, and its page.
RECORDS: dict[str, tuple[Callable[[Any], int], Callable[[Any], str]]] = {
    "valuemodels.valuemodelrecord": (lambda r: r.project_id, lambda r: r.get_absolute_url()),
    "research.participation": (
        lambda r: r.project_id,
        lambda r: reverse("research:participation", args=[r.pk]),
    ),
    "research.meeting": (
        lambda r: r.participation.project_id,
        lambda r: reverse("research:meeting", args=[r.pk]),
    ),
    "propositions.proposition": (lambda r: r.project_id, lambda r: r.get_absolute_url()),
    "cases.businesscase": (lambda r: r.project_id, lambda r: r.get_absolute_url()),
    "valuemodels.modelversion": (lambda r: r.model.project_id, lambda r: r.get_absolute_url()),
    "programs.milestone": (
        lambda r: r.project_id,
        lambda r: reverse("programs:milestone", args=[r.project_id, r.pk]),
    ),
    "pricing.invoicedataset": (lambda r: r.project_id, lambda r: reverse("pricing:dataset", args=[r.pk])),
    "valuecycle.journeymap": (lambda r: r.project_id, lambda r: r.get_absolute_url()),
}


class NotCommentable(ValueError):  # noqa: N818 - what the person is told
    """The comment names a record that takes no comments, or one of another project."""


def label_of(record: Model) -> str:
    return f"{record._meta.app_label}.{record._meta.model_name}:{record.pk}"


def record_about(project: Project, raw: str) -> Model | None:
    """The record ``raw`` names, if it is one of ``project``'s that take comments; ``None`` for none."""
    if not raw:
        return None
    kind, _, pk = raw.partition(":")
    if kind not in RECORDS or not pk.isdigit():
        raise NotCommentable(f"“{raw}” is not a record that takes comments.")
    record: Model | None = apps.get_model(kind)._default_manager.filter(pk=int(pk)).first()
    if record is None or RECORDS[kind][0](record) != project.pk:
        raise NotCommentable(f"“{raw}” is no record of this project.")
    return record


def page_of(record: Model | None, project: Project) -> str:
    if record is None:
        return project.get_absolute_url() + "#comments"
    return RECORDS[label_of(record).split(":")[0]][1](record) + "#comments"


def comments_on(record: Model) -> QuerySet[Comment]:
    kind = ContentType.objects.get_for_model(record)
    return Comment.objects.filter(about_type=kind, about_id=record.pk).select_related("author")


def readable_comments(user: User, project: Project) -> list[tuple[Comment, Model | None]]:
    """The project's comments ``user`` may read, each with the record it is on (if any)."""
    from worth.apps.programs.access import sees_own_customers_only
    from worth.apps.research.access import visible_participations

    found = list(project.comments.select_related("author", "about_type"))
    hidden_kinds = (
        {"valuemodelrecord", "modelversion", "proposition", "businesscase", "invoicedataset"}
        if sees_own_customers_only(user)
        else set()
    )
    visible = set(visible_participations(user).filter(project=project).values_list("pk", flat=True))
    shown = []
    for comment in found:
        record = comment.about if comment.about_type_id else None
        if comment.about_type_id and record is None:
            continue  # its record was removed
        if record is not None and record._meta.model_name in hidden_kinds:
            continue
        participation = getattr(record, "participation_id", None) or (
            record.pk if record is not None and record._meta.model_name == "participation" else None
        )
        if participation is not None and participation not in visible:
            continue
        shown.append((comment, record))
    return shown
