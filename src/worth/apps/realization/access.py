"""Who sees and enters which estimate and documenter: the project's, and a salesperson's own accounts.

The team, the sponsor and the program lead see every estimate and documenter of the project; a
salesperson who changes no project sees those of the customers they are responsible for, and no
others (to them the rest does not exist). The project's editors enter data; so does the customer's
responsible salesperson on the project team, for that customer. The customer manager sees one
documenter only, through its share link (``worth.apps.realization.sharing``), never through these.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from worth.apps.accounts.roles import Role
from worth.apps.programs.access import (
    AnyUser,
    can_change_project,
    role_names,
    sees_own_customers_only,
    visible_projects,
)
from worth.apps.programs.models import Project
from worth.apps.realization.models import Documenter, ValueEstimate
from worth.apps.research.access import visible_customers
from worth.apps.research.models import Customer


def visible_estimates(user: AnyUser) -> QuerySet[ValueEstimate]:
    found = ValueEstimate.objects.filter(project__in=visible_projects(user))
    if isinstance(user, User) and sees_own_customers_only(user):
        found = found.filter(customer__salesperson=user)
    return found.select_related("project__program", "customer", "version__model", "created_by")


def visible_documenters(user: AnyUser) -> QuerySet[Documenter]:
    found = Documenter.objects.filter(project__in=visible_projects(user))
    if isinstance(user, User) and sees_own_customers_only(user):
        found = found.filter(customer__salesperson=user)
    return found.select_related("project__program", "customer", "estimate__version__model")


def is_team_salesperson(user: AnyUser, project: Project) -> bool:
    """A salesperson with a seat on the project's team (they run calculators for their accounts)."""
    return (
        isinstance(user, User)
        and user.is_active
        and Role.SALESPERSON.value in role_names(user)
        and project.memberships.filter(user=user).exists()
    )


def can_enter(user: AnyUser, project: Project, customer: Customer | None) -> bool:
    """Save estimates, plan and record results: the project's editors, and the customer's salesperson
    on the team (``customer=None``: a new prospect, whom the salesperson will be responsible for)."""
    if can_change_project(user, project):
        return True
    if not is_team_salesperson(user, project):
        return False
    return customer is None or customer.salesperson_id == user.pk


def estimate_for(user: AnyUser, pk: int, *, write: bool = False) -> ValueEstimate:
    found = visible_estimates(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such value estimate")
    if write and not can_enter(user, found.project, found.customer):
        raise PermissionDenied("The project's team or the customer's salesperson works on this estimate.")
    return found


def documenter_for(user: AnyUser, pk: int, *, write: bool = False) -> Documenter:
    found = visible_documenters(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such value documenter")
    if write and not can_enter(user, found.project, found.customer):
        raise PermissionDenied("The project's team or the customer's salesperson records these results.")
    return found


def customers_for_estimates(user: AnyUser, project: Project) -> QuerySet[Customer]:
    """The customers ``user`` may save an estimate for in ``project``."""
    found = visible_customers(user)
    if not isinstance(user, User):
        return found.none()
    if not can_change_project(user, project):
        found = found.filter(salesperson=user)
    return found.order_by("name")
