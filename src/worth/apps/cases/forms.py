"""The business case form: what is asked for, and the assumptions its profitability rests on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from worth.apps.cases.figures import CaseInputError, adoption_shares, plan_of
from worth.apps.cases.models import DECISIONS, BusinessCase
from worth.apps.core.locking import RevisionField
from worth.apps.programs.forms import keep_revision_for_edits
from worth.apps.propositions.models import Proposition


class CaseForm(forms.ModelForm[BusinessCase]):
    revision = RevisionField()

    class Meta:
        model = BusinessCase
        fields = [
            "title",
            "proposition",
            "actions",
            "resources",
            "concerns",
            "period",
            "periods",
            "profit_at_full_adoption",
            "adoption",
            "investment",
            "running_cost",
            "cost_of_capital",
            "target_amount",
            "target_within",
        ]
        widgets = {
            "actions": forms.Textarea(attrs={"rows": 4}),
            "resources": forms.Textarea(attrs={"rows": 3}),
            "concerns": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, data: Any = None, *, instance: BusinessCase, propositions: QuerySet[Proposition]
    ) -> None:
        super().__init__(data, instance=instance)
        keep_revision_for_edits(self)
        field = self.fields["proposition"]
        field.queryset = propositions  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: f"{p.subsegment} ({p.model.name} v{p.version.number})"  # type: ignore[attr-defined]
        field.help_text = "The value proposition the case rests on, with its model version."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        periods = data.get("periods")
        if periods and data.get("adoption"):
            try:
                adoption_shares(data["adoption"], periods)
            except CaseInputError as refused:
                self.add_error("adoption", refused.message)
        if data.get("cost_of_capital") is not None and data["cost_of_capital"] <= -100:
            self.add_error("cost_of_capital", f"{data['cost_of_capital']} % is not above -100 %")
        for name in ("investment", "running_cost"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, f"{data[name]} is negative")
        if data.get("target_within") and periods and data["target_within"] > periods:
            self.add_error("target_within", f"{data['target_within']} is beyond the case's {periods} periods")
        if not self.errors:
            trial = BusinessCase(**{k: v for k, v in data.items() if k not in ("revision", "proposition")})
            try:
                plan_of(trial)
            except CaseInputError as refused:
                self.add_error(None, str(refused))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[(d.value, d.label) for d in DECISIONS])
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    revision = RevisionField()
