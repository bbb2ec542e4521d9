from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator

from worth.apps.core.uploads import max_upload_bytes
from worth.engine.model.io import MAX_FILE_BYTES


def model_upload_bytes() -> int:
    """The largest model file the import takes: the upload limit, within what the engine reads."""
    return min(max_upload_bytes(), MAX_FILE_BYTES)


def seen_field(versions: dict[int, int]) -> str:
    """The hidden ``seen`` value for :class:`ImportForm`."""
    return ",".join(f"{pk}:{revision}" for pk, revision in sorted(versions.items()))


class ImportForm(forms.Form):
    file = forms.FileField(required=False, help_text="A .yaml, .yml or .json value model file")
    seen = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="…or paste the model",
    )
    note = forms.CharField(
        required=False,
        max_length=500,
        help_text="What changed and why, in a line: it heads the new version in the model's history",
    )
    filename = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The previewed file, kept on the server (worth.apps.valuemodels.staging), when confirming.
    staged = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def clean_seen(self) -> dict[int, int]:
        """The project's model versions when the form was opened, as ``pk:revision`` pairs."""
        pairs = [part.split(":") for part in str(self.cleaned_data.get("seen") or "").split(",") if part]
        try:
            return {int(pk): int(revision) for pk, revision in pairs}
        except ValueError:
            raise forms.ValidationError(
                "The form lost the versions it was opened at: open it again."
            ) from None

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is None and not (data.get("text") or "").strip() and not data.get("staged"):
            raise forms.ValidationError("Choose a model file or paste its text.")
        if upload is not None:
            most = model_upload_bytes()
            if upload.size > most:
                raise forms.ValidationError(
                    f"The file is {upload.size / 1024 / 1024:,.1f} MB; a model file may be up to "
                    f"{most // 1024 // 1024} MB."
                )
            raw = upload.read()
            try:
                data["text"] = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(f"The file is not UTF-8 text (byte {exc.start}).") from None
            data["filename"] = upload.name
        return data


class SimulationForm(forms.Form):
    draws = forms.IntegerField(min_value=1_000, initial=100_000)
    seed = forms.IntegerField(
        min_value=0, required=False, help_text="Repeat an earlier run exactly; empty draws a fresh seed"
    )
    independent = forms.BooleanField(
        required=False, help_text="Ignore the correlations observed between drivers (for comparison)"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        most = int(settings.WORTH_MAX_DRAWS)
        draws = self.fields["draws"]
        draws.validators.append(
            MaxValueValidator(
                most,
                f"At most {most:,} draws per subsegment from the web; "
                "`worth model simulate` on the command line runs more.",
            )
        )
        draws.widget.attrs["max"] = str(most)
        draws.help_text = f"Draws per subsegment (1,000 to {most:,})"
