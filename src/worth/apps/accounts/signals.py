"""Keep the role groups in place after every ``migrate``, so a fresh database has them."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def create_role_groups(sender: AppConfig, **kwargs: Any) -> None:
    from worth.apps.accounts.setup import ensure_role_groups

    ensure_role_groups()
