"""A customer's page in the builder: its fields, characteristics and research cells in one form."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from worth.apps.core.locking import StaleEdit
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.research.models import Participation
from worth.apps.valuemodels.conflicts import add_problems, merged_post
from worth.apps.valuemodels.customer_forms import (
    Column,
    CustomerForm,
    Research,
    customer_data,
    customer_initial,
)
from worth.apps.valuemodels.models import ModelPart, ValueModelRecord
from worth.apps.valuemodels.records import PartProblem, opened_data, save_part

__all__ = ["customer_page"]


def _columns(record: ValueModelRecord) -> tuple[list[Column], list[Column], list[str]]:
    parts = list(
        record.parts.filter(kind__in=("characteristic", "driver", "subsegment")).order_by("position")
    )
    characteristics = [
        Column(p.key, str(p.data.get("unit", "")), tuple(p.data.get("categories") or ()))
        for p in parts
        if p.kind == "characteristic"
    ]
    drivers = [Column(p.key, str(p.data.get("unit", ""))) for p in parts if p.kind == "driver"]
    return characteristics, drivers, [p.key for p in parts if p.kind == "subsegment"]


def _research(record: ValueModelRecord, part: ModelPart | None) -> Research:
    """The meetings and managers of the research customer this model customer is (by its id)."""
    customer_id = str(part.data.get("id", "")) if part is not None else ""
    found = (
        Participation.objects.filter(project=record.project, model_id=customer_id)
        .select_related("customer")
        .first()
        if customer_id
        else None
    )
    if found is None:
        return Research()
    meetings = tuple(
        (m.held.isoformat(), f"{m.get_kind_display()}, {m.held:%Y-%m-%d}")
        for m in found.meetings.order_by("held", "pk")
    )
    people = tuple(c.name for c in found.customer.contacts.order_by("name"))
    return Research(meetings, people)


def customer_page(
    request: AuthenticatedHttpRequest, record: ValueModelRecord, part: ModelPart | None
) -> HttpResponse:
    characteristics, drivers, subsegments = _columns(record)
    columns = (characteristics, drivers)

    research = _research(record, part)

    def form_for(data: object = None, initial: dict[str, object] | None = None) -> CustomerForm:
        return CustomerForm(
            data,
            initial=initial,
            characteristics=characteristics,
            drivers=drivers,
            subsegments=subsegments,
            research=research,
        )

    existing = dict(part.data) if part is not None else {}
    initial = {**customer_initial(existing, columns), "revision": part.revision if part else 0}
    form = form_for(request.POST or None, initial)
    conflict = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = save_part(
                    record,
                    kind="customer",
                    data=customer_data(form, existing),
                    user=request.user,
                    part=part,
                    opened_at=form.cleaned_data.get("revision") or 0,
                )
            except PartProblem as problem:
                add_problems(form, problem)
            except StaleEdit as stale:
                conflict = stale.conflict
                assert part is not None
                was = opened_data(part, int(form.cleaned_data.get("revision") or 0)) or {}
                now = customer_initial(ModelPart.objects.get(pk=part.pk).data, columns)
                fresh = merged_post(
                    request.POST, form.fields, customer_initial(was, columns), now, conflict.revision
                )
                form = form_for(fresh)
                form.is_valid()
            else:
                messages.success(request, f"Customer “{saved.data.get('name')}” saved in the draft.")
                return redirect("valuemodels:build", record.pk)
        status = 409 if conflict else 400
    ctx = {"record": record, "part": part, "form": form, "conflict": conflict, "research": research}
    return render(request, "valuemodels/customer_form.html", ctx, status=status)
