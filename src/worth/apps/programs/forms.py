from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet

from worth.apps.core.locking import RevisionField
from worth.apps.programs.access import is_administrator
from worth.apps.programs.models import Comment, MemberRole, Membership, Milestone, Program, Project


class PersonField(forms.ModelChoiceField[User]):
    """Active accounts only, by name: an inactive account can neither sponsor nor lead anything."""

    def __init__(self, **kwargs: Any) -> None:
        people = User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")
        super().__init__(queryset=people, **kwargs)

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


def keep_revision_for_edits(form: forms.ModelForm[Any]) -> None:
    """An edit sends back the revision it was opened at (optimistic locking); a new record has none."""
    if form.instance.pk:
        form.fields["revision"].initial = form.instance.revision
    else:
        del form.fields["revision"]


def _people_field(form: forms.ModelForm[Any], name: str, people: QuerySet[User] | None = None) -> None:
    generated = form.fields[name]
    field = PersonField(required=generated.required, help_text=generated.help_text, label=generated.label)
    if people is not None:
        field.queryset = people
    form.fields[name] = field


def _dates_in_order(form: forms.ModelForm[Any], data: dict[str, Any], what: str) -> None:
    starts, ends = data.get("starts"), data.get("ends")
    if starts and ends and ends < starts:
        form.add_error("ends", f"The {what} cannot end before it starts.")


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
            _people_field(self, name)
        keep_revision_for_edits(self)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        _dates_in_order(self, data, "program")
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
        fields = [
            "name",
            "business_issue",
            "decision",
            "scope",
            "success_definition",
            "phase",
            "starts",
            "ends",
            "implementing_manager",
        ]
        widgets = {
            "business_issue": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "starts": forms.DateInput(attrs={"type": "date"}),
            "ends": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people_field(self, "implementing_manager")
        keep_revision_for_edits(self)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        _dates_in_order(self, data, "project")
        return data


class MembershipForm(forms.ModelForm[Membership]):
    """A seat on the team; a new member is chosen from the active accounts not yet on it."""

    revision = RevisionField()

    class Meta:
        model = Membership
        fields = ["user", "role", "function", "title", "commitment"]
        labels = {"user": "Person"}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["commitment"].validators.append(MaxValueValidator(100))
        self.fields["commitment"].widget.attrs.update({"min": 0, "max": 100})
        if self.instance.pk:
            del self.fields["user"]
        else:
            taken = project.memberships.values("user")
            _people_field(self, "user", User.objects.filter(is_active=True).exclude(pk__in=taken))
            self.fields["user"].required = True
        keep_revision_for_edits(self)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        was_leader = self.instance.pk and self.initial.get("role") == MemberRole.LEADER
        if was_leader and data.get("role") and data["role"] != MemberRole.LEADER:
            self.add_error(
                "role",
                "The team keeps its leader: name the new leader first (this person then becomes a member).",
            )
        return data


class MilestoneForm(forms.ModelForm[Milestone]):
    revision = RevisionField()

    class Meta:
        model = Milestone
        fields = ["title", "due", "owner", "measure", "done"]
        widgets = {
            "due": forms.DateInput(attrs={"type": "date"}),
            "done": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {"done": "Reached on"}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = User.objects.filter(memberships__project=project)
        _people_field(self, "owner", team.order_by("first_name", "last_name", "username"))
        self.fields["owner"].help_text = "A member of the team."
        keep_revision_for_edits(self)


class CommentForm(forms.ModelForm[Comment]):
    about = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": 4000})}
        labels = {"text": "Comment"}
