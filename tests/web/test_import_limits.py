"""What the import pages refuse before reading: pathological nesting, oversized uploads and text."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.test_deep_nesting import FLOW
from tests.web.conftest import World
from tests.web.forms import post_opened
from tests.web.test_pricing_support import import_lines


def test_the_import_pages_refuse_it_in_words(world: World, settings, tmp_path: Path) -> None:
    settings.WORTH_JOBS_INLINE = True
    settings.DATA_DIR = tmp_path
    client = world.client_for(world.analyst)
    model = post_opened(client, reverse("valuemodels:import", args=[world.project.pk]), {"text": FLOW})
    assert model.status_code == 400
    assert "nested more than 64 levels" in model.content.decode()
    policy = post_opened(client, reverse("pricing:policy_import", args=[world.project.pk]), {"text": FLOW})
    assert policy.status_code == 400
    assert "nested more than 64 levels" in policy.content.decode()
    contract = SimpleUploadedFile("contract.yaml", FLOW.encode(), content_type="application/yaml")
    lines = import_lines(client, world.project, contract=contract)
    assert lines.status_code == 400
    assert "nested more than 64 levels" in lines.content.decode()
    assert not world.project.value_models.exists()
