"""Request types for views that only run for a logged-in user (every view, via LoginRequiredMiddleware)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    user: User
