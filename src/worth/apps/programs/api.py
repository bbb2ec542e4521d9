"""API routes for projects: the projects one may see, each with its team, loads, the method's advice,
workplan, comments and customers; all changed with the same rights as the pages.

The bodies are checked by the pages' own forms, so a script is refused with the same words, field by
field (422); a change made at a stale revision is refused with 409, as the pages refuse it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, QueryDict
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from worth.apps.core.api_bodies import Refused, json_body, refused_form
from worth.apps.core.locking import save_form_if_current
from worth.apps.programs.access import (
    commentable_project_for,
    project_for,
    team_project_for,
    visible_projects,
)
from worth.apps.programs.forms import CommentForm, MembershipForm, MilestoneForm
from worth.apps.programs.models import Comment, MemberRole, Membership, Milestone, Project
from worth.apps.programs.staffing import TeamRefusedError, hand_over_leadership, remove_member
from worth.apps.programs.team import Load, name_of, team_advice, team_loads
from worth.apps.research.access import participation_for, project_participations, visible_customers
from worth.apps.research.forms import ParticipationForm
from worth.apps.research.models import Meeting, Participation

router = Router(tags=["projects"])


class ProjectOut(Schema):
    id: int
    name: str
    program_id: int
    program: str
    phase: str
    decision: str
    business_issue: str
    success_definition: str
    starts: date | None
    ends: date | None
    practice: bool
    revision: int


class MemberOut(Schema):
    id: int
    username: str
    name: str
    seat: str
    function: str
    title: str
    commitment: int
    elsewhere: int
    total: int
    revision: int


class MilestoneOut(Schema):
    id: int
    title: str
    due: date
    owner: str | None
    done: date | None
    revision: int


class CommentOut(Schema):
    id: int
    author: str
    text: str
    created: str


class AdviceOut(Schema):
    topic: str
    text: str


class ProjectDetailOut(ProjectOut):
    team: list[MemberOut]
    advice: list[AdviceOut]
    milestones: list[MilestoneOut]


def _project(p: Project) -> dict[str, Any]:
    return {
        "id": p.pk,
        "name": p.name,
        "program_id": p.program_id,
        "program": p.program.name,
        "phase": p.phase,
        "decision": p.decision,
        "business_issue": p.business_issue,
        "success_definition": p.success_definition,
        "starts": p.starts,
        "ends": p.ends,
        "practice": p.practice,
        "revision": p.revision,
    }


def _member(load: Load) -> MemberOut:
    m = load.membership
    return MemberOut(
        id=m.pk,
        username=m.user.get_username(),
        name=name_of(m.user),
        seat=m.role,
        function=m.function,
        title=m.title,
        commitment=m.commitment,
        elsewhere=load.elsewhere,
        total=load.total,
        revision=m.revision,
    )


def _milestone(m: Milestone) -> MilestoneOut:
    owner = m.owner.get_username() if m.owner is not None else None
    return MilestoneOut(id=m.pk, title=m.title, due=m.due, owner=owner, done=m.done, revision=m.revision)


def _form_data(body: dict[str, Any], fields: tuple[str, ...], people: tuple[str, ...] = ()) -> QueryDict:
    """A JSON body as the page's form would post it; people are named by their user name."""
    data = QueryDict(mutable=True)
    for name in fields:
        value = body.get(name)
        if value is None:
            continue
        if name in people:
            found = User.objects.filter(username=str(value)).values_list("pk", flat=True).first()
            if found is None:
                raise Refused([(name, f"no active account named {value!r}")])
            value = found
        data[name] = str(value)
    return data


def _save(form: Any) -> None:
    conflict = save_form_if_current(form)
    if conflict is not None:
        changed = ", ".join(f"{c.label}: {c.opened} -> {c.now}" for c in conflict.changes)
        raise HttpError(409, f"changed by {conflict.who} since; revision now {conflict.revision}; {changed}")


SEAT_FIELDS = ("user", "role", "function", "title", "commitment", "revision")
MILESTONE_FIELDS = ("title", "due", "owner", "done", "revision")
#: What a new seat is when the body does not say (as the page's form starts).
NEW_SEAT = {"role": MemberRole.MEMBER.value, "function": "other", "commitment": 25}


@router.get("/projects", response=list[ProjectOut], summary="The projects you can see")
def list_projects(request: HttpRequest) -> list[dict[str, Any]]:
    projects = visible_projects(request.auth).select_related("program")  # type: ignore[attr-defined]
    return [_project(p) for p in projects]


@router.get("/projects/{project_id}", response=ProjectDetailOut, url_name="project", summary="One project")
def read_project(request: HttpRequest, project_id: int) -> dict[str, Any]:
    project = project_for(request.auth, project_id)  # type: ignore[attr-defined]
    loads = team_loads(project)
    return {
        **_project(project),
        "team": [_member(load) for load in loads],
        "advice": [AdviceOut(topic=a.topic, text=a.text) for a in team_advice(project, loads)],
        "milestones": [_milestone(m) for m in project.milestones.select_related("owner")],
    }


@router.post(
    "/projects/{project_id}/team",
    response={201: MemberOut},
    url_name="project_team",
    summary='Add a member: {"user": "name", "role": "member", "function": "sales", "commitment": 20}',
    description="For the project's leader, the program lead and administrators. Unsaid, a new seat is "
    "a member's, function other, 25 % of full time. Naming a leader makes the current leader a member.",
)
def add_member(request: HttpRequest, project_id: int) -> Status[MemberOut]:
    project = team_project_for(request.auth, project_id)  # type: ignore[attr-defined]
    body = {**NEW_SEAT, **json_body(request)}
    form = MembershipForm(_form_data(body, SEAT_FIELDS, ("user",)), project=project)
    if not form.is_valid():
        raise refused_form(form)
    with transaction.atomic():
        membership = form.save(commit=False)
        membership.project = project
        membership.save()
        hand_over_leadership(membership)
    load = next(x for x in team_loads(project) if x.membership.pk == membership.pk)
    return Status(201, _member(load))


def _seat(project: Project, member_id: int) -> Membership:
    found = project.memberships.select_related("user").filter(pk=member_id).first()
    if found is None:
        raise HttpError(404, "Not Found")
    return found


@router.put(
    "/projects/{project_id}/team/{member_id}",
    response=MemberOut,
    url_name="project_member",
    summary='Change a seat: {"revision": n, "role": ..., "function": ..., "title": ..., "commitment": ...}',
)
def change_member(request: HttpRequest, project_id: int, member_id: int) -> MemberOut:
    project = team_project_for(request.auth, project_id)  # type: ignore[attr-defined]
    seat = _seat(project, member_id)
    form = MembershipForm(_form_data(json_body(request), SEAT_FIELDS), instance=seat, project=project)
    if not form.is_valid():
        raise refused_form(form)
    with transaction.atomic():
        _save(form)
        hand_over_leadership(seat)
    return next(_member(x) for x in team_loads(project) if x.membership.pk == seat.pk)


@router.delete(
    "/projects/{project_id}/team/{member_id}",
    response={204: None},
    url_name="project_member",
    summary="Take a member off the team (never its leader: name another first)",
)
def remove_member_route(request: HttpRequest, project_id: int, member_id: int) -> Status[None]:
    project = team_project_for(request.auth, project_id)  # type: ignore[attr-defined]
    try:
        remove_member(_seat(project, member_id))
    except TeamRefusedError as refusal:
        raise Refused([("role", str(refusal))]) from None
    return Status(204, None)


@router.post(
    "/projects/{project_id}/milestones",
    response={201: MilestoneOut},
    url_name="project_milestones",
    summary='Add a milestone: {"title": ..., "due": "2027-01-15", "owner": "name"}',
)
def add_milestone(request: HttpRequest, project_id: int) -> Status[MilestoneOut]:
    project = project_for(request.auth, project_id, write=True)  # type: ignore[attr-defined]
    form = MilestoneForm(_form_data(json_body(request), MILESTONE_FIELDS, ("owner",)), project=project)
    if not form.is_valid():
        raise refused_form(form)
    milestone = form.save(commit=False)
    milestone.project = project
    milestone.save()
    return Status(201, _milestone(milestone))


def _step(project: Project, milestone_id: int) -> Milestone:
    found = project.milestones.filter(pk=milestone_id).first()
    if found is None:
        raise HttpError(404, "Not Found")
    return found


@router.put(
    "/projects/{project_id}/milestones/{milestone_id}",
    response=MilestoneOut,
    url_name="project_milestone",
    summary='Change a milestone (the whole of it, with "revision"); "done": "2027-01-10" marks it reached',
)
def change_milestone(request: HttpRequest, project_id: int, milestone_id: int) -> MilestoneOut:
    project = project_for(request.auth, project_id, write=True)  # type: ignore[attr-defined]
    step = _step(project, milestone_id)
    data = _form_data(json_body(request), MILESTONE_FIELDS, ("owner",))
    form = MilestoneForm(data, instance=step, project=project)
    if not form.is_valid():
        raise refused_form(form)
    _save(form)
    return _milestone(step)


@router.delete(
    "/projects/{project_id}/milestones/{milestone_id}",
    response={204: None},
    url_name="project_milestone",
    summary="Remove a milestone from the workplan",
)
def remove_milestone(request: HttpRequest, project_id: int, milestone_id: int) -> Status[None]:
    project = project_for(request.auth, project_id, write=True)  # type: ignore[attr-defined]
    _step(project, milestone_id).delete()
    return Status(204, None)


def _comment(c: Comment) -> CommentOut:
    return CommentOut(id=c.pk, author=c.author.get_username(), text=c.text, created=c.created.isoformat())


@router.get(
    "/projects/{project_id}/comments",
    response=list[CommentOut],
    url_name="project_comments",
    summary="The project's comments, oldest first",
)
def list_comments(request: HttpRequest, project_id: int) -> list[CommentOut]:
    project = project_for(request.auth, project_id)  # type: ignore[attr-defined]
    return [_comment(c) for c in project.comments.select_related("author")]


@router.post(
    "/projects/{project_id}/comments",
    response={201: CommentOut},
    url_name="project_comments",
    summary='Comment: {"text": ...} (the team, the sponsor and the program lead; not viewers)',
)
def add_comment(request: HttpRequest, project_id: int) -> Status[CommentOut]:
    project = commentable_project_for(request.auth, project_id)  # type: ignore[attr-defined]
    form = CommentForm(_form_data(json_body(request), ("text",)))
    if not form.is_valid():
        raise refused_form(form)
    note = form.save(commit=False)
    note.project, note.author = project, request.auth  # type: ignore[attr-defined]
    note.save()
    return Status(201, _comment(note))


class ParticipationOut(Schema):
    id: int
    customer_id: int
    customer: str
    salesperson: str | None
    subsegment: str
    model_id: str
    status: str
    declined_reason: str
    reasons: list[str]
    incentive: int
    gives: str
    gets: str
    contacts: list[str]
    salesperson_support: str
    revision: int


def _participation(p: Participation) -> ParticipationOut:
    salesperson = p.customer.salesperson
    return ParticipationOut(
        id=p.pk,
        customer_id=p.customer_id,
        customer=p.customer.name,
        salesperson=salesperson.get_username() if salesperson is not None else None,
        subsegment=p.subsegment,
        model_id=p.model_id,
        status=p.status,
        declined_reason=p.declined_reason,
        reasons=list(p.reasons),
        incentive=p.incentive,
        gives=p.gives,
        gets=p.gets,
        contacts=[str(c) for c in p.contacts.all()],
        salesperson_support=p.salesperson_support,
        revision=p.revision,
    )


@router.get(
    "/projects/{project_id}/customers",
    response=list[ParticipationOut],
    url_name="project_customers",
    summary="The project's customers and their part in the research (a salesperson: their own accounts)",
)
def list_participations(request: HttpRequest, project_id: int) -> list[ParticipationOut]:
    project = project_for(request.auth, project_id)  # type: ignore[attr-defined]
    rows = project_participations(request.auth, project)  # type: ignore[attr-defined]
    rows = rows.select_related("customer__salesperson").prefetch_related("contacts")
    return [_participation(p) for p in rows]


PARTICIPATION_FIELDS = (
    "subsegment",
    "model_id",
    "status",
    "declined_reason",
    "incentive",
    "gives",
    "gets",
    "salesperson_support",
    "revision",
)


@router.put(
    "/participations/{participation_id}",
    response=ParticipationOut,
    url_name="participation",
    summary='Change a customer’s part in the research: {"revision": n, "status": "agreed", ...}',
    description="The whole participation as read (reasons as a list of codes, contacts by id). For the "
    "project's team and the customer's responsible salesperson on it.",
)
def change_participation(request: HttpRequest, participation_id: int) -> ParticipationOut:
    participation = participation_for(request.auth, participation_id, write=True)  # type: ignore[attr-defined]
    body = json_body(request)
    data = _form_data(body, PARTICIPATION_FIELDS)
    for name in ("reasons", "contacts"):
        values = body.get(name) or []
        if not isinstance(values, list):
            raise Refused([(name, "a list")])
        data.setlist(name, [str(v) for v in values])
    form = ParticipationForm(
        data,
        instance=participation,
        project=participation.project,
        customers=visible_customers(request.auth),  # type: ignore[attr-defined]
    )
    if not form.is_valid():
        raise refused_form(form)
    _save(form)
    return _participation(participation_for(request.auth, participation_id))  # type: ignore[attr-defined]


class AgreementOut(Schema):
    element: str
    confirmed: str
    equation: str
    amended_equation: str
    note: str


class MeetingOut(Schema):
    id: int
    participation_id: int
    customer: str
    kind: str
    held: date
    supplier_participants: list[str]
    managers: list[str]
    data_sources: str
    follow_ups: str
    agreements: list[AgreementOut]
    revision: int


@router.get(
    "/projects/{project_id}/meetings",
    response=list[MeetingOut],
    url_name="project_meetings",
    summary="The meetings with the project's customers and what each agreed per element",
)
def list_meetings(request: HttpRequest, project_id: int) -> list[MeetingOut]:
    project = project_for(request.auth, project_id)  # type: ignore[attr-defined]
    visible = project_participations(request.auth, project)  # type: ignore[attr-defined]
    found = (
        Meeting.objects.filter(participation__in=visible)
        .select_related("participation__customer")
        .prefetch_related("supplier_participants", "managers", "agreements")
    )
    return [
        MeetingOut(
            id=m.pk,
            participation_id=m.participation_id,
            customer=m.participation.customer.name,
            kind=m.kind,
            held=m.held,
            supplier_participants=[u.get_username() for u in m.supplier_participants.all()],
            managers=[str(c) for c in m.managers.all()],
            data_sources=m.data_sources,
            follow_ups=m.follow_ups,
            agreements=[
                AgreementOut(
                    element=a.element,
                    confirmed=a.confirmed,
                    equation=a.equation,
                    amended_equation=a.amended_equation,
                    note=a.note,
                )
                for a in m.agreements.all()
            ],
            revision=m.revision,
        )
        for m in found
    ]
