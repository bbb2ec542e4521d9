"""The use cases of value realization, one function each, for the pages, the API and the demo.

Bad input never half-writes: every function checks everything first and raises
:class:`RealizationError` with a message naming the field, row or column and the value as given.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from worth.apps.core.locking import StaleEdit
from worth.apps.programs.models import Project
from worth.apps.realization.models import (
    DocumentedElement,
    Documenter,
    DocumenterComment,
    Measurement,
    ValueEstimate,
    Verdict,
)
from worth.apps.research.models import Customer
from worth.apps.valuemodels.models import ModelVersion, ValueModelRecord
from worth.apps.valuemodels.records import DraftPending
from worth.apps.valuemodels.services import import_model_version
from worth.apps.valuemodels.versions import current_version, version_model
from worth.engine.equations.nodes import Name, walk
from worth.engine.model.calculator import Calculator, CalculatorError, build_calculator
from worth.engine.model.display import format_money
from worth.engine.model.errors import ModelError
from worth.engine.model.io import dump_model
from worth.engine.model.realization import ConfirmedResult, with_confirmed_results
from worth.engine.model.schema import SOURCE_KINDS

__all__ = [
    "INPUT_SOURCES",
    "RealizationError",
    "calculator_of",
    "import_results",
    "record_result",
    "save_estimate",
    "start_documenter",
]

#: Where an input of an estimate comes from: what the customer said or measured, or a default kept.
INPUT_SOURCES: dict[str, str] = {
    "customer-estimate": "the customer's estimate",
    "measured": "measured by the customer",
    "default": "the calculator's default, kept",
    "outside-study": "an outside study",
    "supplier-assumption": "our assumption",
}
#: Most characters of one results file.
MAX_RESULTS_FILE = 1_000_000


class RealizationError(ValueError):
    """Input refused, with a message for the person who gave it; nothing was saved."""


def calculator_of(version: ModelVersion, subsegment: str) -> Calculator:
    """The calculator of ``subsegment`` on ``version``.

    Raises
    ------
    RealizationError
        When the version no longer loads or has no such subsegment (naming the ones it has).
    """
    try:
        model = version_model(version)
    except ModelError as refused:
        raise RealizationError(f"{version} cannot be read by this version of Worth: {refused}") from None
    try:
        return build_calculator(model, subsegment)
    except KeyError:
        names = ", ".join(s.name for s in model.subsegments)
        raise RealizationError(f"{version} has no subsegment {subsegment!r}; it has {names}") from None


def current_calculator(record: ValueModelRecord, subsegment: str) -> tuple[ModelVersion, Calculator]:
    version = current_version(record)
    if version is None:
        raise RealizationError(f"{record.name} has no saved version yet: save one to run its calculator.")
    return version, calculator_of(version, subsegment)


@dataclass(frozen=True)
class EstimateRequest:
    """What the calculator form sends: the answers (text as typed), their sources, and for whom."""

    values: dict[str, str]
    sources: dict[str, str]
    customer: Customer | None
    prospect: str = ""
    note: str = ""


def read_answers(calculator: Calculator, values: dict[str, str]) -> dict[str, float]:
    try:
        return calculator.read(values)
    except CalculatorError as refused:
        raise RealizationError(str(refused)) from None


def save_estimate(
    *,
    project: Project,
    version: ModelVersion,
    calculator: Calculator,
    request: EstimateRequest,
    user: User,
) -> ValueEstimate:
    """Record what the calculator promised this customer: the value, the inputs and their sources.

    A new prospect (``request.prospect``) becomes a customer record the person is responsible for.
    """
    answers = read_answers(calculator, request.values)
    missing = [item.name for item in calculator.inputs if item.name not in answers]
    if missing:
        raise RealizationError(
            "Every input needs a number before the estimate is saved; missing: "
            + ", ".join(f"[{name}]" for name in missing)
        )
    for name, source in request.sources.items():
        if source and source not in INPUT_SOURCES:
            raise RealizationError(f"[{name}]: unknown source {source[:60]!r}")
    name = request.prospect.strip()
    if request.customer is None and not name:
        raise RealizationError("Choose the customer, or type the name of the prospect.")
    if len(name) > 200:
        raise RealizationError(f"The prospect's name is {len(name)} characters long; at most 200.")
    if len(request.note) > 500:
        raise RealizationError(f"The note is {len(request.note)} characters long; at most 500.")
    who = request.customer.name if request.customer is not None else name
    result = calculator.evaluate(answers, who=who)
    if not math.isfinite(result.total):
        raise RealizationError("The model gives no finite value for these inputs; check them.")
    inputs = [
        {
            "name": item.name,
            "value": answers[item.name],
            "unit": item.unit,
            "source": request.sources.get(item.name)
            or ("default" if item.default == answers[item.name] else "customer-estimate"),
            "default": item.default,
            "default_note": item.default_note,
        }
        for item in calculator.inputs
    ]
    with transaction.atomic():
        customer = request.customer
        if customer is None:
            if Customer.objects.filter(name=name).exists():
                raise RealizationError(f"Choose another name for the prospect: {name!r} is already used.")
            customer = Customer.objects.create(
                name=name, salesperson=user, notes="Prospect from a calculator."
            )
        return ValueEstimate.objects.create(
            project=project,
            version=version,
            subsegment=calculator.subsegment.name,
            customer=customer,
            inputs=inputs,
            elements=dict(result.elements),
            total=_money(result.total),
            offering_price=_money(result.offering_price),
            alternative_price=_money(result.alternative_price),
            currency=calculator.model.currency,
            period=calculator.period_word,
            sentence=result.choice.sentence,
            note=request.note,
            created_by=user,
        )


def _money(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"))


# --------------------------------------------------------------------------------------- documenters


def measure_of(calculator: Calculator, element: str) -> str:
    """The input a plan measures for ``element``: the one on our side of a pair ("..., offering"),
    else the first input its own equation names (not one read through a shared quantity)."""
    reads = calculator.compiled.drivers[element]
    for name in reads:
        if name.endswith(", offering"):
            return name
    step = next(s for s in calculator.elements if s.name == element)
    direct = [n.name for n in walk(step.equation.expr) if isinstance(n, Name) and n.name in reads]
    return direct[0] if direct else (reads[0] if reads else "")


def start_documenter(estimate: ValueEstimate, user: User, *, title: str = "") -> Documenter:
    """Seed 004's value creation plan for this customer, from a saved estimate.

    Each quantified element becomes a plan line: a sentence in the customer's terms (the promised
    amount and the element's description, to be put in the customer's words), how the value is
    created, and its measure (the model input to measure, its unit, baseline and target from the
    estimate). The team edits the lines with the customer.
    """
    if Documenter.objects.filter(estimate=estimate).exists():
        raise RealizationError("This estimate already has a documenter.")
    calculator = calculator_of(estimate.version, estimate.subsegment)
    values = estimate.input_values()
    with transaction.atomic():
        documenter = Documenter.objects.create(
            project=estimate.project,
            estimate=estimate,
            customer=estimate.customer,
            title=title or f"Value delivered to {estimate.customer.name}",
            created_by=user,
        )
        for position, step in enumerate(calculator.elements):
            measure = measure_of(calculator, step.name)
            sibling = measure.removesuffix(", offering") + ", alternative"
            promised = float(estimate.elements.get(step.name, math.nan))
            amount = format_money(promised, estimate.currency)
            description = step.element.description if step.element is not None else ""
            DocumentedElement.objects.create(
                documenter=documenter,
                element=step.name,
                position=position,
                sentence=f"{step.name}: {amount} a {estimate.period} for {estimate.customer.name}.",
                how_created=description,
                measure=measure,
                unit=calculator.input(measure).unit if measure else "",
                baseline=values.get(sibling) if measure.endswith(", offering") else None,
                target=values.get(measure),
            )
    return documenter


def _measured_inputs(documenter: Documenter) -> dict[str, str]:
    """Input name -> unit, for every model input a result may be recorded for."""
    calculator = calculator_of(documenter.estimate.version, documenter.estimate.subsegment)
    return {item.name: item.unit for item in calculator.inputs if item.kind == "driver"}


def _check_result(
    known: dict[str, str], driver: str, taken: str | date, value: str | float, source: str
) -> tuple[str, date, float, str]:
    driver = driver.strip()
    if driver not in known:
        raise RealizationError(f"measure: {driver[:80]!r} is not an input of the model")
    if isinstance(taken, str):
        text = taken
        try:
            taken = date.fromisoformat(text.strip())
        except ValueError:
            raise RealizationError(f"date: {text[:40]!r} is not a date (YYYY-MM-DD)") from None
    try:
        number = float(value.replace(",", "").strip()) if isinstance(value, str) else float(value)
    except ValueError:
        raise RealizationError(f"value: {str(value)[:40]!r} is not a number") from None
    if not math.isfinite(number):
        raise RealizationError(f"value: {str(value)[:40]!r} is not a finite number")
    source = (source or "measured").strip()
    if source not in SOURCE_KINDS:
        raise RealizationError(f"source: {source[:40]!r} is not one of {', '.join(SOURCE_KINDS)}")
    return driver, taken, number, source


def record_result(
    documenter: Documenter,
    *,
    driver: str,
    taken: str | date,
    value: str | float,
    user: User,
    source: str = "measured",
    method: str = "",
    note: str = "",
) -> Measurement:
    """Record one measured result (a new figure awaits the customer's verdict)."""
    checked = _check_result(_measured_inputs(documenter), driver, taken, value, source)
    if len(method) > 300 or len(note) > 500:
        raise RealizationError("method: at most 300 characters; note: at most 500")
    return _save_results(documenter, [(*checked, method, note)], user)[0]


def _save_results(
    documenter: Documenter, rows: list[tuple[str, date, float, str, str, str]], user: User
) -> list[Measurement]:
    try:
        with transaction.atomic():
            return [
                Measurement.objects.create(
                    documenter=documenter,
                    driver=driver,
                    taken=taken,
                    value=value,
                    source=source,
                    method=method,
                    note=note,
                    recorded_by=user,
                )
                for driver, taken, value, source, method, note in rows
            ]
    except IntegrityError:
        raise RealizationError(
            "A result for that measure and day is already recorded; correct it rather than add another."
        ) from None


RESULT_COLUMNS = ("measure", "date", "value", "source", "method", "note")


def import_results(documenter: Documenter, text: str, user: User) -> list[Measurement]:
    """Results from a CSV file (measure, date, value, optional source, method, note): all or none.

    Every problem is listed by row and column; a file with any bad row writes nothing.
    """
    if len(text) > MAX_RESULTS_FILE:
        raise RealizationError(f"The file has {len(text):,} characters; at most {MAX_RESULTS_FILE:,}.")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    lacking = [name for name in RESULT_COLUMNS[:3] if name not in header]
    if lacking:
        raise RealizationError(
            f"The file needs the columns {', '.join(RESULT_COLUMNS[:3])}; it lacks {', '.join(lacking)} "
            f"(its header: {', '.join(header)[:200] or 'none'})."
        )
    known = _measured_inputs(documenter)
    existing = set(documenter.measurements.values_list("driver", "taken"))
    rows: list[tuple[str, date, float, str, str, str]] = []
    problems: list[str] = []
    seen: set[tuple[str, date]] = set()
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "") for k, v in raw.items() if k is not None}
        try:
            driver, taken, value, source = _check_result(
                known,
                row.get("measure", ""),
                row.get("date", ""),
                row.get("value", ""),
                row.get("source", ""),
            )
        except RealizationError as refused:
            problems.append(f"row {number}, {refused}")
            continue
        if (driver, taken) in existing or (driver, taken) in seen:
            problems.append(f"row {number}: a result for {driver!r} on {taken} is already recorded")
            continue
        seen.add((driver, taken))
        rows.append((driver, taken, value, source, row.get("method", "")[:300], row.get("note", "")[:500]))
    if problems:
        shown = "; ".join(problems[:20]) + (f"; and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise RealizationError(f"Nothing was recorded. {shown}")
    if not rows:
        raise RealizationError("The file holds no results.")
    return _save_results(documenter, rows, user)


def add_comment(documenter: Documenter, body: str, *, user: User | None = None, name: str = "") -> None:
    body = body.strip()
    if not body:
        raise RealizationError("comment: write something first")
    if len(body) > 5000:
        raise RealizationError(f"comment: {len(body)} characters; at most 5,000")
    author = name or (user.get_full_name() or user.username if user is not None else "")
    DocumenterComment.objects.create(documenter=documenter, author=user, author_name=author, body=body)


def add_confirmed_results(documenter: Documenter, user: User) -> ModelVersion:
    """The documenter's customer-confirmed results added to the model's research, as its next version.

    The latest confirmed result of each input counts. The model is the one the estimate was made on,
    at its current version (which may have moved on since).
    """
    record = documenter.estimate.version.model
    version = current_version(record)
    if version is None:
        raise RealizationError(f"{record.name} has no saved version to add the results to.")
    latest: dict[str, Measurement] = {}
    for m in documenter.measurements.filter(verdict=Verdict.CONFIRMED).order_by("taken", "pk"):
        latest[m.driver] = m
    if not latest:
        raise RealizationError(
            "No result is confirmed by the customer yet: only confirmed results join the research."
        )
    # Every figure of the estimate with its source; the engine keeps the customer's own as observations.
    estimate = {
        item["name"]: (float(item["value"]), str(item.get("source") or "default"))
        for item in documenter.estimate.inputs
        if item.get("value") is not None
    }
    confirmed = [ConfirmedResult(m.driver, m.value, m.taken, m.method, m.verdict_by) for m in latest.values()]
    try:
        after = with_confirmed_results(
            version_model(version),
            customer=documenter.customer.name,
            customer_id=f"DOC-{documenter.pk}",
            subsegment=documenter.estimate.subsegment,
            estimate=estimate,
            confirmed=confirmed,
        )
    except ModelError as refused:
        raise RealizationError(f"The results do not fit {version}: {refused}") from None
    try:
        saved = import_model_version(
            project=record.project,
            text=dump_model(after),
            filename="confirmed-results.yaml",
            user=user,
            seen={record.pk: record.revision},
            note=f"Results confirmed by {documenter.customer.name} added as measured observations",
        )
    except (DraftPending, StaleEdit) as refused:
        raise RealizationError(f"The model is being changed: {refused}") from None
    if not saved.new_version:
        raise RealizationError(f"{version} already holds these confirmed results.")
    return saved.version
