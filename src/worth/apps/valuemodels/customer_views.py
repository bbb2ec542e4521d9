"""A customer's page in the builder: its fields, characteristics and research cells in one form."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from worth.apps.core.locking import StaleEdit
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.valuemodels.conflicts import add_problems, merged_post
from worth.apps.valuemodels.customer_forms import Column, CustomerForm, customer_data, customer_initial
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


def customer_page(
    request: AuthenticatedHttpRequest, record: ValueModelRecord, part: ModelPart | None
) -> HttpResponse:
    characteristics, drivers, subsegments = _columns(record)
    columns = (characteristics, drivers)

    def form_for(data: object = None, initial: dict[str, object] | None = None) -> CustomerForm:
        return CustomerForm(
            data, initial=initial, characteristics=characteristics, drivers=drivers, subsegments=subsegments
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
    ctx = {"record": record, "part": part, "form": form, "conflict": conflict}
    return render(request, "valuemodels/customer_form.html", ctx, status=status)
