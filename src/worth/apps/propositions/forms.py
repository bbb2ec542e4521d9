"""The proposition form: how each candidate element is stated, the statement, the alternative's value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from worth.apps.core.locking import RevisionField
from worth.apps.propositions.models import Proposition
from worth.engine.model.proposition import Candidate

ROLE_CHOICES = [
    ("", "Not stated"),
    ("difference", "Stated as a point of difference"),
    ("parity", "Stated as a point of parity"),
    ("addressed", "Unfavourable: stated with how it is addressed"),
]


def role_field_name(index: int) -> str:
    return f"role_{index}"


class PropositionForm(forms.ModelForm[Proposition]):
    """One role field per candidate, in the candidates' order; the focus is rebuilt from them on save.

    Elements already stated keep their order (the team leads with what it put first); newly stated
    ones follow in order of value.
    """

    revision = RevisionField()

    class Meta:
        model = Proposition
        fields = ["statement", "alternative_value"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, data: Any = None, *, instance: Proposition, candidates: Sequence[Candidate]) -> None:
        super().__init__(data, instance=instance)
        self.fields["revision"].initial = instance.revision
        self.candidates = list(candidates)
        stated = {pick.element: pick.role for pick in instance.picks}
        for index, candidate in enumerate(self.candidates):
            self.fields[role_field_name(index)] = forms.ChoiceField(
                choices=ROLE_CHOICES,
                required=False,
                initial=stated.get(candidate.name, ""),
                label=candidate.name,
            )

    def role_fields(self) -> list[tuple[Candidate, forms.BoundField]]:
        return [(c, self[role_field_name(i)]) for i, c in enumerate(self.candidates)]

    def clean_alternative_value(self) -> Any:
        value = self.cleaned_data.get("alternative_value")
        if value is not None and value <= 0:
            raise forms.ValidationError(f"{value} is not above zero: leave it empty when it is not known.")
        return value

    def chosen_focus(self) -> list[dict[str, str]]:
        """The focus from the role fields, earlier picks first in their order, then by value."""
        chosen = {
            c.name: self.cleaned_data[role_field_name(i)]
            for i, c in enumerate(self.candidates)
            if self.cleaned_data.get(role_field_name(i))
        }
        earlier = [pick.element for pick in self.instance.picks if pick.element in chosen]
        rank = {c.name: (c.rank_value, c.name) for c in self.candidates}
        later = sorted((name for name in chosen if name not in earlier), key=lambda name: rank[name])
        return [{"element": name, "role": chosen[name]} for name in [*earlier, *later]]

    def save(self, commit: bool = True) -> Proposition:
        record = super().save(commit=False)
        record.focus = self.chosen_focus()
        if commit:
            record.save()
        return record
