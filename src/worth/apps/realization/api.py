"""The documenters' results in the JSON API: read them, and record one or many from a script.

A customer's systems (a stop log, a CMMS, a meter) can send results as they come; the same checks as
the form and the CSV import apply, and a batch with any bad result records nothing.
"""

from __future__ import annotations

import math
from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from worth.apps.core.api_bodies import Refused, json_body
from worth.apps.realization.access import documenter_for
from worth.apps.realization.figures import documenter_figures
from worth.apps.realization.models import Measurement
from worth.apps.realization.services import RealizationError, import_results

router = Router(tags=["documenters"])


class ResultOut(Schema):
    id: int
    measure: str
    date: date
    value: float
    source: str
    method: str
    note: str
    verdict: str
    verdict_by: str


class ElementOut(Schema):
    element: str
    measure: str
    promised: float
    documented: float | None
    achieved: float | None
    standing: str
    customer: str


class DocumenterOut(Schema):
    id: int
    customer: str
    currency: str
    period: str
    promised: float
    documented: float
    confirmed: float
    elements: list[ElementOut]
    results: list[ResultOut]


def _result(m: Measurement) -> ResultOut:
    return ResultOut(
        id=m.pk,
        measure=m.driver,
        date=m.taken,
        value=m.value,
        source=m.source,
        method=m.method,
        note=m.note,
        verdict=m.verdict,
        verdict_by=m.verdict_by,
    )


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


@router.get(
    "/documenters/{documenter_id}",
    response=DocumenterOut,
    url_name="documenter",
    summary="A documenter: promised against documented per element, and every result recorded",
)
def get_documenter(request: HttpRequest, documenter_id: int) -> DocumenterOut:
    found = documenter_for(request.auth, documenter_id)  # type: ignore[attr-defined]
    figures = documenter_figures(found)
    return DocumenterOut(
        id=found.pk,
        customer=found.customer.name,
        currency=figures.currency,
        period=figures.period,
        promised=figures.promised,
        documented=figures.documented,
        confirmed=figures.confirmed,
        elements=[
            ElementOut(
                element=e.plan.element,
                measure=e.plan.measure,
                promised=e.realized.promised,
                documented=_number(e.realized.documented),
                achieved=_number(e.realized.share),
                standing=e.standing,
                customer=e.customer,
            )
            for e in figures.elements
        ],
        results=[_result(m) for m in found.measurements.order_by("taken", "driver")],
    )


@router.post(
    "/documenters/{documenter_id}/results",
    response={201: list[ResultOut]},
    url_name="documenter_results",
    summary='Record results: {"results": [{"measure": ..., "date": "2026-06-30", "value": 12}, ...]}',
)
def add_results(request: HttpRequest, documenter_id: int) -> Status[list[ResultOut]]:
    found = documenter_for(request.auth, documenter_id, write=True)  # type: ignore[attr-defined]
    body = json_body(request)
    rows = body.get("results")
    if not isinstance(rows, list) or not rows:
        raise Refused([("results", "a list of at least one result")])
    fields = ("measure", "date", "value", "source", "method", "note")
    lines = ["measure,date,value,source,method,note"]
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise Refused([(f"results[{number}]", "an object with measure, date and value")])
        cells = [str(row.get(name, "")) for name in fields]
        lines.append(",".join('"' + cell.replace('"', '""') + '"' for cell in cells))
    try:
        saved = import_results(found, "\n".join(lines), request.auth)  # type: ignore[attr-defined]
    except RealizationError as refused:
        # The checks speak of CSV rows; row n of the body is row n + 1 of that file.
        message = str(refused)
        for number in range(len(rows) + 1, 1, -1):
            message = message.replace(f"row {number}", f"results[{number - 1}]")
        raise Refused([("results", message)]) from None
    return Status(201, [_result(m) for m in saved])
