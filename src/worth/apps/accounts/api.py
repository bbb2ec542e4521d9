"""API routes about the calling user."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from worth.apps.accounts.roles import Role

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    roles: list[str]
    is_administrator: bool


@router.get("/me", response=MeOut, summary="The user the request is authenticated as")
def me(request: HttpRequest) -> MeOut:
    user = request.auth  # type: ignore[attr-defined]
    names = set(user.groups.values_list("name", flat=True))
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        email=user.email,
        roles=[role.value for role in Role if role.value in names],
        is_administrator=user.is_superuser or Role.ADMINISTRATOR.value in names,
    )
