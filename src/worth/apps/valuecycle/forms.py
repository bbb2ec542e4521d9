"""The forms of a journey map and of each part on it; choices come from the map and the project's model."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from worth.apps.core.locking import RevisionField
from worth.apps.valuecycle.models import (
    JourneyMap,
    Opportunity,
    PathStep,
    Persona,
    PlanLine,
    Stage,
    TouchPoint,
)


class MapPartForm(forms.ModelForm):  # type: ignore[type-arg]
    """A form of a revisioned record: the revision it was opened at travels with it."""

    revision = RevisionField()
    #: The field whose value must be unique on the map (or in the project for a map), if any.
    unique_name = ""

    def __init__(self, *args: Any, journey: JourneyMap | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.journey = journey
        if self.instance.pk:
            self.fields["revision"].initial = self.instance.revision
        else:
            del self.fields["revision"]

    def _siblings(self) -> models.QuerySet[Any]:
        found: models.QuerySet[Any] = type(self.instance)._default_manager.filter(journey=self.journey)
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        field = self.unique_name
        if field and data.get(field):
            value = str(data[field]).strip()
            taken = self._siblings().filter(**{field: value}).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    field, f"This map already has a {self._meta.model._meta.verbose_name} “{value}”."
                )
        return data


def _element_choice(form: forms.ModelForm, elements: list[str]) -> None:  # type: ignore[type-arg]
    current = str(getattr(form.instance, "element", "") or "")
    names = list(dict.fromkeys([*elements, *([current] if current else [])]))
    form.fields["element"] = forms.ChoiceField(
        choices=[("", "none"), *((n, n) for n in names)],
        required=False,
        label="Value element",
        help_text="An element of the project's value model.",
    )


class JourneyMapForm(MapPartForm):
    unique_name = "name"

    class Meta:
        model = JourneyMap
        fields = ["name", "scope", "subsegment", "review_every_days"]

    def __init__(self, *args: Any, project_pk: int, subsegments: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project_pk = project_pk
        current = self.instance.subsegment if self.instance.pk else ""
        names = list(dict.fromkeys([*subsegments, *([current] if current else [])]))
        self.fields["subsegment"] = forms.ChoiceField(
            choices=[("", "every subsegment"), *((n, n) for n in names)],
            required=False,
            help_text=self.fields["subsegment"].help_text,
        )

    def _siblings(self) -> models.QuerySet[Any]:
        return JourneyMap.objects.filter(project_id=self.project_pk)


class StageForm(MapPartForm):
    unique_name = "name"

    class Meta:
        model = Stage
        fields = ["name", "position", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class TouchPointForm(MapPartForm):
    unique_name = "name"

    class Meta:
        model = TouchPoint
        fields = [
            "name", "stage", "position", "channel", "creates", "communicates", "delivers", "documents",
            "captures", "element", "tool", "description",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, elements: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(journey=self.journey)  # type: ignore[attr-defined]
        _element_choice(self, elements)


class PersonaForm(MapPartForm):
    unique_name = "name"

    class Meta:
        model = Persona
        fields = ["name", "role", "position", "values"]
        widgets = {"values": forms.Textarea(attrs={"rows": 3})}


class PathStepForm(MapPartForm):
    class Meta:
        model = PathStep
        fields = ["persona", "touch_point", "buyer_action", "seller_action"]
        widgets = {
            "buyer_action": forms.Textarea(attrs={"rows": 2}),
            "seller_action": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["persona"].queryset = Persona.objects.filter(journey=self.journey)  # type: ignore[attr-defined]
        self.fields["touch_point"].queryset = TouchPoint.objects.filter(journey=self.journey)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        persona, point = data.get("persona"), data.get("touch_point")
        if persona and point:
            taken = PathStep.objects.filter(persona=persona, touch_point=point).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("touch_point", f"{persona} already has a step at “{point}”: change that one.")
        return data


class OpportunityForm(MapPartForm):
    class Meta:
        model = Opportunity
        fields = ["kind", "touch_point", "description", "element", "status", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, elements: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["touch_point"].queryset = TouchPoint.objects.filter(journey=self.journey)  # type: ignore[attr-defined]
        _element_choice(self, elements)


class PlanLineForm(MapPartForm):
    class Meta:
        model = PlanLine
        fields = ["element", "value_to_create", "how_created", "measure", "unit", "minimum", "position"]
        widgets = {
            "value_to_create": forms.Textarea(attrs={"rows": 2}),
            "how_created": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, elements: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _element_choice(self, elements)

    def clean_minimum(self) -> Any:
        value = self.cleaned_data.get("minimum")
        if value is not None and value < 0:
            raise forms.ValidationError(f"{value} is negative: give the least value sought, 0 or more.")
        return value


class ReviewForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        label="What the review found and decided",
        required=False,
    )
    opened_at = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
