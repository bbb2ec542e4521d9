"""Who may reach each route: every URL of the app and the API is classified here or on its view.

The access module (``programs.access``) decides; this says which of its decisions a route makes, so a
reader sees who reaches a page without reading its body, and the suite can try every route with every
kind of person: a route nobody classified fails the suite (``tests/web/test_route_access.py``).

A view of ours declares its class with :func:`reached_by`; routes whose views come from Django or the
API framework are classified in :data:`ROUTES`; Django's admin is for administrators.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

__all__ = ["ROUTES", "Access", "access_of", "reached_by"]


class Access(StrEnum):
    """Who may reach a route (for each method), from the most open to the narrowest."""

    ANONYMOUS = "anonymous"
    """Anyone, logged in or not (the login page, the health check)."""
    ANY_USER = "any user"
    """Every logged-in person; what they see in it is their own or what they may see."""
    PROGRAM_LEAD = "program lead"
    """A person whose role may set up programs."""
    MEMBER = "member"
    """Who may see the project or program the record belongs to; to everyone else it does not exist."""
    EDITOR = "editor"
    """Who may change the project or program the record belongs to; readers of it are refused (403)."""
    COMMENTER = "commenter"
    """Who may comment on the project: its team, sponsor and program lead; its viewers are refused."""
    CUSTOMER_EDITOR = "customer editor"
    """Who may change the project, and the customer's responsible salesperson on its team."""
    LEADER = "leader"
    """Who manages the project's team: its leader, the program lead, administrators; other readers 403."""
    OWN = "own"
    """The person the record belongs to (a job they started, a token they made)."""
    ADMINISTRATOR = "administrator"
    """Administrators only (Django's admin)."""


AccessByMethod = dict[str, Access]
View = TypeVar("View", bound=Callable[..., Any])

#: Routes whose views are not ours, by URL name.
ROUTES: Mapping[str, AccessByMethod] = {
    "login": {"GET": Access.ANONYMOUS, "POST": Access.ANONYMOUS},
    "logout": {"POST": Access.ANY_USER},
    "accounts:password-change": {"GET": Access.ANY_USER, "POST": Access.ANY_USER},
    "accounts:password-done": {"GET": Access.ANY_USER},
    "api:api-root": {"GET": Access.ANY_USER},
    "api:openapi-json": {"GET": Access.ANY_USER},
    "api:openapi-view": {"GET": Access.ANY_USER},
    "api:me": {"GET": Access.ANY_USER},
    "api:list_models": {"GET": Access.ANY_USER},
    "api:model_summary": {"GET": Access.MEMBER},
    "api:list_versions": {"GET": Access.MEMBER},
    "api:version_summary": {"GET": Access.MEMBER},
    "api:compare_versions": {"GET": Access.MEMBER},
    "api:model_parts": {"GET": Access.MEMBER, "POST": Access.EDITOR},
    "api:model_part": {"GET": Access.MEMBER, "PUT": Access.EDITOR, "DELETE": Access.EDITOR},
    "api:model_draft": {"GET": Access.MEMBER, "POST": Access.EDITOR},
    "api:customer_value": {"GET": Access.MEMBER},
    "api:list_projects": {"GET": Access.ANY_USER},
    "api:project": {"GET": Access.MEMBER},
    "api:project_team": {"POST": Access.LEADER},
    "api:project_member": {"PUT": Access.LEADER, "DELETE": Access.LEADER},
    "api:project_milestones": {"POST": Access.EDITOR},
    "api:project_milestone": {"PUT": Access.EDITOR, "DELETE": Access.EDITOR},
    "api:project_comments": {"GET": Access.MEMBER, "POST": Access.COMMENTER},
    "api:project_customers": {"GET": Access.MEMBER},
    "api:participation": {"PUT": Access.CUSTOMER_EDITOR},
    "api:project_meetings": {"GET": Access.MEMBER},
    "api:documenter": {"GET": Access.MEMBER},
    "api:project_offering": {"GET": Access.MEMBER},
    "api:journey_map": {"GET": Access.MEMBER},
    "api:project_strategy": {"GET": Access.MEMBER},
    "api:documenter_results": {"POST": Access.CUSTOMER_EDITOR},
    "api:project_levers": {"GET": Access.MEMBER},
    "api:dataset_compensation": {"GET": Access.MEMBER},
    "api:dataset_mix": {"GET": Access.MEMBER},
    "api:program_merchants": {"GET": Access.MEMBER},
}


def reached_by(access: Access | None = None, **methods: Access) -> Callable[[View], View]:
    """Declare who may reach a view, per method it answers.

    ``@reached_by(Access.EDITOR)``: a form, GET and POST, for editors; ``@reached_by(get=Access.MEMBER,
    post=Access.EDITOR)``: members read, editors send; ``@reached_by(get=...)`` alone: a page that
    answers GET only. The methods named are the methods the view answers.
    """

    def declare(view: View) -> View:
        declared: AccessByMethod = {"GET": access, "POST": access} if access is not None else {}
        declared.update({method.upper(): value for method, value in methods.items()})
        view.access = declared  # type: ignore[attr-defined]
        return view

    return declare


def access_of(name: str, view: Callable[..., Any]) -> AccessByMethod | None:
    """The declared classes of the route ``name`` served by ``view``, or ``None`` when undeclared."""
    declared = getattr(view, "access", None)
    if declared is not None:
        return dict(declared)
    if name in ROUTES:
        return dict(ROUTES[name])
    if name.startswith("admin:"):
        return {"GET": Access.ADMINISTRATOR, "POST": Access.ADMINISTRATOR}
    return None
