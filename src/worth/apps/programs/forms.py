from __future__ import annotations

from django import forms

from worth.apps.programs.models import Program, Project


class ProgramForm(forms.ModelForm[Program]):
    class Meta:
        model = Program
        fields = ["name", "sponsor", "success_target", "target_profit", "currency", "starts", "ends"]
        widgets = {
            "starts": forms.DateInput(attrs={"type": "date"}),
            "ends": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", "The program cannot end before it starts.")
        return data


class ProjectForm(forms.ModelForm[Project]):
    class Meta:
        model = Project
        fields = ["name", "business_issue", "scope", "success_definition", "phase"]
        widgets = {
            "business_issue": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }
