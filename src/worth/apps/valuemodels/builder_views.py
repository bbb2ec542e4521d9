"""The model builder: a model's parts, each edited on its own page, and the draft saved as a version.

Views are thin: the forms turn posted fields into a part's data (``builder_forms``), the records
module saves it with its revision and history (``records``), and the engine checks the draft.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from worth.apps.core.locking import StaleEdit
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.programs.access import can_change_project, project_for
from worth.apps.valuemodels.access import model_for
from worth.apps.valuemodels.builder_forms import FIELDS, PartForm, from_form, part_initial
from worth.apps.valuemodels.classification import (
    CLASSIFICATION_KINDS,
    CLASSIFICATION_STATUSES,
    ClassificationRefused,
    save_classification,
)
from worth.apps.valuemodels.conflicts import add_problems, merged_post
from worth.apps.valuemodels.customer_views import customer_page
from worth.apps.valuemodels.models import ModelPart, ValueModelRecord
from worth.apps.valuemodels.records import (
    NothingToSave,
    PartProblem,
    create_model,
    discard_draft,
    draft_of,
    move_part,
    opened_data,
    part_history,
    remove_part,
    save_draft,
    save_part,
)
from worth.engine.equations import format_number
from worth.engine.model.display import format_money
from worth.engine.model.errors import ModelError
from worth.engine.model.parts import LISTED, PART_WORDS, PartKind
from worth.engine.model.schema import PERIOD_WORDS

#: The kinds the builder lists by kind, in the file's order (customers have a section of their own).
BUILT: tuple[PartKind, ...] = tuple(kind for kind in LISTED if kind != "customer")


def _kind(word: str) -> PartKind:
    if word not in FIELDS:
        raise Http404("no such kind of part")
    return word


def _subsegments(record: ValueModelRecord) -> list[str]:
    return list(record.parts.filter(kind="subsegment").order_by("position").values_list("key", flat=True))


def _amount(value: Any) -> str:
    return format_number(float(value)) if isinstance(value, int | float) else str(value or "")


def _summary(kind: str, data: dict[str, Any], currency: str = "USD") -> str:
    """A line that says what a part is, for the builder's lists (money with its currency)."""
    if kind == "subsegment":
        alt = data.get("alternative", {})
        price = alt.get("price", {})
        amount = price.get("amount")
        per = f" × {price['per'].lower()}" if price.get("per") else ""
        cost = f", {format_money(float(amount), currency)}{per}" if isinstance(amount, int | float) else ""
        return f"against {alt.get('name', '?')} ({str(alt.get('kind', '?')).replace('-', ' ')}{cost})"
    if kind == "element":
        where = ", ".join(
            f"{name}: {c.get('as', '').replace('-', ' ')}"
            for name, c in data.get("classification", {}).items()
        )
        return f"{data.get('category', '')} · {where}"
    if kind == "placeholder":
        return str(data.get("worth", ""))
    if kind == "quantity":
        return str(data.get("equation", ""))
    if kind == "customer":
        cells = len(data.get("observations") or {})
        where = data.get("subsegment") or "subsegment by the rules"
        return f"{where} · {cells} research cell{'s' if cells != 1 else ''}" + (
            " · prospective" if data.get("status") == "prospective" else ""
        )
    if kind == "constant":
        source = str(data.get("source", "")).replace("-", " ")
        return f"{_amount(data.get('value'))} {data.get('unit', '')} · {source}"
    if kind == "driver" and data.get("default"):
        default = data["default"]
        source = str(default.get("source", "")).replace("-", " ")
        return f"{data.get('unit', '')} · default {_amount(default.get('value'))} ({source})"
    return str(data.get("unit") or data.get("description") or "")


@reached_by(get=Access.MEMBER)
@require_GET
def builder(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = model_for(request.user, pk)
    parts = list(record.parts.order_by("position", "key"))
    single = {p.kind: p for p in parts if p.kind in ("header", "offering", "segment")}
    header = single["header"].data if "header" in single else {}
    currency = str(header.get("currency", "USD"))
    sections = [
        {
            "kind": kind,
            "words": PART_WORDS[kind],
            "parts": [(p, _summary(kind, p.data, currency)) for p in parts if p.kind == kind],
        }
        for kind in BUILT
    ]
    customers = [(p, _summary("customer", p.data)) for p in parts if p.kind == "customer"]
    ctx = {
        "record": record,
        "draft": draft_of(record),
        "single": [(kind, single.get(kind)) for kind in ("header", "offering", "segment")],
        "sections": sections,
        "customers": customers,
        "currency": currency,
        "period_word": PERIOD_WORDS.get(str(header.get("period", "yr")), "year"),
        "can_change": can_change_project(request.user, record.project),
    }
    return render(request, "valuemodels/builder.html", ctx)


def _form_page(
    request: AuthenticatedHttpRequest,
    record: ValueModelRecord,
    kind: PartKind,
    part: ModelPart | None,
) -> HttpResponse:
    subsegments = _subsegments(record)
    data = dict(part.data) if part is not None else {}
    initial = part_initial(kind, data, subsegments)
    initial["revision"] = part.revision if part is not None else 0
    form = PartForm(request.POST or None, kind=kind, subsegments=subsegments, initial=initial)
    conflict = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = save_part(
                    record,
                    kind=kind,
                    data=from_form(form, data),
                    user=request.user,
                    part=part,
                    opened_at=form.cleaned_data.get("revision") or 0,
                )
            except PartProblem as problem:
                add_problems(form, problem)
            except StaleEdit as stale:
                conflict = stale.conflict
                was = opened_data(part, int(form.cleaned_data.get("revision") or 0)) if part else None
                now = part_initial(kind, ModelPart.objects.get(pk=part.pk).data, subsegments) if part else {}
                opened_at = part_initial(kind, was or {}, subsegments)
                fresh = merged_post(request.POST, form.fields, opened_at, now, conflict.revision)
                form = PartForm(fresh, kind=kind, subsegments=subsegments)
                form.is_valid()
            else:
                messages.success(
                    request, f"{PART_WORDS[kind][0].capitalize()} “{saved.key}” saved in the draft."
                )
                return redirect("valuemodels:build", record.pk)
        status = 409 if conflict else 400
    ctx = {
        "record": record,
        "kind": kind,
        "words": PART_WORDS[kind],
        "part": part,
        "form": form,
        "conflict": conflict,
        "draft_check": kind in ("element", "quantity"),
    }
    return render(request, "valuemodels/part_form.html", ctx, status=status)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def part_new(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    record = model_for(request.user, pk, write=True)
    if kind == "customer":
        return customer_page(request, record, None)
    chosen = _kind(kind)
    if chosen not in LISTED:
        raise Http404("a model has one of these; edit it")
    return _form_page(request, record, chosen, None)


def _part(record: ValueModelRecord, part_pk: int) -> ModelPart:
    return get_object_or_404(ModelPart, pk=part_pk, model=record)


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def part_edit(request: AuthenticatedHttpRequest, pk: int, part_pk: int) -> HttpResponse:
    record = model_for(request.user, pk, write=True)
    part = _part(record, part_pk)
    if part.kind == "customer":
        return customer_page(request, record, part)
    return _form_page(request, record, _kind(part.kind), part)


class RemoveForm(forms.Form):
    revision = forms.IntegerField(min_value=0)


@reached_by(post=Access.EDITOR)
@require_POST
def part_remove(request: AuthenticatedHttpRequest, pk: int, part_pk: int) -> HttpResponse:
    record = model_for(request.user, pk, write=True)
    part = _part(record, part_pk)
    if part.kind not in LISTED:
        messages.error(request, "A model always has its header, offering and segment: edit them instead.")
        return redirect("valuemodels:build", record.pk)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The removal lost which revision it was opened at: open the part again.")
        return redirect("valuemodels:build", record.pk)
    try:
        remove_part(record, part, opened_at=form.cleaned_data["revision"], user=request.user)
    except StaleEdit as stale:
        messages.error(request, f"Not removed: {stale}. Look at it again first.")
        return redirect("valuemodels:part", record.pk, part.pk)
    messages.success(
        request, f"{PART_WORDS[_kind(part.kind)][0].capitalize()} “{part.key}” removed from the draft."
    )
    return redirect("valuemodels:build", record.pk)


@reached_by(get=Access.MEMBER)
@require_GET
def part_history_page(request: AuthenticatedHttpRequest, pk: int, part_pk: int) -> HttpResponse:
    record = model_for(request.user, pk)
    part = _part(record, part_pk)
    ctx = {
        "record": record,
        "part": part,
        "words": PART_WORDS.get(part.kind, (part.kind, part.kind)),  # type: ignore[call-overload]
        "entries": part_history(part),
    }
    return render(request, "valuemodels/part_history.html", ctx)


@reached_by(post=Access.EDITOR)
@require_POST
def part_move(request: AuthenticatedHttpRequest, pk: int, part_pk: int) -> HttpResponse:
    """One place up or down in its list: the order of the model file and of the value summary."""
    record = model_for(request.user, pk, write=True)
    part = _part(record, part_pk)
    form = MoveForm(request.POST)
    if not form.is_valid() or part.kind not in LISTED:
        messages.error(request, "Choose up or down from the builder's list.")
        return redirect("valuemodels:build", record.pk)
    up = form.cleaned_data["direction"] == "up"
    try:
        move_part(record, part, up=up, opened_at=form.cleaned_data["revision"], user=request.user)
    except StaleEdit as stale:
        messages.error(request, f"Not moved: {stale}. The list below is as it is now.")
    return redirect(reverse("valuemodels:build", args=[record.pk]) + f"#{part.kind}s")


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
    revision = forms.IntegerField(min_value=0)


class SaveDraftForm(forms.Form):
    note = forms.CharField(
        max_length=500, required=False, help_text="What changed and why, in a line (shown in the versions)."
    )


@reached_by(post=Access.EDITOR)
@require_POST
def draft_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = model_for(request.user, pk, write=True)
    form = SaveDraftForm(request.POST)
    note = str(form.cleaned_data.get("note") or "") if form.is_valid() else ""
    try:
        version = save_draft(record, user=request.user, note=note)
    except ModelError as exc:
        messages.error(request, f"Not saved: the draft has {len(exc.issues)} problem(s), listed below.")
    except NothingToSave as same:
        messages.info(request, str(same))
    else:
        messages.success(request, f"Saved as version {version.number} of “{record.name}”.")
        return redirect(version)
    return redirect("valuemodels:build", record.pk)


@reached_by(post=Access.EDITOR)
@require_POST
def draft_discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = model_for(request.user, pk, write=True)
    changed = discard_draft(record, user=request.user)
    messages.success(request, f"Draft discarded: {changed} part(s) put back as the current version has them.")
    return redirect("valuemodels:build", record.pk)


class NewModelForm(forms.Form):
    name = forms.CharField(max_length=200, label="Model name")
    currency = forms.RegexField(
        regex=r"^[A-Z]{3}$",
        max_length=3,
        initial="USD",
        help_text="ISO 4217 code: USD, EUR, SEK...",
        error_messages={"invalid": "Three capital letters, such as USD or EUR."},
    )
    offering = forms.CharField(max_length=200, label="Offering", help_text="What the supplier sells.")
    price = forms.DecimalField(
        min_value=0, max_digits=18, decimal_places=2, help_text="Per customer per year, in the currency."
    )
    segment = forms.CharField(max_length=200, help_text="The market segment the model is for.")


@reached_by(Access.EDITOR)
@require_http_methods(["GET", "POST"])
def model_new(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = project_for(request.user, project_pk, write=True)
    form = NewModelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if ValueModelRecord.objects.filter(project=project, name=data["name"]).exists():
            form.add_error("name", f"{project.name} already has a model called “{data['name']}”.")
        else:
            price = data["price"]
            record = create_model(
                project=project,
                header={"schema_version": 1, "name": data["name"], "currency": data["currency"]},
                offering={
                    "name": data["offering"],
                    "price": {"amount": int(price) if price == int(price) else float(price)},
                },
                segment={"name": data["segment"]},
                user=request.user,
            )
            messages.success(
                request,
                "Model started. Add its subsegments, drivers and value elements, then save a version.",
            )
            return redirect(reverse("valuemodels:build", args=[record.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "valuemodels/model_new.html", {"form": form, "project": project}, status=status)


def _grid(record: ValueModelRecord) -> tuple[list[str], list[ModelPart]]:
    subsegments = _subsegments(record)
    elements = list(record.parts.filter(kind="element").order_by("position", "key"))
    return subsegments, elements


@reached_by(get=Access.MEMBER, post=Access.EDITOR)
@require_http_methods(["GET", "POST"])
def classification_grid(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every element against every subsegment: point of parity, difference or contention, and agreement.

    One form for the whole grid; saved all together or not at all (an element someone changed since
    the grid was opened is named, and nothing is saved).
    """
    record = model_for(request.user, pk, write=request.method == "POST")
    subsegments, elements = _grid(record)
    status = 200
    stale: list[str] = []
    if request.method == "POST":
        try:
            changed = save_classification(record, subsegments, elements, request.POST, user=request.user)
        except ClassificationRefused as refused:
            stale, status = refused.names, 409
        else:
            messages.success(request, f"Classification saved in the draft ({changed} element(s) changed).")
            return redirect("valuemodels:build", record.pk)
    rows = [
        {
            "part": part,
            "cells": [
                {
                    "subsegment": s,
                    "index": i,
                    "as": part.data.get("classification", {}).get(s, {}).get("as", ""),
                    "status": part.data.get("classification", {}).get(s, {}).get("status", "hypothesized"),
                }
                for i, s in enumerate(subsegments)
            ],
        }
        for part in elements
    ]
    ctx = {
        "record": record,
        "subsegments": subsegments,
        "rows": rows,
        "kinds": CLASSIFICATION_KINDS,
        "statuses": CLASSIFICATION_STATUSES,
        "can_change": can_change_project(request.user, record.project),
        "stale": stale,
    }
    return render(request, "valuemodels/classification.html", ctx, status=status)
