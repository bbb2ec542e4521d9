"""The pricing part of the demo case (policy, invoice lines); called by ``worth.apps.core.demo``."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User

from worth.apps.programs.models import Project


def load_demo_pricing(*, project: Project, user: User, say: Callable[[str], None]) -> None:
    """Create or update the demo's pricing records; running it twice duplicates nothing."""
