"""Benchmark: a model's records in the team workspace against reading its file.

Importing a model into the web app checks the file (the engine reads it), then writes the version
and brings the builder's parts in step with it: one part per customer, so a model of a thousand
customers is a thousand records with their history. The baseline is reading and checking the same
file with the engine alone, in turns with the subject, round after round in the same run:

- *first import*: the model into a new project (every part written);
- *next import*: the same model with one customer changed (a version, one part written);
- *draft check*: what the builder does on every page, joining the parts and checking the model;
- *loading a version*: what every analysis page does first, from the version's canonical content.

Aim: the workspace adds at most 30 % to reading the file (<= 1.3x); the draft check and loading a
version, which read no text, cost no more than reading the file (<= 1x).

Run: ``.venv/bin/python benchmarks/bench_records.py [--quick]`` (``--quick``: 100 customers, fewer
rounds); results go to ``benchmarks/results/bench_records.json``.
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_model import build_model
from harness import arguments, interleaved, ratio_figure, write_results


def _django(data_dir: str) -> None:
    os.environ["WORTH_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "worth.site.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def main() -> None:
    parser = arguments(__doc__.splitlines()[0], quick="100 customers, 3 rounds (1,000 and 5 in full)")
    parser.add_argument("--customers", type=int, default=None, help="customers (default 1,000)")
    args = parser.parse_args()
    customers = args.customers if args.customers is not None else (100 if args.quick else 1_000)
    rounds = 3 if args.quick else 5

    with tempfile.TemporaryDirectory(prefix="worth-bench-records-") as data_dir:
        _django(data_dir)
        from django.contrib.auth.models import User

        from worth.apps.programs.models import Program, Project
        from worth.apps.valuemodels.models import ModelVersion
        from worth.apps.valuemodels.records import draft_of
        from worth.apps.valuemodels.services import import_model_text
        from worth.engine.model.io import dump_model, read_model_text

        text = dump_model(build_model(customers, np.random.default_rng(20240501)))
        user = User.objects.create_user("analyst")
        program = Program.objects.create(name="Pilot", sponsor=user, success_target="$1M")
        projects = (
            Project.objects.create(program=program, name=f"P{i}", business_issue="x")
            for i in itertools.count()
        )

        def parse() -> None:
            read_model_text(text)

        def first_import() -> None:
            import_model_text(project=next(projects), text=text, filename="m.yaml", user=user)

        target = import_model_text(project=next(projects), text=text, filename="m.yaml", user=user)
        renamed = itertools.count()

        def next_import() -> None:
            changed = text.replace("name: Customer 5\n", f"name: Customer 5 ({next(renamed)})\n", 1)
            import_model_text(project=target.project, text=changed, filename="m.yaml", user=user)

        def draft() -> None:
            assert draft_of(target).model is not None

        def load() -> None:
            ModelVersion.objects.get(pk=version_pk).load()

        first = interleaved(parse, first_import, rounds=rounds, warmup=0)
        again = interleaved(parse, next_import, rounds=rounds, warmup=1)
        checked = interleaved(parse, draft, rounds=rounds, warmup=1)
        version_pk = target.versions.order_by("-number").values_list("pk", flat=True)[0]
        loaded = interleaved(parse, load, rounds=rounds, warmup=1)
        parts = target.parts.count()

    figures = [
        ratio_figure(
            f"first import into the workspace / reading the file, {customers:,} customers",
            first,
            baseline="reading the file",
            aim=1.3,
        ),
        ratio_figure(
            "next import, one customer changed / reading the file",
            again,
            baseline="reading the file",
            aim=1.3,
        ),
        ratio_figure(
            f"builder's draft check ({parts:,} parts) / reading the file",
            checked,
            baseline="reading the file",
            aim=1.0,
        ),
        ratio_figure(
            "loading a version from its content / reading the file",
            loaded,
            baseline="reading the file",
            aim=1.0,
        ),
    ]
    write_results("bench_records", figures, quick=args.quick, customers=customers, parts=parts)


if __name__ == "__main__":
    main()
