"""A form refused, shown again: each problem on its field, or merged with what someone saved since."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.http import QueryDict

from worth.apps.valuemodels.records import PartProblem

__all__ = ["add_problems", "merged_post"]


def merged_post(
    post: QueryDict, names: Iterable[str], opened: Mapping[str, Any], now: Mapping[str, Any], revision: int
) -> QueryDict:
    """A refused form's data again: this person's changes over the other person's.

    A field the person left as it was when they opened the form takes the value saved since; a field
    they changed keeps their value, so a second save keeps both changes.
    """
    fresh = post.copy()
    for name in names:
        if name != "revision" and str(fresh.get(name, "")) == str(opened.get(name, "") or ""):
            value = now.get(name, "")
            if value is True:
                fresh[name] = "on"
            elif value in (False, None):
                fresh.pop(name, None)
            else:
                fresh[name] = str(value)
    fresh["revision"] = str(revision)
    return fresh


def add_problems(form: forms.Form, problem: PartProblem) -> None:
    """Each problem of a refused part on the form's field of that path (``price.amount`` is posted as
    ``price__amount``), else above the form; the path is said, as the file names it."""
    for where, message in problem.problems:
        name = where.replace(".", "__")
        form.add_error(name if name in form.fields else None, f"{where}: {message}" if where else message)
