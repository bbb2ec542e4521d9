"""Every route, tried by every kind of person, on the records of their own project and of another.

The routes come from the URL configuration itself, so a new route fails here until its view declares
who may reach it (``worth.apps.core.routes``) and this file knows how to build its URL. Each route is
requested by each persona on project A's records (the personas' own project) and on project B's (a
second project, in another program, that none of them is on): the class of the route says what each
must get, and project B's records must not exist for any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.payloads import EXAMPLE
from tests.web.conftest import make_user
from tests.web.test_pricing_support import HAND_CSV, HAND_POLICY
from worth.apps.accounts.models import ApiToken
from worth.apps.accounts.roles import Role
from worth.apps.cases.models import BusinessCase
from worth.apps.core.models import Job
from worth.apps.core.routes import Access, access_of
from worth.apps.offerings.models import OfferingComponent
from worth.apps.pricing.models import CostStructure, InvoiceDataset, InvoiceImport, PricingPolicy
from worth.apps.pricing.services import ImportRequest, save_policy_text, start_dataset_import
from worth.apps.programs.models import MemberRole, Membership, Milestone, Program, Project
from worth.apps.propositions.models import Proposition
from worth.apps.propositions.services import start_proposition
from worth.apps.realization.models import CaseHistory, Documenter, ShareLink, ValueEstimate
from worth.apps.realization.services import EstimateRequest, calculator_of, save_estimate, start_documenter
from worth.apps.realization.sharing import issue_link
from worth.apps.research.models import Contact, Customer, Meeting, Participation
from worth.apps.valuecycle.models import JourneyMap, Stage
from worth.apps.valuecycle.services import take_review
from worth.apps.valuemodels.models import ModelPart, ValueModelRecord
from worth.apps.valuemodels.services import import_model_text
from worth.apps.valuemodels.versions import current_version

PERSONAS = ("owner", "member", "viewer", "salesperson", "sponsor", "outsider", "other_lead", "anonymous")


# ------------------------------------------------------------------------------------------- the routes


def _routes(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + (f"{pattern.namespace}:" if pattern.namespace else ""))
        elif pattern.name:
            yield prefix + pattern.name, pattern


ALL_ROUTES = dict(_routes(get_resolver()))
OURS = sorted(name for name in ALL_ROUTES if not name.startswith("admin:"))


@dataclass
class Records:
    """One project's records, as a route's URL needs them."""

    program: Program
    project: Project
    model: ValueModelRecord
    dataset: InvoiceDataset
    attempt: InvoiceImport
    policy: PricingPolicy
    job: Job
    token: ApiToken
    doomed: InvoiceDataset
    part: ModelPart
    membership: Membership
    milestone: Milestone
    customer: Customer
    participation: Participation
    meeting: Meeting
    contact: Contact
    proposition: Proposition
    case: BusinessCase
    estimate: ValueEstimate
    documenter: Documenter
    link: ShareLink
    link_token: str
    structure: CostStructure
    component: OfferingComponent
    journey: JourneyMap
    stage: Stage
    seller: User | None


#: How to build each route's URL arguments from a project's records; a new route must be added here.
ROUTE_ARGS: dict[str, Callable[[Records], dict[str, Any]]] = {
    "home": lambda r: {},
    "login": lambda r: {},
    "logout": lambda r: {},
    "healthz": lambda r: {},
    "area": lambda r: {"slug": "documenters"},
    "job": lambda r: {"pk": r.job.pk},
    "job-cancel": lambda r: {"pk": r.job.pk},
    "accounts:profile": lambda r: {},
    "accounts:token-create": lambda r: {},
    "accounts:token-delete": lambda r: {"pk": r.token.pk},
    "accounts:password-change": lambda r: {},
    "accounts:password-done": lambda r: {},
    "programs:list": lambda r: {},
    "programs:program-create": lambda r: {},
    "programs:program": lambda r: {"pk": r.program.pk},
    "programs:program-edit": lambda r: {"pk": r.program.pk},
    "programs:project-create": lambda r: {"program_pk": r.program.pk},
    "programs:project": lambda r: {"pk": r.project.pk},
    "programs:project-edit": lambda r: {"pk": r.project.pk},
    "programs:team": lambda r: {"pk": r.project.pk},
    "programs:member-add": lambda r: {"pk": r.project.pk},
    "programs:member": lambda r: {"pk": r.project.pk, "member_pk": r.membership.pk},
    "programs:member-remove": lambda r: {"pk": r.project.pk, "member_pk": r.membership.pk},
    "programs:milestone-new": lambda r: {"pk": r.project.pk},
    "programs:milestone": lambda r: {"pk": r.project.pk, "milestone_pk": r.milestone.pk},
    "programs:milestone-remove": lambda r: {"pk": r.project.pk, "milestone_pk": r.milestone.pk},
    "programs:comment": lambda r: {"pk": r.project.pk},
    "research:customers": lambda r: {},
    "research:customer": lambda r: {"pk": r.customer.pk},
    "research:contact-add": lambda r: {"pk": r.customer.pk},
    "research:contact": lambda r: {"pk": r.customer.pk, "contact_pk": r.contact.pk},
    "research:contact-remove": lambda r: {"pk": r.customer.pk, "contact_pk": r.contact.pk},
    "research:project-customers": lambda r: {"pk": r.project.pk},
    "research:participation-new": lambda r: {"pk": r.project.pk},
    "research:participation": lambda r: {"pk": r.participation.pk},
    "research:checklist": lambda r: {"pk": r.project.pk},
    "research:workshop": lambda r: {"pk": r.project.pk},
    "research:analysis": lambda r: {"pk": r.project.pk},
    "research:practice": lambda r: {"pk": r.project.pk},
    "research:meetings": lambda r: {"pk": r.project.pk},
    "research:meeting-new": lambda r: {"pk": r.participation.pk},
    "research:meeting": lambda r: {"pk": r.meeting.pk},
    "valuemodels:list": lambda r: {},
    "valuemodels:import": lambda r: {"project_pk": r.project.pk},
    "valuemodels:new": lambda r: {"project_pk": r.project.pk},
    "valuemodels:summary-css": lambda r: {},
    "valuemodels:detail": lambda r: {"pk": r.model.pk},
    "valuemodels:build": lambda r: {"pk": r.model.pk},
    "valuemodels:part-new": lambda r: {"pk": r.model.pk, "kind": "driver"},
    "valuemodels:part": lambda r: {"pk": r.model.pk, "part_pk": r.part.pk},
    "valuemodels:part-remove": lambda r: {"pk": r.model.pk, "part_pk": r.part.pk},
    "valuemodels:part-move": lambda r: {"pk": r.model.pk, "part_pk": r.part.pk},
    "valuemodels:part-history": lambda r: {"pk": r.model.pk, "part_pk": r.part.pk},
    "valuemodels:classification": lambda r: {"pk": r.model.pk},
    "valuemodels:draft-save": lambda r: {"pk": r.model.pk},
    "valuemodels:draft-discard": lambda r: {"pk": r.model.pk},
    "valuemodels:report": lambda r: {"pk": r.model.pk},
    "valuemodels:file": lambda r: {"pk": r.model.pk},
    "valuemodels:sensitivity": lambda r: {"pk": r.model.pk},
    "valuemodels:simulate": lambda r: {"pk": r.model.pk},
    "valuemodels:simulation": lambda r: {"pk": r.model.pk, "job_pk": r.job.pk},
    "valuemodels:prospects": lambda r: {"pk": r.model.pk},
    "valuemodels:equation": lambda r: {"pk": r.model.pk},
    "valuemodels:data": lambda r: {"pk": r.model.pk},
    "valuemodels:data-file": lambda r: {"pk": r.model.pk, "fmt": "xlsx"},
    "valuemodels:data-import": lambda r: {"pk": r.model.pk},
    "valuemodels:versions": lambda r: {"pk": r.model.pk},
    "valuemodels:version": lambda r: {"pk": r.model.pk, "number": 1},
    "valuemodels:version-file": lambda r: {"pk": r.model.pk, "number": 1},
    "valuemodels:version-report": lambda r: {"pk": r.model.pk, "number": 1},
    "valuemodels:compare": lambda r: {"pk": r.model.pk},
    "propositions:list": lambda r: {},
    "propositions:program": lambda r: {"pk": r.program.pk},
    "propositions:project": lambda r: {"pk": r.project.pk},
    "propositions:proposition": lambda r: {"pk": r.proposition.pk},
    "propositions:rest-on-current": lambda r: {"pk": r.proposition.pk},
    "cases:project": lambda r: {"pk": r.project.pk},
    "cases:new": lambda r: {"pk": r.project.pk},
    "cases:case": lambda r: {"pk": r.case.pk},
    "cases:present": lambda r: {"pk": r.case.pk},
    "cases:decide": lambda r: {"pk": r.case.pk},
    "cases:report": lambda r: {"pk": r.case.pk, "fmt": "html"},
    "realization:calculators": lambda r: {},
    "realization:calculator": lambda r: {"pk": r.project.pk},
    "realization:calculator-file": lambda r: {"pk": r.project.pk},
    "realization:estimate-save": lambda r: {"pk": r.project.pk},
    "realization:estimate": lambda r: {"pk": r.estimate.pk},
    "realization:estimate-file": lambda r: {"pk": r.estimate.pk},
    "realization:proposal": lambda r: {"pk": r.estimate.pk},
    "realization:documenter-start": lambda r: {"pk": r.estimate.pk},
    "realization:documenters": lambda r: {},
    "realization:documenter": lambda r: {"pk": r.documenter.pk},
    "realization:results": lambda r: {"pk": r.documenter.pk},
    "realization:share-create": lambda r: {"pk": r.documenter.pk},
    "realization:share-revoke": lambda r: {"pk": r.documenter.pk, "link_pk": r.link.pk},
    "realization:comment": lambda r: {"pk": r.documenter.pk},
    "realization:to-research": lambda r: {"pk": r.documenter.pk},
    "realization:shared": lambda r: {"token": r.link_token},
    "realization:case-history": lambda r: {"pk": r.documenter.pk},
    "realization:case-history-file": lambda r: {"pk": r.documenter.pk, "variant": "anonymized"},
    "pricing:index": lambda r: {},
    "pricing:dataset_import": lambda r: {"project_pk": r.project.pk},
    "pricing:import_status": lambda r: {"pk": r.attempt.pk},
    "pricing:dataset": lambda r: {"pk": r.dataset.pk},
    "pricing:dataset_delete": lambda r: {"pk": r.doomed.pk},
    "pricing:waterfall": lambda r: {"pk": r.dataset.pk},
    "pricing:band": lambda r: {"pk": r.dataset.pk},
    "pricing:compensation": lambda r: {"pk": r.dataset.pk},
    "pricing:mix": lambda r: {"pk": r.dataset.pk},
    "pricing:policy": lambda r: {"project_pk": r.project.pk},
    "pricing:policy_import": lambda r: {"project_pk": r.project.pk},
    "pricing:policy_file": lambda r: {"project_pk": r.project.pk},
    "pricing:value_price": lambda r: {"project_pk": r.project.pk},
    "pricing:levers": lambda r: {"project_pk": r.project.pk},
    "pricing:strategy": lambda r: {"project_pk": r.project.pk},
    "offerings:index": lambda r: {},
    "merchants:program": lambda r: {"pk": r.program.pk},
    "merchants:codes": lambda r: {"pk": r.program.pk},
    "programs:learning": lambda r: {"pk": r.program.pk},
    "merchants:person": lambda r: {"pk": r.program.pk, "person_pk": r.seller.pk if r.seller else 0},
    "merchants:assess": lambda r: {"pk": r.program.pk, "person_pk": r.seller.pk if r.seller else 0},
    "offerings:project": lambda r: {"pk": r.project.pk},
    "offerings:component-new": lambda r: {"pk": r.project.pk},
    "offerings:component-edit": lambda r: {"pk": r.project.pk, "component_pk": r.component.pk},
    "offerings:component-delete": lambda r: {"pk": r.project.pk, "component_pk": r.component.pk},
    "valuecycle:project": lambda r: {"pk": r.project.pk},
    "valuecycle:map-new": lambda r: {"pk": r.project.pk},
    "valuecycle:map": lambda r: {"pk": r.journey.pk},
    "valuecycle:map-edit": lambda r: {"pk": r.journey.pk},
    "valuecycle:map-delete": lambda r: {"pk": r.journey.pk},
    "valuecycle:review-new": lambda r: {"pk": r.journey.pk},
    "valuecycle:review": lambda r: {"pk": r.journey.pk, "number": 1},
    "valuecycle:part-new": lambda r: {"pk": r.journey.pk, "kind": "stage"},
    "valuecycle:part": lambda r: {"pk": r.journey.pk, "kind": "stage", "part_pk": r.stage.pk},
    "valuecycle:part-delete": lambda r: {"pk": r.journey.pk, "kind": "stage", "part_pk": r.stage.pk},
    "pricing:structure_new": lambda r: {"project_pk": r.project.pk},
    "pricing:structure_edit": lambda r: {"project_pk": r.project.pk, "pk": r.structure.pk},
    "pricing:structure_delete": lambda r: {"project_pk": r.project.pk, "pk": r.structure.pk},
    "api:api-root": lambda r: {},
    "api:openapi-json": lambda r: {},
    "api:openapi-view": lambda r: {},
    "api:me": lambda r: {},
    "api:list_models": lambda r: {},
    "api:model_summary": lambda r: {"model_id": r.model.pk},
    "api:list_versions": lambda r: {"model_id": r.model.pk},
    "api:version_summary": lambda r: {"model_id": r.model.pk, "number": 1},
    "api:compare_versions": lambda r: {"model_id": r.model.pk},
    "api:model_parts": lambda r: {"model_id": r.model.pk},
    "api:model_part": lambda r: {"model_id": r.model.pk, "part_id": r.part.pk},
    "api:model_draft": lambda r: {"model_id": r.model.pk},
    "api:customer_value": lambda r: {"model_id": r.model.pk, "customer_id": "NB-L01"},
    "api:list_projects": lambda r: {},
    "api:project": lambda r: {"project_id": r.project.pk},
    "api:project_team": lambda r: {"project_id": r.project.pk},
    "api:project_member": lambda r: {"project_id": r.project.pk, "member_id": r.membership.pk},
    "api:project_milestones": lambda r: {"project_id": r.project.pk},
    "api:project_milestone": lambda r: {"project_id": r.project.pk, "milestone_id": r.milestone.pk},
    "api:project_comments": lambda r: {"project_id": r.project.pk},
    "api:project_customers": lambda r: {"project_id": r.project.pk},
    "api:participation": lambda r: {"participation_id": r.participation.pk},
    "api:project_meetings": lambda r: {"project_id": r.project.pk},
    "api:documenter": lambda r: {"documenter_id": r.documenter.pk},
    "api:project_offering": lambda r: {"project_id": r.project.pk},
    "api:journey_map": lambda r: {"map_id": r.journey.pk},
    "api:project_strategy": lambda r: {"project_id": r.project.pk},
    "api:documenter_results": lambda r: {"documenter_id": r.documenter.pk},
    "api:project_levers": lambda r: {"project_id": r.project.pk},
    "api:dataset_compensation": lambda r: {"dataset_id": r.dataset.pk},
    "api:dataset_mix": lambda r: {"dataset_id": r.dataset.pk},
    "api:program_merchants": lambda r: {"program_id": r.program.pk},
}
#: Routes whose program (not project) decides: the sponsor, the program lead and administrators change it.
PROGRAM_ROUTES = {
    "programs:program",
    "programs:program-edit",
    "programs:project-create",
    "cases:decide",  # senior management decides on a business case
    "merchants:codes",  # the program's managers say whose each salesperson code is
}
#: Routes that destroy their record: tried by every refused persona first, then by one allowed one.
DESTRUCTIVE = {
    "pricing:dataset_delete",
    "pricing:structure_delete",
    "offerings:component-delete",
    "valuecycle:map-delete",
    "valuecycle:part-delete",
    "accounts:token-delete",
    "programs:member-remove",
    "programs:milestone-remove",
    "research:contact-remove",
    "api:project_member",
    "api:project_milestone",
}
#: A salesperson's value merchant pages: the salesperson themself and the program's sponsor (or program
#: lead, or an administrator) reach them; to everyone else who sees the program they do not exist.
SALESPERSON_AND_PROGRAM_MANAGER = {"merchants:person", "merchants:assess"}
#: The API root only exists so the API can find its own path: it answers 404 to everyone.
ALWAYS_404 = {"api:api-root"}
#: Logging out ends on the login page, for everyone.
ENDS_AT_LOGIN = {"logout"}


def test_every_route_declares_who_may_reach_it() -> None:
    missing = [name for name, p in ALL_ROUTES.items() if access_of(name, p.callback) is None]
    assert missing == [], f"declare these with worth.apps.core.routes.reached_by or ROUTES: {missing}"
    unknown = [name for name in OURS if name not in ROUTE_ARGS]
    assert unknown == [], f"tell test_route_access how to build the URL of: {unknown}"


# ------------------------------------------------------------------------------------------- the people


@dataclass
class Site:
    people: dict[str, User | None]
    admin: User
    a: Records
    b: Records


def _lines(project: Project, editor: User, tmp: Path, name: str) -> InvoiceImport:
    source = tmp / f"{name}-{project.pk}.csv"
    source.write_text(HAND_CSV, encoding="utf-8")
    attempt = start_dataset_import(
        project=project,
        user=editor,
        request=ImportRequest(name=name, source=source, source_name="lines.csv"),
    )
    assert attempt.dataset is not None
    return attempt


def _records(
    program: Program, project: Project, editor: User, tmp: Path, salesperson: User | None = None
) -> Records:
    model = import_model_text(
        project=project, text=EXAMPLE.read_text(encoding="utf-8"), filename=None, user=editor
    )
    attempt = _lines(project, editor, tmp, "Lines")
    doomed = _lines(project, editor, tmp, "Doomed").dataset
    assert attempt.dataset is not None
    assert doomed is not None
    policy = save_policy_text(project=project, text=HAND_POLICY, user=editor)
    client = Client()
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    client.post(reverse("valuemodels:simulate", args=[model.pk]), {"draws": "1000", "seed": "1"})
    job = Job.objects.filter(user=editor, kind="simulation").latest("pk")
    token, _ = ApiToken.objects.issue(user=editor, name="notebook")
    part = model.parts.get(kind="element", position=0)
    # A seat that may be changed and removed: a member who is no persona of the test.
    extra = User.objects.create_user(f"temp-{project.pk}")
    membership = Membership.objects.create(project=project, user=extra, role=MemberRole.MEMBER)
    milestone = Milestone.objects.create(project=project, title="Workshop", due=date(2027, 1, 15))
    customer = Customer.objects.create(name=f"Mill of {project.name}", salesperson=salesperson)
    participation = Participation.objects.create(project=project, customer=customer, subsegment="Large mills")
    meeting = Meeting.objects.create(participation=participation, held=date(2026, 10, 12))
    contact = Contact.objects.create(customer=customer, name="Mill manager", function="Operations")
    proposition = start_proposition(model, "Large integrated mills", editor)
    case = BusinessCase.objects.create(
        project=project,
        proposition=proposition,
        title="Case",
        profit_at_full_adoption=100_000,
        adoption="10, 20",
        periods=4,
    )
    version = current_version(model)
    assert version is not None
    calculator = calculator_of(version, "Large integrated mills")
    estimate = save_estimate(
        project=project,
        version=version,
        calculator=calculator,
        request=EstimateRequest(
            values={k: repr(v) for k, v in calculator.defaults().items()}, sources={}, customer=customer
        ),
        user=editor,
    )
    documenter = start_documenter(estimate, editor)
    link, link_token = issue_link(documenter, manager="Mill manager", days=30, user=editor)
    CaseHistory.objects.create(documenter=documenter, title="Story", narrative="N", anonymous_name="A mill")
    journey = JourneyMap.objects.create(project=project, name="Mills", scope="Large mills")
    stage = Stage.objects.create(journey=journey, name="Use")
    take_review(journey, editor, note="First")
    return Records(
        program,
        project,
        model,
        attempt.dataset,
        attempt,
        policy,
        job,
        token,
        doomed,
        part,
        membership,
        milestone,
        customer,
        participation,
        meeting,
        contact,
        proposition,
        case,
        estimate,
        documenter,
        link,
        link_token,
        CostStructure.objects.create(
            project=project, name="Bearings", period="2025", price=100, units=1000, variable_cost=70
        ),
        OfferingComponent.objects.create(project=project, name="Sensors", element="Unplanned downtime"),
        journey,
        stage,
        salesperson,
    )


@pytest.fixture(scope="module")
def built_site(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Site]:
    """The people and both projects' records, built once for the module's tests.

    They are built in a transaction that is rolled back after the last test; each test runs in a
    savepoint inside it (pytest-django's ``db``), so what one test changes never reaches the next.
    Files are the exception: the one route that removes files (deleting a data set) is given a data
    set of its own (``Records.doomed``).
    """
    tmp = tmp_path_factory.mktemp("route-access")
    quick = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(WORTH_JOBS_INLINE=True, DATA_DIR=tmp, PASSWORD_HASHERS=quick),
        transaction.atomic(),
    ):
        yield _site(tmp)
        transaction.set_rollback(True)


@pytest.fixture
def site(built_site: Site, db: None) -> Site:
    """The module's site, for one test in a savepoint of its own."""
    return built_site


def _site(tmp_path: Path) -> Site:
    people: dict[str, User | None] = {
        "owner": make_user("owner", Role.ANALYST),
        "member": make_user("member", Role.ANALYST),
        "viewer": make_user("viewer", Role.READ_ONLY),
        "salesperson": make_user("salesperson", Role.SALESPERSON),
        "sponsor": make_user("sponsor", Role.PROGRAM_LEAD),
        "outsider": make_user("outsider", Role.ANALYST),
        "other_lead": make_user("other_lead", Role.PROGRAM_LEAD),
        "anonymous": None,
    }
    admin = make_user("admin", Role.ADMINISTRATOR)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    program_a = Program.objects.create(name="Pilot A", sponsor=people["sponsor"], success_target="$1M")
    project_a = Project.objects.create(program=program_a, name="Bearings A", business_issue="Price")
    seats = {"owner": MemberRole.LEADER, "member": MemberRole.MEMBER, "viewer": MemberRole.VIEWER}
    seats["salesperson"] = MemberRole.MEMBER
    for name, seat in seats.items():
        Membership.objects.create(project=project_a, user=people[name], role=seat)
    other = Program.objects.create(
        name="Other pilot", sponsor=admin, lead=people["other_lead"], success_target="t"
    )
    Project.objects.create(program=other, name="Theirs", business_issue="x")
    sponsor_b, owner_b = make_user("sponsor_b", Role.PROGRAM_LEAD), make_user("owner_b", Role.ANALYST)
    program_b = Program.objects.create(name="Pilot B", sponsor=sponsor_b, success_target="$2M")
    project_b = Project.objects.create(program=program_b, name="Bearings B", business_issue="Price")
    Membership.objects.create(project=project_b, user=owner_b, role=MemberRole.LEADER)
    a = _records(program_a, project_a, people["owner"], tmp_path, people["salesperson"])  # type: ignore[arg-type]
    b = _records(program_b, project_b, owner_b, tmp_path)
    return Site(people, admin, a, b)


#: Routes of records that hold every customer's data (a value model, an invoice data set, an import):
#: the salesperson, who changes no project, sees only their own accounts, so these do not exist for them.
EVERY_CUSTOMER = {
    "api:project_offering",
    "api:dataset_compensation",
    "api:dataset_mix",
    "api:project_strategy",
    "pricing:strategy",
    "offerings:project",
    "api:compare_versions",
    "api:customer_value",
    "api:list_versions",
    "api:model_draft",
    "api:model_part",
    "api:model_parts",
    "api:model_summary",
    "api:version_summary",
    "pricing:band",
    "pricing:compensation",
    "pricing:mix",
    "pricing:dataset",
    "pricing:dataset_delete",
    "pricing:import_status",
    "pricing:waterfall",
    "cases:case",
    "cases:present",
    "cases:decide",
    "cases:report",
    "propositions:proposition",
    "propositions:rest-on-current",
    "valuemodels:build",
    "valuemodels:classification",
    "valuemodels:compare",
    "valuemodels:data",
    "valuemodels:data-file",
    "valuemodels:data-import",
    "valuemodels:detail",
    "valuemodels:draft-discard",
    "valuemodels:draft-save",
    "valuemodels:equation",
    "valuemodels:file",
    "valuemodels:part",
    "valuemodels:part-history",
    "valuemodels:part-move",
    "valuemodels:part-new",
    "valuemodels:part-remove",
    "valuemodels:prospects",
    "valuemodels:report",
    "valuemodels:sensitivity",
    "valuemodels:simulate",
    "valuemodels:simulation",
    "valuemodels:version",
    "valuemodels:version-file",
    "valuemodels:version-report",
    "valuemodels:versions",
}


def _sees(persona: str, own: bool, route: str = "") -> bool:
    if persona == "salesperson" and route in EVERY_CUSTOMER:
        return False
    return own and persona in ("owner", "member", "viewer", "salesperson", "sponsor")


def _changes(persona: str, own: bool, route: str) -> bool:
    """The sponsor (and program lead) change the program; the project's records are its team's."""
    if route in PROGRAM_ROUTES:
        return own and persona == "sponsor"
    return own and persona in ("owner", "member")


def _comments(persona: str, own: bool) -> bool:
    """The team (whatever its role allows it to change), the sponsor and the program lead; not viewers."""
    return own and persona in ("owner", "member", "salesperson", "sponsor")


def _enters_customer_data(persona: str, own: bool) -> bool:
    """The team's editors, and the salesperson responsible for project A's customer (on its team)."""
    return own and persona in ("owner", "member", "salesperson")


def _leads(persona: str, own: bool) -> bool:
    return own and persona == "owner"


def expected(access: Access, route: str, persona: str, own: bool) -> str:
    """What ``persona`` must get: "ok" (served, whatever it says), "login", "403", "404" or "401"."""
    if route in ALWAYS_404:
        return "404"
    if route in ENDS_AT_LOGIN:
        return "login"
    if persona == "anonymous" and access is not Access.ANONYMOUS:
        return "401" if route.startswith("api:") and route != "api:openapi-view" else "login"
    if route in SALESPERSON_AND_PROGRAM_MANAGER:
        return "ok" if own and persona in ("salesperson", "sponsor") else "404"
    return {
        Access.ANONYMOUS: "ok",
        Access.ANY_USER: "ok",
        Access.PROGRAM_LEAD: "ok" if persona in ("sponsor", "other_lead") else "403",
        Access.MEMBER: "ok" if _sees(persona, own, route) else "404",
        Access.EDITOR: ("ok" if _changes(persona, own, route) else "403")
        if _sees(persona, own, route)
        else "404",
        Access.COMMENTER: ("ok" if _comments(persona, own) else "403") if _sees(persona, own) else "404",
        Access.LEADER: ("ok" if _leads(persona, own) else "403") if _sees(persona, own) else "404",
        Access.CUSTOMER_EDITOR: ("ok" if _enters_customer_data(persona, own) else "403")
        if _sees(persona, own)
        else "404",
        Access.OWN: "ok" if own and persona == "owner" else "404",
        Access.ADMINISTRATOR: "login",
    }[access]


def _outcome(response: Any) -> str:
    status = response.status_code
    if status == 302 and "/login/" in response["Location"]:
        return "login"
    if status in (401, 403, 404, 405) or status >= 500:
        return str(status)
    return "ok"


def _request(client: Client, method: str, url: str) -> Any:
    """The route asked with ``method`` and an empty body (a form, or JSON for the API's PUT)."""
    if method == "GET":
        return client.get(url)
    if method == "PUT":
        return client.put(url, data="{}", content_type="application/json")
    if method == "DELETE":
        return client.delete(url)
    return client.post(url, {})


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("route", OURS)
def test_each_persona_gets_what_the_route_class_allows(site: Site, route: str) -> None:
    pattern = ALL_ROUTES[route]
    declared = access_of(route, pattern.callback)
    assert declared is not None
    checked = 0
    for records, own in ((site.b, False), (site.a, True)):
        url = reverse(route, kwargs=ROUTE_ARGS[route](records))
        for method, access in declared.items():
            people = sorted(PERSONAS, key=lambda p: expected(access, route, p, own) == "ok")
            for persona in people:
                want = expected(access, route, persona, own)
                response = _request(_client(site.people[persona]), method, url)
                got = _outcome(response)
                assert got == want, f"{persona} {method} {url} ({access}): got {response.status_code}"
                checked += 1
                if route in DESTRUCTIVE and want == "ok":
                    break
    assert checked >= len(PERSONAS)


@pytest.mark.parametrize("route", OURS)
def test_a_method_a_route_does_not_declare_is_refused(site: Site, route: str) -> None:
    declared = access_of(route, ALL_ROUTES[route].callback) or {}
    url = reverse(route, kwargs=ROUTE_ARGS[route](site.a))
    for method in {"GET", "POST"} - set(declared) if route not in ALWAYS_404 else ():
        client = _client(site.admin)
        response = client.get(url) if method == "GET" else client.post(url, {})
        assert response.status_code == 405, (route, method, response.status_code)


def test_the_admin_is_for_administrators_only(site: Site) -> None:
    plain = [
        name for name, p in ALL_ROUTES.items() if name.startswith("admin:") and not p.pattern.regex.groups
    ]
    skip = ("admin:logout", "admin:login", "admin:autocomplete")  # autocomplete needs its query
    urls = [reverse(name) for name in plain if name not in skip]
    urls.append(reverse("admin:valuemodels_valuemodelrecord_change", args=[site.b.model.pk]))
    assert len(urls) > 10
    for url in urls:
        # Login attempts and lock-outs are written by the login limit, never added by hand.
        read_only = url.startswith("/admin/axes/") and url.endswith("/add/")
        assert _client(site.admin).get(url).status_code == (403 if read_only else 200), url
        for persona in PERSONAS:
            response = _client(site.people[persona]).get(url)
            assert response.status_code == 302, (persona, url)
            # The app's login for anonymous visitors, the admin's for people who are not staff.
            assert response["Location"].startswith((reverse("login"), reverse("admin:login"))), (persona, url)


def test_nothing_of_project_b_changed(site: Site) -> None:
    """The refused requests above left project B as it was (one test of many personas posting)."""
    before = (
        site.b.model.revision,
        site.b.policy.revision,
        InvoiceDataset.objects.filter(project=site.b.project).count(),
    )
    for persona in PERSONAS:
        client = _client(site.people[persona])
        client.post(reverse("pricing:dataset_delete", args=[site.b.dataset.pk]))
        client.post(
            reverse("pricing:policy_import", args=[site.b.project.pk]),
            {"text": "company: X", "revision": "1"},
        )
        client.post(
            reverse("programs:project-edit", args=[site.b.project.pk]), {"name": "Taken", "revision": "1"}
        )
    site.b.model.refresh_from_db()
    site.b.policy.refresh_from_db()
    site.b.project.refresh_from_db()
    after = (
        site.b.model.revision,
        site.b.policy.revision,
        InvoiceDataset.objects.filter(project=site.b.project).count(),
    )
    assert before == after
    assert site.b.project.name == "Bearings B"
