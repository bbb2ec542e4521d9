"""One place decides who sees and changes which project.

Every view that touches a project (and later its value models, customers and documenters) goes
through ``project_for``; every list of projects, wherever it is shown (the program pages, the pricing
area, the API), is ``visible_projects`` or a filter of it. Administrators see everything, a program's
sponsor and its program lead see the program's projects, everyone else sees the projects they are a
member of; a project one may not see does not exist (404).

Rights follow the seat on the team (seed 002's roles): changing a project's records needs the model
permission of one's role AND a leader or member seat; the leader manages the team (with the program
lead, who staffs the program's projects, and administrators); the sponsor and the program lead read
and comment but do not change the team's work; a viewer reads. Administrators may do everything.

A salesperson who changes no project (the Salesperson role) sees the customers they are responsible
for and no others: records that hold every customer's data (value models, invoice data) do not exist
for them (``customer_records=True``); their own accounts are on the research pages
(``worth.apps.research.access``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from worth.apps.accounts.roles import Role
from worth.apps.programs.models import Function, MemberRole, Membership, Program, Project

AnyUser = User | AbstractBaseUser | AnonymousUser


#: Where :func:`role_names` keeps a user's roles on the user object, for the rest of the request.
_ROLES_KEPT = "_worth_role_names"


def role_names(user: AnyUser) -> frozenset[str]:
    """The names of the user's roles (groups), read once per user object.

    A page asks several questions of the same person (are they an administrator, a salesperson who
    sees only their accounts, ...); each was a query of its own. The user object lives for one
    request, so its roles are read once and kept on it, as Django keeps its permissions
    (``_perm_cache``); a change of roles shows from the next request on.
    """
    if not user.is_authenticated or not isinstance(user, User):
        return frozenset()
    kept: frozenset[str] | None = getattr(user, _ROLES_KEPT, None)
    if kept is None:
        kept = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _ROLES_KEPT, kept)
    return kept


def forget_roles(user: AnyUser) -> None:
    """Read the roles again on the next question (after changing them on this very user object)."""
    if hasattr(user, _ROLES_KEPT):
        delattr(user, _ROLES_KEPT)


def is_administrator(user: AnyUser) -> bool:
    if not user.is_authenticated or not isinstance(user, User):
        return False
    return user.is_superuser or Role.ADMINISTRATOR.value in role_names(user)


def sees_own_customers_only(user: AnyUser) -> bool:
    """A salesperson who changes no project: their own accounts, and no record holding others'."""
    if not isinstance(user, User) or is_administrator(user) or user.has_perm("programs.change_project"):
        return False
    return Role.SALESPERSON.value in role_names(user)


def visible_programs(user: AnyUser) -> QuerySet[Program]:
    if is_administrator(user):
        return Program.objects.all()
    if not user.is_authenticated:
        return Program.objects.none()
    return Program.objects.filter(
        Q(sponsor=user) | Q(lead=user) | Q(projects__memberships__user=user)
    ).distinct()


def visible_projects(user: AnyUser) -> QuerySet[Project]:
    if is_administrator(user):
        return Project.objects.all()
    if not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.filter(
        Q(program__sponsor=user) | Q(program__lead=user) | Q(memberships__user=user)
    ).distinct()


def can_change_project(user: AnyUser, project: Project) -> bool:
    """The project's records (models, data, workplan): its leader and members, and administrators."""
    if not isinstance(user, User) or not user.has_perm("programs.change_project"):
        return False
    if is_administrator(user):
        return True
    return Membership.objects.filter(
        project=project, user=user, role__in=[MemberRole.LEADER, MemberRole.MEMBER]
    ).exists()


def changeable_projects(user: AnyUser) -> QuerySet[Project]:
    """The projects ``user`` may change, in one query (the same rule as ``can_change_project``)."""
    if not isinstance(user, User) or not user.has_perm("programs.change_project"):
        return Project.objects.none()
    if is_administrator(user):
        return Project.objects.all()
    seat = Q(memberships__user=user, memberships__role__in=[MemberRole.LEADER, MemberRole.MEMBER])
    return Project.objects.filter(seat).distinct()


def can_manage_team(user: AnyUser, project: Project) -> bool:
    """Who is on the team and in which seat: the project's leader, the program lead, administrators."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if is_administrator(user) or user.pk == project.program.lead_id:
        return True
    return (
        user.has_perm("programs.change_project")
        and Membership.objects.filter(project=project, user=user, role=MemberRole.LEADER).exists()
    )


def can_comment(user: AnyUser, project: Project) -> bool:
    """Everyone who may see the project except its viewers: the team, the sponsor, the program lead."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if is_administrator(user) or user.pk in (project.program.sponsor_id, project.program.lead_id):
        return True
    seat = Q(role__in=[MemberRole.LEADER, MemberRole.MEMBER]) | Q(function=Function.SPONSOR)
    return Membership.objects.filter(seat, project=project, user=user).exists()


def team_project_for(user: AnyUser, pk: int) -> Project:
    """The project whose team ``user`` manages: 404 when not visible, 403 when only readable."""
    project = project_for(user, pk)
    if not can_manage_team(user, project):
        raise PermissionDenied("Only the project's leader or the program lead manages its team.")
    return project


def commentable_project_for(user: AnyUser, pk: int) -> Project:
    project = project_for(user, pk)
    if not can_comment(user, project):
        raise PermissionDenied("Viewers read the project; the team, its sponsor and program lead comment.")
    return project


def project_for(user: AnyUser, pk: int, *, write: bool = False) -> Project:
    """The project if ``user`` may see it (404 otherwise: its existence is not revealed).

    With ``write=True`` a visible project the user may not change raises PermissionDenied (403).
    """
    project = visible_projects(user).select_related("program").filter(pk=pk).first()
    if project is None:
        raise Http404("No such project")
    if write and not can_change_project(user, project):
        raise PermissionDenied("You may read this project but not change it.")
    return project


def program_for(user: AnyUser, pk: int, *, write: bool = False) -> Program:
    program = visible_programs(user).filter(pk=pk).first()
    if program is None:
        raise Http404("No such program")
    if write and not can_change_program(user, program):
        raise PermissionDenied(
            "Only the program's sponsor, its program lead or an administrator may change it."
        )
    return program


def can_change_program(user: AnyUser, program: Program) -> bool:
    """Program details and new projects: the sponsor, the program lead or an administrator."""
    return (
        isinstance(user, User)
        and user.has_perm("programs.change_program")
        and (is_administrator(user) or user.pk in (program.sponsor_id, program.lead_id))
    )


RecordT = TypeVar("RecordT", bound=Model)


def project_record_for(
    user: AnyUser,
    records: QuerySet[RecordT],
    pk: int,
    *,
    write: bool = False,
    what: str = "record",
    customer_records: bool = False,
) -> RecordT:
    """A record that belongs to a project (value model, data set, ...), with its project's visibility.

    404 when the project is not visible (the record's existence is not revealed), or when the record
    holds every customer's data (``customer_records``) and ``user`` sees only their own accounts; with
    ``write=True``, 403 for someone who may read the project but not change it.
    """
    if customer_records and sees_own_customers_only(user):
        raise Http404(f"No such {what}")
    # An administrator sees every project: the record alone, without the visibility subquery.
    scope = records if is_administrator(user) else records.filter(project__in=visible_projects(user))
    try:
        # get(), not first(): first() keeps the records' ordering (program, project and record names
        # across the joins), which one primary key does not need and every page paid for.
        record = scope.get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404(f"No such {what}") from None
    project: Any = getattr(record, "project")  # noqa: B009 - every record passed here has one
    if write and not can_change_project(user, project):
        raise PermissionDenied(f"You may read this {what} but not change it.")
    return record
