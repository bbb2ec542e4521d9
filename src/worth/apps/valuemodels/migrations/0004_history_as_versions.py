"""Each model's history (the text of every import) becomes its first versions; nothing is lost.

A text this engine no longer reads still becomes a version (its content empty, its hash taken over
the text), so the history is complete and the version page says why it cannot be analysed.
"""

import hashlib
import json

from django.db import migrations


def _content(text, fmt, name):
    from worth.engine.model.errors import ModelError
    from worth.engine.model.io import read_model_text

    try:
        model = read_model_text(text, fmt="json" if fmt == "json" else "yaml", source=name).model
    except ModelError:
        return None, hashlib.sha256(("unreadable:" + text).encode()).hexdigest()
    data = model.to_data()
    data.pop("$schema", None)
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return data, hashlib.sha256(canonical.encode()).hexdigest()


def history_as_versions(apps, schema_editor):
    Record = apps.get_model("valuemodels", "ValueModelRecord")
    Historical = apps.get_model("valuemodels", "HistoricalValueModelRecord")
    Version = apps.get_model("valuemodels", "ModelVersion")
    for record in Record.objects.all().order_by("pk"):
        rows = Historical.objects.filter(id=record.pk, history_type__in=["+", "~"]).order_by(
            "history_date", "history_id"
        )
        states = [(r.text, r.fmt, r.history_date, r.history_user_id or r.updated_by_id) for r in rows]
        if not states or (states[-1][0], states[-1][1]) != (record.text, record.fmt):
            states.append((record.text, record.fmt, record.updated, record.updated_by_id))
        number, last_sha = 0, None
        for text, fmt, when, who in states:
            content, sha = _content(text, fmt, record.name)
            if sha == last_sha:
                continue
            number += 1
            Version.objects.create(
                model_id=record.pk,
                number=number,
                sha256=sha,
                content=content,
                text=text,
                fmt=fmt,
                created=when,
                created_by_id=who,
                note="From the model's history before versions were kept.",
            )
            last_sha = sha
        Record.objects.filter(pk=record.pk).update(content_sha256=last_sha or "")


def forget_versions(apps, schema_editor):
    apps.get_model("valuemodels", "ModelVersion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("valuemodels", "0003_versions")]

    operations = [migrations.RunPython(history_as_versions, forget_versions)]
