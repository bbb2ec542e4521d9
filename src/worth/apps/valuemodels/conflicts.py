"""A form refused because someone saved its record since it was opened, shown again merged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.http import QueryDict

__all__ = ["merged_post"]


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
