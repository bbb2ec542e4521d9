"""Who sees and changes which customer, through the projects it takes part in.

A customer is visible to whoever may see a project it takes part in, to its responsible salesperson
and to administrators; to everyone else it does not exist (404). A salesperson on a project team who
may not change the project (the Salesperson role) sees only the customers they are responsible for,
on every page, list and API route, and enters their research data (the participation: status,
contacts, support, gives and gets), as seed 002 has salespeople recruit their own accounts.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from worth.apps.programs.access import (
    AnyUser,
    can_change_project,
    is_administrator,
    sees_own_customers_only,
    visible_projects,
)
from worth.apps.programs.models import Project
from worth.apps.research.models import Customer, Participation


def visible_participations(user: AnyUser) -> QuerySet[Participation]:
    if is_administrator(user):
        return Participation.objects.all()
    if not isinstance(user, User):
        return Participation.objects.none()
    found = Participation.objects.filter(project__in=visible_projects(user))
    if sees_own_customers_only(user):
        found = found.filter(customer__salesperson=user)
    return found


def visible_customers(user: AnyUser) -> QuerySet[Customer]:
    if is_administrator(user):
        return Customer.objects.all()
    if not isinstance(user, User):
        return Customer.objects.none()
    taking_part = visible_participations(user).values("customer")
    return Customer.objects.filter(Q(pk__in=taking_part) | Q(salesperson=user)).distinct()


def project_participations(user: AnyUser, project: Project) -> QuerySet[Participation]:
    return visible_participations(user).filter(project=project)


def can_change_participation(user: AnyUser, participation: Participation) -> bool:
    """The project's editors, and the customer's responsible salesperson on the team."""
    if can_change_project(user, participation.project):
        return True
    return (
        isinstance(user, User)
        and user.is_active
        and participation.customer.salesperson_id == user.pk
        and participation.project.memberships.filter(user=user).exists()
    )


def can_change_customer(user: AnyUser, customer: Customer) -> bool:
    """The customer record itself: an editor of a project it takes part in, or an administrator."""
    if is_administrator(user):
        return True
    projects = Project.objects.filter(participations__customer=customer).select_related("program")
    return any(can_change_project(user, project) for project in projects)


def participation_for(user: AnyUser, pk: int, *, write: bool = False) -> Participation:
    found = visible_participations(user).select_related("customer", "project__program").filter(pk=pk).first()
    if found is None:
        raise Http404("No such customer in this project")
    if write and not can_change_participation(user, found):
        raise PermissionDenied("The project's team or the customer's salesperson enters its research data.")
    return found


def customer_for(user: AnyUser, pk: int, *, write: bool = False, contacts: bool = False) -> Customer:
    """The customer if visible (404 otherwise). ``write``: its record; ``contacts``: its managers, which
    the responsible salesperson may add too."""
    found = visible_customers(user).select_related("salesperson").filter(pk=pk).first()
    if found is None:
        raise Http404("No such customer")
    if write and not can_change_customer(user, found):
        raise PermissionDenied("The teams of the projects it takes part in change this customer.")
    if contacts and not (can_change_customer(user, found) or found.salesperson_id == user.pk):
        raise PermissionDenied("The customer's salesperson and the teams it works with add its contacts.")
    return found
