"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from worth.apps.core.navigation import AREAS


def navigation(request: HttpRequest) -> dict[str, Any]:
    path = request.path
    return {"nav_areas": AREAS, "nav_current": path.strip("/").split("/", 1)[0]}
