"""The demo case: a bearings and condition-monitoring supplier selling to pulp and paper mills.

Loaded by ``worth demo`` (and ``make demo``). Every record is created or updated by a natural key,
so loading twice changes nothing. Later areas add their part of the case here (value model,
pricing data), always from the files in ``examples/`` so the command line and the web app show the
same numbers.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from worth.apps.accounts.roles import Role
from worth.apps.accounts.setup import ensure_role_groups
from worth.apps.cases.models import BusinessCase
from worth.apps.cases.services import present
from worth.apps.merchants.demo import load_demo_merchants
from worth.apps.offerings.demo import load_demo_offering
from worth.apps.pricing.demo import load_demo_pricing, load_demo_strategy
from worth.apps.programs.models import (
    Comment,
    Decision,
    Function,
    MemberRole,
    Membership,
    Milestone,
    Phase,
    Program,
    Project,
)
from worth.apps.propositions.models import Proposition
from worth.apps.realization.demo import load_demo_realization
from worth.apps.research.models import (
    Agreement,
    Contact,
    Customer,
    Incentive,
    Meeting,
    MeetingKind,
    Participation,
    Reason,
    Status,
    Support,
)
from worth.apps.valuecycle.demo import load_demo_valuecycle
from worth.apps.valuemodels.models import ValueModelRecord
from worth.apps.valuemodels.services import import_model_text

ORGANISATION = "Nordkap Bearings"
DEMO_MODEL_FILE = "bearings-pulp-paper.yaml"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    password_file: Path


@dataclass(frozen=True)
class DemoPerson:
    username: str
    title: str
    roles: tuple[Role, ...]


#: People are named by their job, as a case study would; the admin account is the printed login.
PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("demo", "Demo administrator", (Role.ADMINISTRATOR, Role.PROGRAM_LEAD)),
    DemoPerson("sponsor", "VP Pulp & Paper segment (sponsor)", (Role.PROGRAM_LEAD,)),
    DemoPerson("pilot-lead", "Value program manager", (Role.PROGRAM_LEAD,)),
    DemoPerson("leader", "Value project leader", (Role.ANALYST,)),
    DemoPerson("engineer", "Field application engineer", (Role.ANALYST,)),
    DemoPerson("marketing", "Product marketing manager", (Role.ANALYST,)),
    DemoPerson("sales-large", "Account manager, large mills", (Role.SALESPERSON,)),
    DemoPerson("sales-small", "Account manager, small and mid-size mills", (Role.SALESPERSON,)),
    DemoPerson("controller", "Business controller", (Role.READ_ONLY,)),
)

PROGRAM = {
    "name": "Value merchants pilot 2027",
    "success_target": "$1M incremental profit within 12 months from the approved business cases",
    "target_profit": Decimal("1000000.00"),
    "currency": "USD",
    "starts": date(2026, 9, 7),
    "ends": date(2027, 5, 28),
}

PROJECTS: tuple[dict[str, Any], ...] = (
    {
        "name": "Condition-monitored bearings for pulp and paper mills",
        "business_issue": "Mills buy our premium spherical roller bearings on price against the principal "
        "competitor's standard bearings run to failure. What are sealed bearings with wireless condition "
        "monitoring worth to a mill, and can we charge for it?",
        "scope": "Offering: sealed premium bearings + condition monitoring service, per mill and year. "
        "Segment: pulp and paper mills in Europe and North America; subsegments by mill size (400,000 t/yr).",
        "success_definition": "A business case for change with $600k incremental profit within 12 months",
        "phase": Phase.RESEARCH,
        "decision": Decision.PRICING,
        "starts": date(2026, 9, 7),
        "ends": date(2027, 1, 29),
    },
    {
        "name": "Service agreement: standard, option or surcharge?",
        "business_issue": "Lubrication audits and on-site alignment are given away to close deals. Which "
        "services should be standard, which a paid option, which pruned?",
        "scope": "Services for the pulp and paper segment; both subsegments.",
        "success_definition": "$250k incremental profit from recast services",
        "phase": Phase.WORKSHOP,
        "decision": Decision.SERVICES,
        "starts": date(2026, 11, 2),
        "ends": date(2027, 5, 28),
    },
    {
        "name": "Pocket price discipline in distribution",
        "business_issue": "Invoice prices stray far below guidelines through stacked discounts and "
        "off-invoice rebates. Where does the money leak, and which discounts buy a customer action?",
        "scope": "All bearing invoices of the last 24 months.",
        "success_definition": "$150k recovered through policy and pricing discipline",
        "phase": Phase.PROJECT,
        "decision": Decision.PRICING,
        "starts": date(2027, 1, 11),
        "ends": date(2027, 4, 30),
    },
)


@dataclass(frozen=True)
class Seat:
    username: str
    role: MemberRole
    function: Function
    title: str
    commitment: int


SMALL_MILLS = "Account manager, small and mid-size mills"

#: Each project's team (by position in PROJECTS): the value project leader leads all three, and is
#: committed past full time, which the team pages point out; the service project has one salesperson.
TEAMS: tuple[tuple[Seat, ...], ...] = (
    (
        Seat("leader", MemberRole.LEADER, Function.LEADER, "Value project leader", 50),
        Seat("engineer", MemberRole.MEMBER, Function.FIELD, "Field application engineer", 25),
        Seat("marketing", MemberRole.MEMBER, Function.MARKETING, "Product marketing manager", 25),
        Seat("sales-large", MemberRole.MEMBER, Function.SALES, "Account manager, large mills", 20),
        Seat(
            "sales-small", MemberRole.MEMBER, Function.SALES, "Account manager, small and mid-size mills", 20
        ),
        Seat("controller", MemberRole.VIEWER, Function.OTHER, "Business controller", 10),
        Seat("sponsor", MemberRole.VIEWER, Function.SPONSOR, "VP Pulp & Paper segment", 5),
    ),
    (
        Seat("leader", MemberRole.LEADER, Function.LEADER, "Value project leader", 30),
        Seat("engineer", MemberRole.MEMBER, Function.FIELD, "Field application engineer", 20),
        Seat(
            "sales-small", MemberRole.MEMBER, Function.SALES, "Account manager, small and mid-size mills", 15
        ),
    ),
    (
        Seat("leader", MemberRole.LEADER, Function.LEADER, "Value project leader", 30),
        Seat("controller", MemberRole.MEMBER, Function.OTHER, "Business controller", 20),
    ),
)

#: The manager who must carry out each project's business case (not its leader, as the method asks).
IMPLEMENTERS = ("marketing", "engineer", None)


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    due: date
    owner: str
    done: date | None = None
    measure: str = ""


WORKPLANS: tuple[tuple[DemoMilestone, ...], ...] = (
    (
        DemoMilestone("Customer value workshop", date(2026, 9, 18), "leader", date(2026, 9, 17)),
        DemoMilestone(
            "Six mills recruited per subsegment", date(2026, 10, 9), "sales-large", date(2026, 10, 14)
        ),
        DemoMilestone("Initial meetings held at every mill", date(2026, 10, 30), "leader", date(2026, 11, 6)),
        DemoMilestone("Stop logs, stores and payroll data gathered", date(2026, 12, 11), "engineer"),
        DemoMilestone(
            "Analysis and resonating focus value proposition",
            date(2027, 1, 15),
            "marketing",
            measure="Both subsegments' propositions free of warnings, agreed by three mills each",
        ),
        DemoMilestone(
            "Business case presented to senior management",
            date(2027, 1, 29),
            "leader",
            measure="A decision recorded by the sponsor",
        ),
    ),
    (
        DemoMilestone(
            "Workshop breakout: services and their alternatives",
            date(2026, 11, 13),
            "leader",
            date(2026, 11, 13),
        ),
        DemoMilestone("Mills invited to the service research", date(2026, 11, 27), "sales-small"),
        DemoMilestone("Initial meetings on lubrication audits", date(2027, 1, 15), "engineer"),
    ),
    (DemoMilestone("24 months of invoice lines with every discount", date(2027, 1, 22), "controller"),),
)

#: What the sponsor and the program lead said on the projects' pages.
COMMENTS: tuple[tuple[int, str, str], ...] = (
    (
        0,
        "sponsor",
        "Bring the small mills' view of the energy savings to the presentation: I want to see their own "
        "figures, not our assumption.",
    ),
    (
        1,
        "pilot-lead",
        "This runs past six months. Could the lubrication audits be a first phase, ready by February?",
    ),
)


def demo_password(path: Path) -> str:
    """One generated password for all demo users, kept in the data folder so reruns print the same."""
    if path.exists() and path.read_text(encoding="utf-8").strip():
        return path.read_text(encoding="utf-8").strip()
    password = "value-" + secrets.token_hex(4)
    path.write_text(password, encoding="utf-8")
    path.chmod(0o600)
    return password


def _person(person: DemoPerson, password: str, groups: dict[Role, Group]) -> User:
    user, created = User.objects.get_or_create(username=person.username)
    user.first_name = person.title
    user.email = f"{person.username}@nordkap.example"
    user.is_staff = Role.ADMINISTRATOR in person.roles
    user.is_superuser = Role.ADMINISTRATOR in person.roles
    if created or not user.check_password(password):
        user.set_password(password)
    user.save()
    user.groups.set([groups[r] for r in person.roles])
    return user


#: Why the demo model has two versions: what the second round of mill interviews changed.
FIRST_VERSION_NOTE = "First round of mill visits: stop logs, stores and payroll data gathered"
SECOND_VERSION_NOTE = (
    "Second round: Norrvik Bruk's controller estimated its contribution margin; "
    "small mills contest the energy savings"
)


def _first_version(text: str) -> str:
    """The demo model as it stood before the second round of interviews (the example file is after it).

    Norrvik Bruk's contribution margin was then the industry benchmark the team assumed, and the
    small mills had not yet been asked about energy, so it was a hypothesized point of difference.
    """
    from worth.engine.model.io import dump_model, parse_model, read_model_text

    data = read_model_text(text, source=DEMO_MODEL_FILE).model.to_data()
    for customer in data["customers"]:
        if customer["id"] == "NB-L01":
            customer["observations"]["Contribution margin per production hour"] = {
                "value": 8500,
                "source": "supplier-assumption",
                "method": "Industry benchmark for integrated mills of this size",
                "date": "2024-01-15",
                "reliability": "Assumption until the mill states its own figure",
            }
    for element in data["elements"]:
        if element["name"] == "Energy":
            element["classification"]["Small and mid-size mills"] = {"as": "point-of-difference"}
    return dump_model(parse_model(data))


def _value_model(project: Project, user: User) -> ValueModelRecord:
    """The example file as the model's latest version; a new demo also gets the version before it."""
    path = Path(settings.EXAMPLES_DIR) / DEMO_MODEL_FILE
    text = path.read_text(encoding="utf-8")
    if not ValueModelRecord.objects.filter(project=project).exists():
        import_model_text(
            project=project, text=_first_version(text), filename=path.name, user=user, note=FIRST_VERSION_NOTE
        )
    return import_model_text(
        project=project, text=text, filename=path.name, user=user, note=SECOND_VERSION_NOTE
    )


#: The demo's propositions: the large mills' on the current version, written from Worth's suggestion;
#: the small mills' still on the first version, when energy was a hypothesized difference for them.
PROPOSITIONS: list[dict[str, Any]] = [
    {
        "subsegment": "Large integrated mills",
        "version": 2,
        "focus": [
            {"element": "Unplanned downtime", "role": "difference"},
            {"element": "Bearing consumption", "role": "difference"},
            {"element": "Delivery lead time", "role": "parity"},
            {"element": "Sensor installation time", "role": "addressed"},
        ],
        "statement": (
            "Condition monitoring on every critical bearing cuts your unplanned stops: for the large "
            "mills we studied that is worth about $224,000 a year of production no longer lost, and "
            "about $72,000 a year in bearings, because each one runs to its real end of life. Our "
            "bearings arrive as quickly as you are used to. Fitting the sensors takes our technicians "
            "a few hours per machine during a planned shutdown, which we schedule with your "
            "maintenance team: about $7,600 a year of your people's time, which we count against the "
            "savings."
        ),
        "alternative_value": "410000",
    },
    {
        "subsegment": "Small and mid-size mills",
        "version": 1,
        "focus": [
            {"element": "Unplanned downtime", "role": "difference"},
            {"element": "Energy", "role": "difference"},
            {"element": "Delivery lead time", "role": "parity"},
            {"element": "Sensor installation time", "role": "addressed"},
        ],
        "statement": (
            "Fewer unplanned stops and lower energy bills: monitored low-friction bearings keep your "
            "machines running and use less power."
        ),
        "alternative_value": None,
    },
]


def _propositions(model: ValueModelRecord, user: User) -> int:
    for spec in PROPOSITIONS:
        Proposition.objects.update_or_create(
            model=model,
            subsegment=spec["subsegment"],
            defaults={
                "project": model.project,
                "version": model.versions.get(number=spec["version"]),
                "focus": spec["focus"],
                "statement": spec["statement"],
                "alternative_value": spec["alternative_value"],
                "created_by": user,
                "updated_by": user,
            },
        )
    return len(PROPOSITIONS)


#: The large mills' business case: 40 large mills in the market, each adopting one worth about $9,000 a
#: month of incremental profit (the price premium of $181,857 a year at a 60 % margin), a ramp over 18
#: months, the sensor programme's investment and the value team's running cost.
BUSINESS_CASE: dict[str, Any] = {
    "title": "Condition-monitored bearings for the large mills",
    "actions": (
        "Offer condition-monitored bearings with its proposition to the 40 large integrated mills\n"
        "Train the large-mill account managers to sell on downtime, not on bearing price\n"
        "Price the offering from its value: a premium of $181,857 a year per mill"
    ),
    "resources": (
        "Two field engineers for sensor installation (from month 2)\n"
        "Value team of three at quarter time: $25,000 a month\n"
        "Sensor tooling and stock: $450,000 before the launch"
    ),
    "concerns": (
        "Will mills accept a premium over the competitor's bearings? The research mills agreed the "
        "downtime and bearing figures; each mill is shown its own\n"
        "Do we have the installers? Two engineers cover four installations a month"
    ),
    "period": "month",
    "periods": 18,
    "profit_at_full_adoption": Decimal("360000.00"),
    "adoption": "2, 4, 7, 10, 14, 18, 22, 26, 30, 34, 38, 42, 45, 48, 50, 52, 54, 55",
    "investment": Decimal("450000.00"),
    "running_cost": Decimal("25000.00"),
    "cost_of_capital": Decimal("9"),
    "target_amount": Decimal("1000000.00"),
    "target_within": 12,
}


def _business_case(project: Project, user: User) -> BusinessCase:
    """The large mills' case, presented to the sponsor (who may decide on it in the demo)."""
    proposition = Proposition.objects.get(model__project=project, subsegment="Large integrated mills")
    case, _ = BusinessCase.objects.get_or_create(
        project=project,
        title=BUSINESS_CASE["title"],
        defaults={**BUSINESS_CASE, "proposition": proposition, "created_by": user, "updated_by": user},
    )
    if case.editable:
        for name, value in BUSINESS_CASE.items():
            setattr(case, name, value)
        case.proposition = proposition
        case.save()
        present(case, user, opened_at=case.revision)
    return case


def _teams(projects: list[Project], users: dict[str, User]) -> None:
    for project, seats, implementer, plan in zip(projects, TEAMS, IMPLEMENTERS, WORKPLANS, strict=True):
        for seat in seats:
            Membership.objects.update_or_create(
                project=project,
                user=users[seat.username],
                defaults={
                    "role": seat.role,
                    "function": seat.function,
                    "title": seat.title,
                    "commitment": seat.commitment,
                },
            )
        manager = users[implementer] if implementer else None
        if project.implementing_manager != manager:
            project.implementing_manager = manager
            project.save(update_fields=["implementing_manager"])
        for step in plan:
            Milestone.objects.update_or_create(
                project=project,
                title=step.title,
                defaults={
                    "due": step.due,
                    "owner": users[step.owner],
                    "done": step.done,
                    "measure": step.measure,
                },
            )
    for index, username, text in COMMENTS:
        Comment.objects.get_or_create(project=projects[index], author=users[username], text=text)


#: The research customers' part, by the model's customer id: status, reasons, incentive, support.
#: Two mills outside the model: a prospect that declined, and a candidate still to be prepared.
COOPERATION: dict[str, tuple[Status, tuple[Reason, ...], Incentive, Support]] = {
    "NB-L01": (
        Status.DATA_GATHERED,
        (Reason.RESOURCE, Reason.BENCHMARK),
        Incentive.BENCHMARK,
        Support.SUPPORTIVE,
    ),
    "NB-L02": (Status.DATA_GATHERED, (Reason.BENCHMARK,), Incentive.BENCHMARK, Support.SUPPORTIVE),
    "NB-L03": (Status.DATA_GATHERED, (Reason.EARLY_ACCESS,), Incentive.BENCHMARK, Support.SUPPORTIVE),
    "NB-L04": (Status.DATA_GATHERED, (Reason.RESOURCE,), Incentive.FINDINGS, Support.SUPPORTIVE),
    "NB-L05": (
        Status.DATA_GATHERED,
        (Reason.BENCHMARK, Reason.EARLY_ACCESS),
        Incentive.BENCHMARK,
        Support.SUPPORTIVE,
    ),
    "NB-L06": (Status.AGREED, (Reason.LOWER_PRICE,), Incentive.PRICE, Support.SUPPORTIVE),
    "NB-L07": (Status.DATA_GATHERED, (Reason.EARLY_ACCESS,), Incentive.BENCHMARK, Support.SUPPORTIVE),
    "NB-S01": (Status.DATA_GATHERED, (Reason.RESOURCE,), Incentive.FINDINGS, Support.SUPPORTIVE),
    "NB-S02": (Status.DATA_GATHERED, (Reason.BENCHMARK,), Incentive.FINDINGS, Support.SUPPORTIVE),
    "NB-S03": (
        Status.DATA_GATHERED,
        (Reason.RESOURCE, Reason.BENCHMARK),
        Incentive.FINDINGS,
        Support.SUPPORTIVE,
    ),
    "NB-S04": (Status.AGREED, (Reason.LOWER_PRICE,), Incentive.PRICE, Support.CONTACTED),
    "NB-S05": (Status.DATA_GATHERED, (Reason.RESOURCE,), Incentive.FINDINGS, Support.SUPPORTIVE),
    "NB-S06": (Status.AGREED, (Reason.EARLY_ACCESS,), Incentive.FINDINGS, Support.SUPPORTIVE),
    "NB-S07": (Status.DATA_GATHERED, (Reason.BENCHMARK,), Incentive.BENCHMARK, Support.SUPPORTIVE),
}
GIVES = "Two years of stop logs, stores issues and maintenance payroll; a day with the maintenance team"
GETS = {
    Incentive.FINDINGS: "The findings about its own downtime and maintenance costs",
    Incentive.BENCHMARK: "The findings and a benchmark against mills of its size",
    Incentive.PRICE: "The findings, the benchmark and a first year of monitoring at the pilot price",
}
#: The managers the team meets at each mill, named by their job; the controller at the large mills.
MANAGERS = (("Mill manager", "Operations"), ("Maintenance manager", "Maintenance"))
LARGE_MILL_CONTROLLER = ("Mill controller", "Finance")


def _characteristics(values: dict[str, Any]) -> str:
    return (
        f"{values['Annual production']:,} t/yr, {values['Paper machines']} paper machines, "
        f"{values['Region']}, mill age {values['Mill age']} years"
    )


def _research_customers(project: Project, users: dict[str, User]) -> int:
    """The mills of the demo model as the organisation's customers, with their part in the research."""
    from worth.engine.model.io import read_model_text

    path = Path(settings.EXAMPLES_DIR) / DEMO_MODEL_FILE
    model = read_model_text(path.read_text(encoding="utf-8"), source=path.name).model.to_data()
    mills = {c["id"]: c for c in model["customers"]}
    extra = {
        "NB-P01": (
            Status.DECLINED,
            "Large integrated mills",
            "Will not share stop logs with a supplier this year",
        ),
        "NB-P03": (Status.CANDIDATE, "Small and mid-size mills", ""),
    }
    for mill_id, mill in mills.items():
        if mill_id not in COOPERATION and mill_id not in extra:
            continue
        subsegment = mill.get("subsegment") or extra[mill_id][1]
        large = subsegment.startswith("Large")
        customer, _ = Customer.objects.update_or_create(
            name=mill["name"],
            defaults={
                "salesperson": users["sales-large" if large else "sales-small"],
                "characteristics": _characteristics(mill["characteristics"]),
            },
        )
        managers = [*MANAGERS, *([LARGE_MILL_CONTROLLER] if large else [])]
        contacts = [
            Contact.objects.get_or_create(customer=customer, name=name, defaults={"function": function})[0]
            for name, function in managers
        ]
        if mill_id in COOPERATION:
            status, reasons, incentive, support = COOPERATION[mill_id]
            fields: dict[str, Any] = {
                "status": status,
                "reasons": [r.value for r in reasons],
                "incentive": incentive,
                "gives": GIVES,
                "gets": GETS[incentive],
                "salesperson_support": support,
                "declined_reason": "",
            }
        else:
            status, _, why = extra[mill_id]
            fields = {"status": status, "declined_reason": why, "salesperson_support": Support.CONTACTED}
        participation, _ = Participation.objects.update_or_create(
            project=project,
            customer=customer,
            defaults={
                "subsegment": subsegment,
                "model_id": mill_id if mill_id in COOPERATION else "",
                **fields,
            },
        )
        if mill_id in COOPERATION:
            participation.contacts.set(contacts)
    return Participation.objects.filter(project=project).count()


#: The sponsor's question on the value model itself.
MODEL_COMMENT = (
    "Norrvik Bruk's margin rose by 1,300 USD an hour in the second round: whose figure is it, and is it "
    "audited?"
)
#: The initial meetings, held in the weeks after the mills were recruited (October to November 2026).
MEETING_START = date(2026, 10, 12)
DATA_SOURCES = (
    "Stop logs from the maintenance system (two years), stores issues, payroll from the controller; "
    "within three weeks"
)
#: One mill where the salesperson could not come: the meeting log points it out.
SALESPERSON_ABSENT = "NB-S06"
CONTESTED_ENERGY = (
    "The mill sees no measurable friction losses at its machine speeds and will not count energy savings"
)
AMENDED_DOWNTIME = (
    "Unplanned downtime savings = ([Unplanned downtime hours per year, alternative] - "
    "[Unplanned downtime hours per year, offering]) x [Contribution margin per production hour] "
    "x [Share of stops that halt the line]"
)


def _meetings(project: Project, users: dict[str, User]) -> int:
    """An initial meeting at every mill that agreed, with what it agreed per element of the model."""
    from worth.engine.model.io import read_model_text

    path = Path(settings.EXAMPLES_DIR) / DEMO_MODEL_FILE
    elements = read_model_text(path.read_text(encoding="utf-8"), source=path.name).model.to_data()["elements"]
    count = 0
    for n, participation in enumerate(
        project.participations.filter(model_id__in=list(COOPERATION))
        .select_related("customer")
        .order_by("model_id")
    ):
        held = MEETING_START + timedelta(days=2 * n)
        meeting, _ = Meeting.objects.update_or_create(
            participation=participation,
            kind=MeetingKind.INITIAL,
            defaults={
                "held": held,
                "data_sources": DATA_SOURCES,
                "follow_ups": "Send the data request in writing; book the data visit",
            },
        )
        people: list[User | None] = [users["leader"]]
        if participation.model_id != SALESPERSON_ABSENT:
            people += [users["engineer"], participation.customer.salesperson]
        meeting.supplier_participants.set([p for p in people if p is not None])
        meeting.managers.set(
            participation.customer.contacts.filter(name__in=["Mill manager", "Maintenance manager"])
        )
        for element in elements:
            seen = element["classification"].get(participation.subsegment, {}).get("as", "")
            fields = {
                "confirmed": seen,
                "equation": "agreed" if element.get("equation") else "",
                "note": "",
                "amended_equation": "",
            }
            if element["name"] == "Energy" and seen == "point-of-contention":
                fields["note"] = CONTESTED_ENERGY
                fields["equation"] = ""
            if element["name"] == "Unplanned downtime" and participation.model_id == "NB-L01":
                fields |= {
                    "equation": "amended",
                    "amended_equation": AMENDED_DOWNTIME,
                    "note": "Only stops that halt the line count",
                }
            Agreement.objects.update_or_create(meeting=meeting, element=element["name"], defaults=fields)
        count += 1
    return count


def load_demo(*, progress: Callable[[str], None] | None = None) -> DemoLogin:
    """Create or update the demo case; returns the login to print."""
    say = progress or (lambda _step: None)
    password_file = Path(settings.DATA_DIR) / "demo-password.txt"
    password = demo_password(password_file)
    with transaction.atomic():
        groups = ensure_role_groups()
        say(f"{ORGANISATION}: {len(PEOPLE)} people with their roles")
        users = {p.username: _person(p, password, groups) for p in PEOPLE}
        program, _ = Program.objects.update_or_create(
            name=PROGRAM["name"],
            defaults={**PROGRAM, "sponsor": users["sponsor"], "lead": users["pilot-lead"]},
        )
        say(f"program “{program.name}” with {len(PROJECTS)} projects")
        projects = []
        for spec in PROJECTS:
            project, _ = Project.objects.update_or_create(
                program=program, name=spec["name"], defaults={k: v for k, v in spec.items() if k != "name"}
            )
            projects.append(project)
        _teams(projects, users)
        say("teams with their loads, workplans and the sponsor's comments")
        model = _value_model(projects[0], users["leader"])
        say(f"value model “{model.name}” from examples/{DEMO_MODEL_FILE}")
        say(f"{_research_customers(projects[0], users)} mills in the research, with their managers")
        say(f"{_meetings(projects[0], users)} initial meetings with what each mill agreed")
        say(f"{_propositions(model, users['leader'])} value propositions, one still on the first version")
        case = _business_case(projects[0], users["leader"])
        say(f"business case “{case.title}”, {case.get_status_display().lower()}")
        load_demo_realization(projects[0], model, users, say)
        load_demo_offering(projects[0], users["leader"], say)
        load_demo_valuecycle(projects[0], users, say)
        load_demo_strategy(project=projects[0], user=users["leader"], say=say)
        load_demo_merchants(program, users, say)
        Comment.objects.get_or_create(
            project=projects[0],
            author=users["sponsor"],
            text=MODEL_COMMENT,
            about_type=ContentType.objects.get_for_model(model),
            about_id=model.pk,
        )
    # Outside the transaction: the invoice import writes files, which a rollback would not remove.
    rows = getattr(settings, "WORTH_DEMO_INVOICE_ROWS", None)
    extra = {"rows": int(rows)} if rows else {}
    load_demo_pricing(project=projects[2], user=users["leader"], say=say, **extra)
    return DemoLogin(username="demo", password=password, password_file=password_file)
