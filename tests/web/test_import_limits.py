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


def test_an_invoice_file_past_the_upload_limit_is_not_kept_and_is_refused_with_its_size(
    world: World, settings, tmp_path: Path
) -> None:
    from worth.apps.pricing.models import InvoiceDataset, InvoiceImport

    settings.WORTH_JOBS_INLINE = True
    settings.DATA_DIR = tmp_path
    settings.WORTH_MAX_UPLOAD_MB = 1
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # so the file streams through the size-limited handler
    big = "invoice_id,line_no\n" + "INV-1,1\n" * 400_000  # about 3 MB
    response = import_lines(world.client_for(world.analyst), world.project, text=big)
    assert response.status_code == 400
    body = response.content.decode()
    assert "“lines.csv” is 3 MB; the most an upload may be is 1 MB" in body
    assert not InvoiceDataset.objects.exists()
    assert not InvoiceImport.objects.exists()
    assert not (tmp_path / "pricing").exists() or not any((tmp_path / "pricing").rglob("*.csv"))


def test_the_handler_keeps_nothing_past_the_limit(settings) -> None:
    from worth.apps.core.uploads import SizeLimitedUploadHandler

    settings.WORTH_MAX_UPLOAD_MB = 1
    handler = SizeLimitedUploadHandler()
    handler.new_file("file", "big.csv", "text/csv", 0)
    chunk = b"x" * 65_536
    for start in range(0, 3 * 2**20, len(chunk)):
        handler.receive_data_chunk(chunk, start)
    refused = handler.file_complete(3 * 2**20)
    assert refused is not None
    assert refused.size == 3 * 2**20
    assert refused.read() == b""


def test_a_pasted_model_past_the_form_limit_gets_the_apps_page_with_the_limit(world: World, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    settings.WORTH_MAX_FORM_MB = 1
    client = world.client_for(world.analyst)
    response = client.post(
        reverse("valuemodels:import", args=[world.project.pk]), {"text": "x" * (2 * 2**20)}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The form sent more than 1 MB of text" in body
    assert "Upload the file instead of pasting it" in body
    assert '<a class="brand"' in body  # the app's layout, with a way back
    assert "Go to the start page" in body
