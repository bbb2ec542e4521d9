"""Forms of the pricing area: importing invoice lines and a policy, and choosing what to analyse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms

from worth.analytics import DIMENSIONS, ContractError, parse_contract
from worth.apps.core.locking import RevisionField
from worth.apps.core.uploads import max_upload_bytes
from worth.apps.pricing.analysis import Level, Selection
from worth.apps.pricing.models import InvoiceDataset
from worth.apps.programs.models import Project

MAX_TEXT_UPLOAD_BYTES = 2 * 1024 * 1024
DELIMITERS = [(",", "comma ,"), (";", "semicolon ;"), ("\t", "tab"), ("|", "bar |")]
INVOICE_SUFFIXES = (".csv", ".parquet")


class PlainForm(forms.Form):
    """Labels without a trailing colon, as on the rest of the app's pages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _read_text(upload: Any, what: str) -> str:
    if upload.size > MAX_TEXT_UPLOAD_BYTES:
        raise forms.ValidationError(f"The {what} is larger than {MAX_TEXT_UPLOAD_BYTES // 1024 // 1024} MB.")
    raw = upload.read()
    try:
        return str(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise forms.ValidationError(f"The {what} is not UTF-8 text (byte {exc.start}).") from None


class DatasetImportForm(PlainForm):
    name = forms.CharField(
        max_length=200, help_text="How the team will know these lines, e.g. “Invoices 2025”."
    )
    file = forms.FileField(help_text="Invoice lines as .csv (header in the first line) or .parquet")
    delimiter = forms.ChoiceField(
        choices=DELIMITERS, initial=",", required=False, help_text="The field separator of a CSV file."
    )
    contract = forms.FileField(
        required=False,
        label="Column mapping and price items (optional)",
        help_text="YAML or JSON: your column names, the date format, how to read each deduction.",
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError("Give the data set a name.")
        if InvoiceDataset.objects.filter(project=self.project, name=name).exists():
            raise forms.ValidationError(f"{self.project.name} already has a data set named “{name}”.")
        return name

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in INVOICE_SUFFIXES:
            raise forms.ValidationError(f"Import a .csv or .parquet file, not “{upload.name}”.")
        most = max_upload_bytes()
        if upload.size > most:
            raise forms.ValidationError(
                f"“{upload.name}” is {upload.size / 2**20:,.0f} MB; the most an upload may be is "
                f"{most // 2**20:,} MB. Split it (by year, say) into data sets, or ask an administrator "
                "to raise WORTH_MAX_UPLOAD_MB."
            )
        return upload

    def clean_contract(self) -> Any:
        upload = self.cleaned_data.get("contract")
        if upload is None:
            return None
        text = _read_text(upload, "contract file")
        try:
            return parse_contract(text, source=upload.name or "the contract")
        except ContractError as exc:
            raise forms.ValidationError(
                [line.strip() for line in str(exc).splitlines() if line.strip()]
            ) from None


class PolicyImportForm(PlainForm):
    revision = RevisionField()
    file = forms.FileField(required=False, help_text="A pricing policy .yaml file")
    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text="…or paste the policy",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is None and not (data.get("text") or "").strip():
            raise forms.ValidationError("Choose a policy file or paste its text.")
        if upload is not None:
            data["text"] = _read_text(upload, "policy file")
        return data


class SelectionForm(PlainForm):
    """Grouping and filters for the waterfall and band pages (read from the query string)."""

    by = forms.ChoiceField(
        required=False,
        label="Group by",
        choices=[("", "— all lines together —"), *((d, d) for d in DIMENSIONS)],
    )
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(
        self,
        *args: Any,
        choices: dict[str, list[tuple[str, str]]],
        band: bool = False,
        grouping: bool = True,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        if not grouping:
            del self.fields["by"]
        for dimension, options in choices.items():
            label = dimension.capitalize()
            if options:
                self.fields[dimension] = forms.ChoiceField(
                    required=False, label=label, choices=[("", "any"), *options]
                )
            else:
                self.fields[dimension] = forms.CharField(required=False, label=label, max_length=200)
        if band:
            self.fields["level"] = forms.ChoiceField(
                required=False,
                label="Each point is",
                choices=[("transaction", "an invoice line"), ("customer", "a customer")],
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def selection(self) -> Selection:
        data = self.cleaned_data
        where = {d: str(data[d]).strip() for d in DIMENSIONS if d in data and str(data.get(d) or "").strip()}
        level: Level = "customer" if data.get("level") == "customer" else "transaction"
        return Selection(
            by=data.get("by") or None,
            where=where,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            level=level,
        )


class MixForm(SelectionForm):
    """The filters and dates of the other data set pages, and each customer's yearly purchases.

    The purchases are read against the customers of the chosen lines (``worth.apps.pricing.mix_page``),
    so this form only keeps the text as typed.
    """

    spend = forms.CharField(
        required=False,
        strip=False,
        max_length=20_000,
        label="Yearly purchases of the category, one CUSTOMER_ID=AMOUNT a line",
        widget=forms.Textarea(
            attrs={"rows": 3, "cols": 36, "spellcheck": "false", "placeholder": "C1=250000"}
        ),
    )

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, choices=choices, grouping=False, **kwargs)
