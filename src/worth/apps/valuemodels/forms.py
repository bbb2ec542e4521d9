from __future__ import annotations

from django import forms

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(required=False, help_text="A .yaml, .yml or .json value model file")
    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="…or paste the model",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is None and not (data.get("text") or "").strip():
            raise forms.ValidationError("Choose a model file or paste its text.")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB.")
            raw = upload.read()
            try:
                data["text"] = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(f"The file is not UTF-8 text (byte {exc.start}).") from None
            data["filename"] = upload.name
        return data
