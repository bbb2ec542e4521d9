"""The equation page: write a word equation against a model and see, as you type, what the engine says.

A GET form (nothing is saved), so it works without script and the browser's back button keeps the
draft; with HTMX each pause in typing asks for the result part of the page only.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from worth.apps.core.computed import remember
from worth.apps.core.htmx import is_htmx
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.valuemodels.access import model_for
from worth.apps.valuemodels.models import model_version
from worth.apps.valuemodels.records import draft_model
from worth.engine.model.equation_draft import MAX_DRAFT, DraftCheck, check_draft, example_customers
from worth.engine.model.errors import ModelError
from worth.engine.model.schema import PERIOD_WORDS


def _marked(check: DraftCheck) -> list[dict[str, object]]:
    """Each problem with the draft split around its character, for the page to mark (escaped)."""
    rows = []
    for problem in check.problems:
        row: dict[str, object] = {"problem": problem}
        if problem.position is not None:
            at = problem.position
            row.update(before=check.text[:at], at=check.text[at : at + 1] or " ", after=check.text[at + 1 :])
        rows.append(row)
    return rows


@reached_by(get=Access.MEMBER)
@require_GET
def equation_workbench(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = model_for(request.user, pk)
    try:
        model = draft_model(record) if request.GET.get("draft") else None
        model = model or remember("model", model_version(record), lambda: record.load().model)
    except ModelError as exc:
        ctx = {"record": record, "message": "; ".join(str(i) for i in exc.issues)}
        return render(request, "valuemodels/analysis_refused.html", ctx, status=422)
    elements = [e for e in model.elements if e.equation]
    chosen = request.GET.get("element")
    text = request.GET.get("text", request.GET.get("equation"))
    if text is None:
        start = next((e for e in elements if e.name == chosen), elements[0] if elements else None)
        text = (start.equation or "") if start else ""
    customer_id = request.GET.get("customer") or None
    check = check_draft(model, text[: MAX_DRAFT + 1], customer_id=customer_id)
    ctx = {
        "record": record,
        "model": model,
        "period_word": PERIOD_WORDS[model.period],
        "text": text,
        "check": check,
        "marked": _marked(check),
        "elements": elements,
        "customers": example_customers(model),
        "customer_id": customer_id,
        "drivers": model.drivers,
        "constants": model.constants,
        "quantities": model.quantities,
    }
    template = "valuemodels/_draft_result.html" if is_htmx(request) else "valuemodels/equation.html"
    return render(request, template, ctx)
