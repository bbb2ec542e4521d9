from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User

from worth.apps.core.locking import RevisionField
from worth.apps.programs.access import is_administrator
from worth.apps.programs.models import Program, Project


class PersonField(forms.ModelChoiceField[User]):
    """Active accounts only, by name: an inactive account can neither sponsor nor lead anything."""

    def __init__(self, **kwargs: Any) -> None:
        people = User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")
        super().__init__(queryset=people, **kwargs)

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


def _keep_revision_for_edits(form: forms.ModelForm[Any]) -> None:
    """An edit sends back the revision it was opened at (optimistic locking); a new record has none."""
    if form.instance.pk:
        form.fields["revision"].initial = form.instance.revision
    else:
        del form.fields["revision"]


class ProgramForm(forms.ModelForm[Program]):
    revision = RevisionField()

    class Meta:
        model = Program
        fields = ["name", "sponsor", "lead", "success_target", "target_profit", "currency", "starts", "ends"]
        widgets = {
            "starts": forms.DateInput(attrs={"type": "date"}),
            "ends": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, editor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editor = editor
        for name in ("sponsor", "lead"):
            generated = self.fields[name]
            self.fields[name] = PersonField(
                required=generated.required, help_text=generated.help_text, label=generated.label
            )
        _keep_revision_for_edits(self)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", "The program cannot end before it starts.")
        people = {getattr(data.get("sponsor"), "pk", None), getattr(data.get("lead"), "pk", None)}
        if not is_administrator(self.editor) and self.editor.pk not in people:
            self.add_error(
                "lead",
                "You would no longer see this program: name yourself its sponsor or program lead "
                "(an administrator can hand it over).",
            )
        return data


class ProjectForm(forms.ModelForm[Project]):
    revision = RevisionField()

    class Meta:
        model = Project
        fields = ["name", "business_issue", "scope", "success_definition", "phase"]
        widgets = {
            "business_issue": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _keep_revision_for_edits(self)
