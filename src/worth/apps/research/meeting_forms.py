"""The meeting form and the grid of what it agreed per value element."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User

from worth.apps.core.locking import RevisionField
from worth.apps.programs.forms import keep_revision_for_edits
from worth.apps.research.model_parts import latest_model, parts_of
from worth.apps.research.models import Agreement, Confirmed, EquationVerdict, Meeting, Participation


class PeopleField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class MeetingForm(forms.ModelForm[Meeting]):
    revision = RevisionField()

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "held",
            "supplier_participants",
            "managers",
            "data_sources",
            "outside_sources",
            "follow_ups",
            "notes",
        ]
        widgets = {
            "held": forms.DateInput(attrs={"type": "date"}),
            "managers": forms.CheckboxSelectMultiple,
            "data_sources": forms.Textarea(attrs={"rows": 2}),
            "outside_sources": forms.Textarea(attrs={"rows": 2}),
            "follow_ups": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, participation: Participation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = User.objects.filter(memberships__project=participation.project, is_active=True)
        self.fields["supplier_participants"] = PeopleField(
            queryset=team.order_by("first_name", "username"),
            widget=forms.CheckboxSelectMultiple,
            label="Our participants",
            help_text="At least two of the team; the customer's salesperson with them.",
        )
        self.fields["managers"].queryset = participation.customer.contacts.all()  # type: ignore[attr-defined]
        keep_revision_for_edits(self)


class AgreementForm(forms.Form):
    """One row of the grid: one element, as this customer sees it and its word equation."""

    element = forms.CharField(widget=forms.HiddenInput)
    confirmed = forms.ChoiceField(
        choices=[("", "Not discussed"), *Confirmed.choices], required=False, label="The customer sees it as"
    )
    equation = forms.ChoiceField(
        choices=[("", "Not discussed"), *EquationVerdict.choices], required=False, label="Word equation"
    )
    amended_equation = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "The word equation as amended"}),
        label="As amended",
    )
    note = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "What the customer said"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("equation") == EquationVerdict.AMENDED
            and not (data.get("amended_equation") or "").strip()
        ):
            self.add_error("amended_equation", "Write the word equation as the customer amended it.")
        return data

    def discussed(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("confirmed") or data.get("equation") or (data.get("note") or "").strip())


class BaseAgreementFormSet(forms.BaseFormSet[AgreementForm]):
    """The rows must be the model's elements (or ones this meeting already holds), each once."""

    allowed: frozenset[str] = frozenset()

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for number, form in enumerate(self.forms, 1):
            name = form.cleaned_data.get("element", "")
            if name not in self.allowed:
                raise forms.ValidationError(f"Row {number} names “{name}”, which is no element of the model.")
            if name in seen:
                raise forms.ValidationError(f"Row {number} repeats the element “{name}”.")
            seen.add(name)


AgreementFormSet: type[BaseAgreementFormSet] = forms.formset_factory(  # type: ignore[assignment]
    AgreementForm, formset=BaseAgreementFormSet, extra=0
)


def model_elements(participation: Participation) -> list[dict[str, Any]]:
    """The elements of the project's most recently changed value model, in order, with their equations."""
    elements = parts_of(latest_model(participation.project), "element")
    return [{"name": key, "equation": data.get("equation") or ""} for key, data in elements]


def agreement_formset(
    data: Any, participation: Participation, meeting: Meeting | None
) -> tuple[Any, list[dict[str, Any]]]:
    """The grid: one row per element of the model, holding what this meeting agreed (if anything)."""
    elements = model_elements(participation)
    known = {a.element: a for a in meeting.agreements.all()} if meeting is not None else {}
    names = [e["name"] for e in elements] + [
        name for name in known if name not in {e["name"] for e in elements}
    ]
    initial = []
    for name in names:
        found = known.get(name)
        row = {"element": name}
        if found is not None:
            row |= {
                "confirmed": found.confirmed,
                "equation": found.equation,
                "amended_equation": found.amended_equation,
                "note": found.note,
            }
        initial.append(row)
    equations = {e["name"]: e["equation"] for e in elements}
    rows = [{"name": name, "equation": equations.get(name, "")} for name in names]
    grid = AgreementFormSet(data, initial=initial, prefix="agreements")
    grid.allowed = frozenset(names)
    return grid, rows


def save_agreements(meeting: Meeting, formset: Any) -> None:
    for form in formset:
        name = form.cleaned_data["element"]
        if form.discussed():
            fields = {
                k: form.cleaned_data.get(k) or ""
                for k in ("confirmed", "equation", "amended_equation", "note")
            }
            Agreement.objects.update_or_create(meeting=meeting, element=name, defaults=fields)
        else:
            Agreement.objects.filter(meeting=meeting, element=name).delete()
