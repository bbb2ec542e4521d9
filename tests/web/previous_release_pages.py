"""Run as a process on a migrated copy of the previous release's demo: every page a person reads.

Prints one JSON object, ``{url: [status, page mentions the record's name]}``, for the test to judge.
"""

from __future__ import annotations

import json
import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "worth.site.settings")
    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse
    from django.utils.html import escape

    from worth.apps.programs.models import Program, Project
    from worth.apps.valuemodels.models import ValueModelRecord

    admin = (
        User.objects.filter(is_superuser=True).order_by("pk").first() or User.objects.order_by("pk").first()
    )
    client = Client(SERVER_NAME="127.0.0.1")  # a host the settings allow
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    pages: dict[str, str] = {reverse("programs:list"): ""}
    for program in Program.objects.all():
        pages[reverse("programs:program", args=[program.pk])] = program.name
    for project in Project.objects.all():
        pages[reverse("programs:project", args=[project.pk])] = project.name
        pages[reverse("pricing:policy", args=[project.pk])] = ""
    for record in ValueModelRecord.objects.all():
        for name in ("detail", "sensitivity", "prospects", "versions", "compare", "build", "classification"):
            pages[reverse(f"valuemodels:{name}", args=[record.pk])] = record.name
        pages[reverse("valuemodels:version", args=[record.pk, 1])] = record.name
    report: dict[str, list[object]] = {}
    for url, name in pages.items():
        answer = client.get(url, follow=True)
        report[url] = [answer.status_code, escape(name) in answer.content.decode("utf-8", "replace")]
    print(json.dumps(report))


if __name__ == "__main__":
    main()
