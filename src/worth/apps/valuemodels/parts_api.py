"""The model's parts through the API: read them, add and change them, save the draft as a version,
and read one customer's value: what a CRM integration needs to push a customer's data and read back
what it is worth.

The same rules as the pages: who may see the project reads, who may change it writes (403 for the
others who see it, 404 for everyone else); a part is checked on its own when it is written (422 with
each problem and its field) and the whole model when the draft is saved (422 with each problem and
its path); a change based on a revision someone else has since saved is refused (409, with what they
changed). Bodies are read after the access check, so nobody learns from a validation error that a
model exists.
"""

from __future__ import annotations

from typing import Any, get_args

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from worth.apps.core.api_bodies import Refused, json_body
from worth.apps.core.computed import remember
from worth.apps.core.locking import StaleEdit
from worth.apps.valuemodels.access import model_for
from worth.apps.valuemodels.models import ModelPart, ValueModelRecord, model_version
from worth.apps.valuemodels.records import (
    NothingToSave,
    PartProblem,
    draft_of,
    remove_part,
    save_draft,
    save_part,
)
from worth.engine.model.analysis import analyse_model
from worth.engine.model.customer_values import customer_values
from worth.engine.model.errors import ModelError
from worth.engine.model.parts import LISTED, PartKind

router = Router(tags=["value model parts"])

KINDS: tuple[str, ...] = get_args(PartKind)
BODY_HELP = {"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}}


class PartOut(Schema):
    id: int
    kind: str
    key: str
    position: int
    revision: int
    data: dict[str, Any]
    updated: str
    updated_by: str | None


class ProblemOut(Schema):
    field: str
    message: str


class DraftOut(Schema):
    version: int | None
    saveable: bool
    issues: list[ProblemOut]
    changes: int


class SavedVersionOut(Schema):
    number: int
    sha256: str
    note: str


class ElementValueOut(Schema):
    element: str
    value: float | None = Field(description="Money per period, signed: an unfavourable element is negative.")


class CustomerValueOut(Schema):
    customer_id: str
    name: str
    subsegment: str | None
    version: int
    currency: str
    period: str
    delta_value: float | None
    offering_price: float
    alternative_price: float
    delta_price: float
    margin: float | None
    value_exceeds_premium: bool | None
    elements: list[ElementValueOut]


def _out(part: ModelPart) -> PartOut:
    who = part.updated_by
    return PartOut(
        id=part.pk,
        kind=part.kind,
        key=part.key,
        position=part.position,
        revision=part.revision,
        data=part.data,
        updated=part.updated.isoformat(),
        updated_by=(who.get_full_name() or who.get_username()) if who is not None else None,
    )


def _data(body: dict[str, Any]) -> dict[str, Any]:
    """The part's fields; ``save_part`` checks them and puts them in the file's form."""
    data = body.get("data")
    if not isinstance(data, dict):
        raise Refused([("data", "the part's fields as a JSON object")])
    return data


def _part(record: ValueModelRecord, part_id: int) -> ModelPart:
    part = record.parts.filter(pk=part_id).first()
    if part is None:
        raise HttpError(404, "Not Found")
    return part


@router.get(
    "/models/{model_id}/parts",
    response=list[PartOut],
    url_name="model_parts",
    summary="The parts of a model's draft (optionally of one kind)",
)
def list_parts(request: HttpRequest, model_id: int, kind: str | None = None) -> list[PartOut]:
    record = model_for(request.auth, model_id)  # type: ignore[attr-defined]
    parts = record.parts.select_related("updated_by").order_by("kind", "position", "key")
    if kind:
        parts = parts.filter(kind=kind)
    return [_out(p) for p in parts]


@router.post(
    "/models/{model_id}/parts",
    response={201: PartOut},
    url_name="model_parts",
    summary='Add a part to the draft: {"kind": "customer", "data": {...}}',
    description="422 with each problem and its field; 403 for readers of the project.",
    openapi_extra=BODY_HELP,
)
def add_part(request: HttpRequest, model_id: int) -> Status[PartOut]:
    record = model_for(request.auth, model_id, write=True)  # type: ignore[attr-defined]
    body = json_body(request)
    kind = body.get("kind")
    if kind not in KINDS or kind in ("header", "offering", "segment"):
        listed = ", ".join(k for k in KINDS if k not in ("header", "offering", "segment"))
        raise Refused([("kind", f"one of {listed}")])
    try:
        part = save_part(record, kind=kind, data=_data(body), user=request.auth)  # type: ignore[attr-defined]
    except PartProblem as problem:
        raise Refused(problem.problems) from None
    return Status(201, _out(part))


@router.get("/models/{model_id}/parts/{part_id}", response=PartOut, url_name="model_part", summary="One part")
def read_part(request: HttpRequest, model_id: int, part_id: int) -> PartOut:
    record = model_for(request.auth, model_id)  # type: ignore[attr-defined]
    return _out(_part(record, part_id))


@router.put(
    "/models/{model_id}/parts/{part_id}",
    response=PartOut,
    url_name="model_part",
    summary='Change a part: {"revision": n, "data": {...}} (the whole part, as read)',
    description="409 when someone saved the part since revision n, with the fields they changed.",
    openapi_extra=BODY_HELP,
)
def change_part(request: HttpRequest, model_id: int, part_id: int) -> PartOut:
    record = model_for(request.auth, model_id, write=True)  # type: ignore[attr-defined]
    part = _part(record, part_id)
    body = json_body(request)
    revision = body.get("revision")
    if not isinstance(revision, int) or isinstance(revision, bool):
        raise Refused([("revision", "the revision the part was read at (a whole number)")])
    data = _data(body)
    try:
        saved = save_part(
            record,
            kind=part.kind,  # type: ignore[arg-type]
            data=data,
            user=request.auth,  # type: ignore[attr-defined]
            part=part,
            opened_at=revision,
        )
    except PartProblem as problem:
        raise Refused(problem.problems) from None
    except StaleEdit as stale:
        changed = ", ".join(f"{c.label}: {c.opened} -> {c.now}" for c in stale.conflict.changes)
        raise HttpError(409, f"{stale}; revision now {stale.conflict.revision}; changed: {changed}") from None
    return _out(saved)


@router.delete(
    "/models/{model_id}/parts/{part_id}",
    response={204: None},
    url_name="model_part",
    summary="Remove a part from the draft: ?revision=n, the revision it was read at",
    description="409 when someone saved the part since; the model's header, offering and segment stay.",
)
def remove_part_route(request: HttpRequest, model_id: int, part_id: int) -> Status[None]:
    record = model_for(request.auth, model_id, write=True)  # type: ignore[attr-defined]
    part = _part(record, part_id)
    raw = request.GET.get("revision", "")
    if not raw.isdigit():
        raise Refused([("revision", "the revision the part was read at (a whole number)")])
    if part.kind not in LISTED:
        raise Refused([("kind", "a model always has its header, offering and segment: change them instead")])
    try:
        remove_part(record, part, opened_at=int(raw), user=request.auth)  # type: ignore[attr-defined]
    except StaleEdit as stale:
        raise HttpError(409, f"{stale}; revision now {stale.conflict.revision}") from None
    return Status(204, None)


@router.get(
    "/models/{model_id}/draft", response=DraftOut, url_name="model_draft", summary="The draft's state"
)
def read_draft(request: HttpRequest, model_id: int) -> DraftOut:
    record = model_for(request.auth, model_id)  # type: ignore[attr-defined]
    draft = draft_of(record)
    return DraftOut(
        version=draft.version.number if draft.version else None,
        saveable=draft.saveable,
        issues=[ProblemOut(field=".".join(str(s) for s in i.path), message=i.message) for i in draft.issues],
        changes=len(draft.changes),
    )


@router.post(
    "/models/{model_id}/draft",
    response={201: SavedVersionOut},
    url_name="model_draft",
    summary='Save the draft as the model\'s next version: {"note": "..."}',
    description="422 with every problem of the model and its path; 409 when the draft holds no change.",
    openapi_extra=BODY_HELP,
)
def save_draft_version(request: HttpRequest, model_id: int) -> Status[SavedVersionOut]:
    record = model_for(request.auth, model_id, write=True)  # type: ignore[attr-defined]
    note = str(json_body(request).get("note") or "")[:500]
    try:
        version = save_draft(record, user=request.auth, note=note)  # type: ignore[attr-defined]
    except ModelError as exc:
        raise Refused([(".".join(str(s) for s in i.path), i.message) for i in exc.issues]) from None
    except NothingToSave as same:
        raise HttpError(409, str(same)) from None
    return Status(201, SavedVersionOut(number=version.number, sha256=version.sha256, note=version.note))


@router.get(
    "/models/{model_id}/customers/{customer_id}/value",
    response=CustomerValueOut,
    url_name="customer_value",
    summary="One customer's value in the current version: per element, and against the price premium",
)
def customer_value(request: HttpRequest, model_id: int, customer_id: str) -> CustomerValueOut:
    record = model_for(request.auth, model_id)  # type: ignore[attr-defined]
    version = record.versions.filter(sha256=record.content_sha256).order_by("-number").first()
    if version is None:
        raise HttpError(404, "the model has no version yet")
    try:
        values = remember(
            "customer-values",
            model_version(record),
            lambda: customer_values(analyse_model(record.load().model)),
        )
    except ModelError as exc:
        raise HttpError(422, "; ".join(str(issue) for issue in exc.issues)) from None
    found = values.get(customer_id)
    if found is None:
        raise HttpError(404, f"no customer {customer_id} with research data in version {version.number}")
    return CustomerValueOut(version=version.number, **found)
