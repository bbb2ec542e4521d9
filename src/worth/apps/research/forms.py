"""The forms of the research pages; the JSON API checks its bodies with the same forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from worth.apps.core.locking import RevisionField
from worth.apps.programs.forms import PersonField, keep_revision_for_edits
from worth.apps.programs.models import Project
from worth.apps.research.model_parts import latest_model, parts_of
from worth.apps.research.models import Contact, Customer, Participation, Reason, Status


def project_subsegments(project: Project) -> list[str]:
    """The subsegments of the project's model (the one the checklist reads), in their order."""
    return [key for key, _ in parts_of(latest_model(project), "subsegment")]


class CustomerForm(forms.ModelForm[Customer]):
    revision = RevisionField()

    class Meta:
        model = Customer
        fields = ["name", "salesperson", "characteristics", "notes"]
        widgets = {
            "characteristics": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        generated = self.fields["salesperson"]
        self.fields["salesperson"] = PersonField(
            required=False, help_text=generated.help_text, label=generated.label
        )
        keep_revision_for_edits(self)


class ContactForm(forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = ["name", "function", "email"]


class ParticipationForm(forms.ModelForm[Participation]):
    """A customer's part in the project. A new one names an existing customer or a new one by name."""

    revision = RevisionField()
    reasons = forms.MultipleChoiceField(
        choices=Reason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Why it cooperates",
        help_text="The four kinds of reasons a customer takes part in value research.",
    )
    new_customer = forms.CharField(
        max_length=200,
        required=False,
        label="Or a new customer",
        help_text="Its name, when it is not yet one of the organisation's customers.",
    )
    new_salesperson = PersonField(required=False, label="Its responsible salesperson")

    class Meta:
        model = Participation
        fields = [
            "customer",
            "subsegment",
            "model_id",
            "status",
            "declined_reason",
            "reasons",
            "incentive",
            "gives",
            "gets",
            "contacts",
            "salesperson_support",
        ]
        widgets = {
            "gives": forms.Textarea(attrs={"rows": 2}),
            "gets": forms.Textarea(attrs={"rows": 2}),
            "contacts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, project: Project, customers: QuerySet[Customer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        subsegments = project_subsegments(project)
        if subsegments:
            current = self.instance.subsegment if self.instance.pk else ""
            names = [*subsegments, *([current] if current and current not in subsegments else [])]
            self.fields["subsegment"] = forms.ChoiceField(
                choices=[("", "Not yet assigned"), *((n, n) for n in names)],
                required=False,
                help_text="A subsegment of the project's value model.",
            )
        if self.instance.pk:
            for name in ("customer", "new_customer", "new_salesperson"):
                del self.fields[name]
            self.fields["contacts"].queryset = self.instance.customer.contacts.all()  # type: ignore[attr-defined]
            self.initial.setdefault("reasons", self.instance.reasons)
        else:
            del self.fields["contacts"]  # a new customer has no contacts yet: add them on its page
            taken = project.participations.values("customer")
            customer = self.fields["customer"]
            customer.queryset = customers.exclude(pk__in=taken)  # type: ignore[attr-defined]
            customer.required = False
            customer.label = "Customer"
        keep_revision_for_edits(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.instance.pk:
            chosen, new = data.get("customer"), (data.get("new_customer") or "").strip()
            if chosen and new:
                self.add_error("new_customer", "Choose a customer or name a new one, not both.")
            elif not chosen and not new:
                self.add_error("customer", "Choose one of your customers or name a new one.")
            elif new and Customer.objects.filter(name__iexact=new).exists():
                self.add_error(
                    "new_customer",
                    f"The organisation already has a customer named “{new}”: its salesperson or a team "
                    "it works with can add it to this project.",
                )
        if data.get("status") == Status.DECLINED and not (data.get("declined_reason") or "").strip():
            self.add_error(
                "declined_reason", "Say why the customer declined: the next project learns from it."
            )
        return data

    def save(self, commit: bool = True) -> Participation:
        participation = super().save(commit=False)
        participation.reasons = list(self.cleaned_data.get("reasons") or [])
        if not participation.pk:
            participation.project = self.project
            if participation.customer_id is None:
                participation.customer = Customer.objects.create(
                    name=self.cleaned_data["new_customer"].strip(),
                    salesperson=self.cleaned_data.get("new_salesperson"),
                )
        if commit:
            participation.save()
            self.save_m2m()
        return participation
