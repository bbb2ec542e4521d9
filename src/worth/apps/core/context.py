"""Template context shared by every page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse

from worth.apps.core.navigation import AREAS


@dataclass(frozen=True)
class NavLink:
    """One area of the top bar: where it links and whether its page is built yet."""

    slug: str
    title: str
    href: str
    built: bool


@cache
def _top_bar(prefix: str) -> dict[str, Any]:
    """The top bar's links, reversed once per process (and script prefix) instead of on every page:
    they name no record, so they never change while the process runs."""
    links = tuple(
        NavLink(a.slug, a.title, reverse(a.url_name), True)
        if a.url_name
        else NavLink(a.slug, a.title, reverse("area", args=[a.slug]), False)
        for a in AREAS
    )
    names = {"home": "home", "profile": "accounts:profile", "logout": "logout", "admin": "admin:index"}
    urls = {key: reverse(name) for key, name in names.items()}
    return {"links": links, "urls": urls}


def navigation(request: HttpRequest) -> dict[str, Any]:
    path = request.path
    bar = _top_bar(get_script_prefix())
    return {
        "nav_areas": AREAS,
        "nav_links": bar["links"],
        "nav_urls": bar["urls"],
        "nav_current": path.strip("/").split("/", 1)[0],
    }
