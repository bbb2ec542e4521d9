"""Account pages: profile (roles, password, API tokens). Login and logout are Django's own views."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from worth.apps.accounts.forms import TokenForm
from worth.apps.accounts.models import ApiToken
from worth.apps.accounts.roles import ROLE_DESCRIPTIONS, Role
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest


@reached_by(get=Access.ANY_USER)
@require_http_methods(["GET"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    names = set(request.user.groups.values_list("name", flat=True))
    roles = [(role, ROLE_DESCRIPTIONS[role]) for role in Role if role.value in names]
    ctx = {
        "roles": roles,
        "tokens": request.user.api_tokens.all(),
        "form": TokenForm(),
        "new_token": request.session.pop("new_token", None),
    }
    return render(request, "accounts/profile.html", ctx)


@reached_by(post=Access.ANY_USER)
@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        _, raw = ApiToken.objects.issue(user=request.user, name=form.cleaned_data["name"])
        # Shown once on the next page, then gone: only its hash is stored.
        request.session["new_token"] = raw
        messages.success(request, "Token created. Copy it now: it will not be shown again.")
    else:
        problems = [str(e) for e in form.errors.get("name", ["invalid"])]
        messages.error(request, "Token name: " + "; ".join(problems))
    return redirect("accounts:profile")


@reached_by(post=Access.OWN)
@require_POST
def token_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.delete()
    messages.success(request, f"Token {token.name!r} revoked.")
    return redirect("accounts:profile")


def locked_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)
