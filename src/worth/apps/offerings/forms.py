"""The form of a part of the offering; the element it delivers is chosen from the project's models."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from worth.apps.core.locking import RevisionField
from worth.apps.offerings.models import OfferingComponent


class ComponentForm(forms.ModelForm[OfferingComponent]):
    revision = RevisionField()

    class Meta:
        model = OfferingComponent
        fields = [
            "name", "kind", "element", "status", "offered_as", "cost_to_serve", "usage_share", "decision",
            "rationale", "guarantee",
        ]  # fmt: skip
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "guarantee": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, project_pk: int, elements: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.project_pk = project_pk
        current = self.instance.element if self.instance.pk else ""
        names = list(dict.fromkeys([*elements, *([current] if current else [])]))
        self.fields["element"] = forms.ChoiceField(
            choices=[("", "none: not an element of the model"), *((n, n) for n in names)],
            required=False,
            label="Value element",
            help_text=self.fields["element"].help_text,
        )
        if self.instance.pk:
            self.fields["revision"].initial = self.instance.revision
        else:
            del self.fields["revision"]

    def clean_name(self) -> str:
        name = str(self.cleaned_data.get("name") or "").strip()
        taken = OfferingComponent.objects.filter(project_id=self.project_pk, name=name).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(f"The offering already has a part named “{name}”.")
        return name

    def clean_cost_to_serve(self) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get("cost_to_serve")
        if value is not None and value < 0:
            raise forms.ValidationError(f"{value} is negative; give what it costs, 0 or more.")
        return value

    def clean_usage_share(self) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get("usage_share")
        if value is not None and not (0 <= value <= 100):
            raise forms.ValidationError(f"{value} is not a percentage from 0 to 100.")
        return value
