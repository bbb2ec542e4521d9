"""A project team's loads and the method's advice on its make-up (seed 002, "Translating Business
Issues into Projects").

The advice is computed from the records, never ticked: the team page shows it where it applies and
the program page counts it. Loads are summed across every project a person is on, but a person who
reads this project is told only the total elsewhere, never the names of projects they may not see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Sum

from worth.apps.programs.models import LONGEST_PROJECT_DAYS, Function, MemberRole, Membership, Project

#: Up to half time for the leader, about a quarter for everyone else (seed 002).
LEADER_GUIDE = 50
MEMBER_GUIDE = 25
FULL_TIME = 100
#: Two or three salespeople on every team (seed 002).
SALESPEOPLE = (2, 3)


@dataclass(frozen=True)
class Load:
    """One team member's time: on this project, on their other projects, and against the method's guide."""

    membership: Membership
    elsewhere: int

    @property
    def user(self) -> User:
        return self.membership.user

    @property
    def here(self) -> int:
        return self.membership.commitment

    @property
    def total(self) -> int:
        return self.here + self.elsewhere

    @property
    def guide(self) -> int:
        return LEADER_GUIDE if self.membership.role == MemberRole.LEADER else MEMBER_GUIDE

    @property
    def above_guide(self) -> bool:
        return self.here > self.guide

    @property
    def overcommitted(self) -> bool:
        return self.total > FULL_TIME


@dataclass(frozen=True)
class Advice:
    """One point of the method the team's records do not yet follow, in words a leader can act on."""

    topic: str
    text: str


def name_of(user: User | None) -> str:
    if user is None:
        return "nobody"
    return user.get_full_name() or user.get_username()


def team_loads(project: Project) -> list[Load]:
    """Every member's load, in two queries whatever the size of the team."""
    memberships = list(project.memberships.select_related("user").order_by("role", "user__first_name"))
    others = (
        Membership.objects.filter(user__in=[m.user_id for m in memberships])
        .exclude(project=project)
        .values("user")
        .annotate(total=Sum("commitment"))
    )
    elsewhere = {row["user"]: int(row["total"] or 0) for row in others}
    return [Load(m, elsewhere.get(m.user_id, 0)) for m in memberships]


def team_advice(project: Project, loads: list[Load]) -> list[Advice]:
    """What the method advises that this team does not yet do."""
    advice: list[Advice] = []
    leaders = [load for load in loads if load.membership.role == MemberRole.LEADER]
    if not leaders:
        advice.append(Advice("Leader", "Name a team leader: senior management selects one before the start."))
    manager = project.implementing_manager
    if manager is not None and any(load.user.pk == manager.pk for load in leaders):
        advice.append(
            Advice(
                "Leader",
                f"{name_of(manager)} leads the team and must also implement the business case: the method "
                "recommends another, more objective manager as leader, with the implementer a contributor.",
            )
        )
    sales = sum(1 for load in loads if load.membership.function == Function.SALES)
    low, high = SALESPEOPLE
    if not low <= sales <= high:
        advice.append(
            Advice(
                "Sales",
                f"The team has {sales} {'salesperson' if sales == 1 else 'salespeople'}; the method advises "
                "two or three from the start: they "
                "know the customers and win their cooperation.",
            )
        )
    wanted = ((Function.FIELD, "field or technical"), (Function.MARKETING, "marketing or development"))
    for function, what in wanted:
        if not any(load.membership.function == function for load in loads):
            advice.append(Advice("Make-up", f"Nobody on the team comes from {what}."))
    if not any(load.membership.function == Function.SPONSOR for load in loads):
        advice.append(
            Advice(
                "Sponsor",
                f"No senior manager sponsors this team yet; until one is named, the program's sponsor "
                f"({name_of(project.program.sponsor)}) does. Decide it before the project starts.",
            )
        )
    for load in loads:
        who = name_of(load.user)
        if load.above_guide:
            role = "the leader, up to" if load.guide == LEADER_GUIDE else "a member, about"
            advice.append(
                Advice(
                    "Load",
                    f"{who} gives {load.here} % to this project; the method expects {role} {load.guide} %.",
                )
            )
        if load.overcommitted:
            advice.append(
                Advice(
                    "Load",
                    f"{who} is committed {load.total} % of full time across projects "
                    f"({load.here} % here, {load.elsewhere} % elsewhere).",
                )
            )
    if project.too_long:
        advice.append(
            Advice(
                "Timeline",
                f"The project runs {project.days} days, longer than six months "
                f"({LONGEST_PROJECT_DAYS} days): split it into phases of three or four months, "
                "each with its own result.",
            )
        )
    return advice
