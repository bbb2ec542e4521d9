"""The model file and the records are two forms of one model: export, check, import back, same records.

Tried on the demo model and on a generated one (30 elements, 93 drivers, 40 customers): the version's
canonical file passes `worth model check`, and importing it into another project gives the same
content hash and the same parts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.web.conftest import World
from tests.web.example_model import example_text
from worth.apps.programs.models import Project
from worth.apps.valuemodels.models import ValueModelRecord
from worth.apps.valuemodels.records import save_draft
from worth.apps.valuemodels.services import import_model_text, import_model_version
from worth.engine.model.io import dump_model

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_model import build_model

WORTH = str(Path(sys.executable).with_name("worth"))


def _parts(record: ValueModelRecord) -> list[tuple[str, str, int, dict]]:
    return sorted((p.kind, p.key, p.position, p.data) for p in record.parts.all())  # type: ignore[misc]


@pytest.mark.parametrize("source", ["demo", "generated"])
def test_the_canonical_file_checks_and_imports_back_to_the_same_records(
    world: World, tmp_path: Path, source: str
) -> None:
    text = example_text() if source == "demo" else dump_model(build_model(40, np.random.default_rng(7)))
    record = import_model_text(project=world.project, text=text, filename="m.yaml", user=world.analyst)
    # Edit one part in the builder's way and save: the model file becomes the canonical export.
    header = record.parts.get(kind="header")
    header.data = {**header.data, "description": "Exported from the workspace"}
    header.revision += 1
    header.save()
    version = save_draft(record, user=world.analyst, note="canonical")
    record.refresh_from_db()
    assert record.text == version.text
    exported = tmp_path / "exported.yaml"
    exported.write_text(record.text, encoding="utf-8")
    check = subprocess.run(
        [WORTH, "model", "check", str(exported)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    other = Project.objects.create(program=world.program, name="Copy", business_issue="round trip")
    again = import_model_version(
        project=other, text=record.text, filename="exported.yaml", user=world.analyst
    )
    assert again.version.sha256 == version.sha256
    assert _parts(again.record) == _parts(record)
    # And importing it over itself is no change at all.
    same = import_model_version(
        project=world.project, text=record.text, filename="e.yaml", user=world.analyst
    )
    assert (same.new_version, same.version.number) == (False, version.number)
