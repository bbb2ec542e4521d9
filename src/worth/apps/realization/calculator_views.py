"""Calculator pages: run a subsegment's value calculator for a customer or prospect, save the estimate.

The calculator shows the subsegment's research only as medians (the defaults), never a customer's
figures, so a salesperson on the team runs it although the model itself does not exist for them.
"""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from worth.apps.core.documents import document_response
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import project_for, visible_projects
from worth.apps.programs.models import Project
from worth.apps.realization.access import (
    can_enter,
    customers_for_estimates,
    estimate_for,
    visible_documenters,
    visible_estimates,
)
from worth.apps.realization.services import (
    INPUT_SOURCES,
    EstimateRequest,
    RealizationError,
    calculator_of,
    read_answers,
    save_estimate,
)
from worth.apps.valuemodels.models import ValueModelRecord
from worth.apps.valuemodels.versions import current_version, version_model
from worth.engine.model.calculator import Calculator, CalculatorResult
from worth.engine.model.errors import ModelError
from worth.exports.report_pdf import html_to_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plain_number(value: float) -> str:
    """A number as a person types it: ``1590000``, ``0.078``, never ``1.59e+06``."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g") if "e" not in format(value, ".15g") else format(value, "f").rstrip("0")


def _choices(project: Project) -> list[dict[str, Any]]:
    """Every (model, subsegment) of the project a calculator can be run on, or why not."""
    rows: list[dict[str, Any]] = []
    for record in ValueModelRecord.objects.filter(project=project).order_by("name"):
        version = current_version(record)
        if version is None:
            continue
        try:
            names = [s.name for s in version_model(version).subsegments]
        except ModelError:
            continue
        rows += [{"record": record, "version": version, "subsegment": name} for name in names]
    return rows


@reached_by(get=Access.ANY_USER)
@require_GET
def calculators(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The calculators one may run, by project, and one's own latest estimates."""
    projects = visible_projects(request.user).select_related("program").order_by("name")
    rows = [{"project": p, "choices": _choices(p)} for p in projects]
    estimates = visible_estimates(request.user)[:30]
    ctx = {"rows": [r for r in rows if r["choices"]], "estimates": estimates}
    return render(request, "realization/calculators.html", ctx)


def _pick(request: AuthenticatedHttpRequest, project: Project) -> tuple[dict[str, Any] | None, list[Any]]:
    choices = _choices(project)
    data = request.POST if request.method == "POST" else request.GET
    model_pk, subsegment = data.get("model", ""), data.get("subsegment", "")
    for choice in choices:
        if str(choice["record"].pk) == model_pk and choice["subsegment"] == subsegment:
            return choice, choices
    return (choices[0] if choices and not model_pk else None), choices


def _result_context(calculator: Calculator, result: CalculatorResult | None) -> dict[str, Any]:
    rows = []
    if result is not None:
        for step in calculator.elements:
            rows.append({"step": step, "value": result.elements[step.name]})
    return {
        "calculator": calculator,
        "result": result,
        "rows": rows,
        "complete": result is not None and math.isfinite(result.total),
    }


@reached_by(get=Access.MEMBER, post=Access.MEMBER)
@require_http_methods(["GET", "POST"])
def calculator(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The calculator: questions with defaults, the live result (HTMX posts the answers as typed)."""
    project = project_for(request.user, pk)
    choice, choices = _pick(request, project)
    ctx: dict[str, Any] = {"project": project, "choices": choices, "choice": choice}
    if choice is None:
        ctx["problem"] = (
            "Choose a value model and subsegment." if choices else "The project has no saved value model yet."
        )
        return render(
            request, "realization/calculator.html", ctx, status=200 if request.method == "GET" else 400
        )
    calc = calculator_of(choice["version"], choice["subsegment"])
    if request.method == "POST":
        given = {item.name: request.POST.get(f"in-{i}", "") for i, item in enumerate(calc.inputs)}
        sources = {item.name: request.POST.get(f"src-{i}", "") for i, item in enumerate(calc.inputs)}
    else:
        given = {
            item.name: "" if item.default is None else plain_number(item.default) for item in calc.inputs
        }
        sources = {item.name: "default" if item.default is not None else "" for item in calc.inputs}
    who = request.POST.get("prospect", "").strip() or "The customer"
    problem = ""
    result = None
    try:
        result = calc.evaluate(read_answers(calc, given), who=who[:200])
    except RealizationError as refused:
        problem = str(refused)
    ctx.update(_result_context(calc, result))
    ctx["problem"] = problem
    if request.headers.get("HX-Request") and request.method == "POST":
        return HttpResponse(render_to_string("realization/_calculator_result.html", ctx, request=request))
    ctx.update(
        {
            "questions": [
                {"i": i, "item": item, "given": given[item.name], "source": sources[item.name]}
                for i, item in enumerate(calc.inputs)
            ],
            "sources": INPUT_SOURCES,
            "may_save": can_enter(request.user, project, None),
            "customers": customers_for_estimates(request.user, project),
            "prospect": request.POST.get("prospect", ""),
        }
    )
    return render(request, "realization/calculator.html", ctx)


@reached_by(get=Access.MEMBER)
@require_GET
def calculator_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The calculator as a spreadsheet with live formulas, for the salesperson to take anywhere."""
    project = project_for(request.user, pk)
    choice, _ = _pick(request, project)
    if choice is None:
        messages.error(request, "Choose a value model and subsegment first.")
        return redirect("realization:calculator", pk=project.pk)
    calc = calculator_of(choice["version"], choice["subsegment"])
    from worth.exports.calculator_xlsx import calculator_workbook

    data = calculator_workbook(calc)
    return _xlsx(data, f"calculator {choice['record'].name} {choice['subsegment']}")


def _xlsx(data: bytes, stem: str) -> HttpResponse:
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in stem)[:120].strip() or "calculator"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{safe}.xlsx"'
    return response


@reached_by(post=Access.CUSTOMER_EDITOR)
@require_POST
def estimate_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save the calculator's answers as the value estimate promised to this customer."""
    project = project_for(request.user, pk)
    customer_pk = request.POST.get("customer", "")
    customer = None
    if customer_pk:
        customer = customers_for_estimates(request.user, project).filter(pk=customer_pk).first()
        if customer is None or not customer_pk.isdigit():
            raise PermissionDenied("You save estimates for your own accounts, or for a new prospect.")
    if not can_enter(request.user, project, customer):
        raise PermissionDenied("The project's team or the customer's salesperson saves estimates.")
    choice, _ = _pick(request, project)
    if choice is None:
        messages.error(request, "Choose a value model and subsegment first.")
        return redirect("realization:calculator", pk=project.pk)
    version, calc = choice["version"], calculator_of(choice["version"], choice["subsegment"])
    estimate_request = EstimateRequest(
        values={item.name: request.POST.get(f"in-{i}", "") for i, item in enumerate(calc.inputs)},
        sources={item.name: request.POST.get(f"src-{i}", "") for i, item in enumerate(calc.inputs)},
        customer=customer,
        prospect=request.POST.get("prospect", ""),
        note=request.POST.get("note", ""),
    )
    try:
        estimate = save_estimate(
            project=project, version=version, calculator=calc, request=estimate_request, user=request.user
        )
    except RealizationError as refused:
        messages.error(request, f"The estimate was not saved: {refused}")
        return calculator(request, project.pk)
    messages.success(request, f"Value estimate saved for {estimate.customer.name}.")
    return redirect(estimate)


def _estimate_context(request: AuthenticatedHttpRequest, pk: int) -> dict[str, Any]:
    estimate = estimate_for(request.user, pk)
    calc = calculator_of(estimate.version, estimate.subsegment)
    result = calc.evaluate(estimate.input_values(), who=estimate.customer.name)
    inputs = [
        {**item, "source_words": INPUT_SOURCES.get(item.get("source", ""), item.get("source", ""))}
        for item in estimate.inputs
    ]
    documenter = visible_documenters(request.user).filter(estimate=estimate).first()
    return {
        "estimate": estimate,
        "inputs": inputs,
        "documenter": documenter,
        "may_enter": can_enter(request.user, estimate.project, estimate.customer),
        **_result_context(calc, result),
    }


@reached_by(get=Access.MEMBER)
@require_GET
def estimate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "realization/estimate.html", _estimate_context(request, pk))


@reached_by(get=Access.MEMBER)
@require_GET
def estimate_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The calculator spreadsheet holding this estimate's answers."""
    found = estimate_for(request.user, pk)
    calc = calculator_of(found.version, found.subsegment)
    from worth.exports.calculator_xlsx import calculator_workbook

    data = calculator_workbook(calc, who=found.customer.name, values=found.input_values())
    return _xlsx(data, f"value estimate {found.customer.name}")


@reached_by(get=Access.MEMBER)
@require_GET
def proposal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The customer-facing proposal as an A4 PDF: the value to them, how it is worked out, the terms."""
    ctx = _estimate_context(request, pk)
    html = render_to_string("realization/proposal.html", ctx, request=request)
    name = "".join(c if c.isalnum() else "-" for c in ctx["estimate"].customer.name)[:80]
    if request.GET.get("html"):
        return document_response(html, name=f"value-proposal-{name}", download=False)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="value-proposal-{name}.pdf"'
    return response
