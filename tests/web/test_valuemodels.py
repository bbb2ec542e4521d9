"""Value models in the web app: import all-or-nothing, visibility by project, report and file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.conftest import World
from tests.web.forms import post_opened
from worth.apps.valuemodels.models import ValueModelRecord

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def import_url(world: World) -> str:
    return reverse("valuemodels:import", args=[world.project.pk])


def test_a_member_imports_the_example_file(world: World, example_text: str) -> None:
    client = world.client_for(world.analyst)
    upload = SimpleUploadedFile("bearings.yaml", example_text.encode(), content_type="application/yaml")
    response = post_opened(client, import_url(world), {"file": upload})
    record = ValueModelRecord.objects.get(project=world.project)
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    assert record.name == "Nordkap reliability program for pulp and paper mills"
    assert record.text == example_text
    assert record.updated_by == world.analyst


def test_a_broken_file_lists_every_problem_with_its_place_and_saves_nothing(
    world: World, example_text: str
) -> None:
    broken = example_text.replace("currency: USD", "currency: 12", 1).replace(
        "period: yr", "period: fortnight", 1
    )
    lines = broken.splitlines()
    currency_line = next(i for i, line in enumerate(lines, start=1) if line.startswith("currency:"))
    response = post_opened(world.client_for(world.analyst), import_url(world), {"text": broken})
    assert response.status_code == 400
    body = response.content.decode()
    assert "nothing was saved" in body
    assert f"{currency_line}:" in body
    assert "currency" in body
    assert "period" in body
    assert not ValueModelRecord.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_in_words(world: World) -> None:
    upload = SimpleUploadedFile("model.yaml", b"name: caf\xe9\n", content_type="application/yaml")
    response = post_opened(world.client_for(world.analyst), import_url(world), {"file": upload})
    assert response.status_code == 200
    assert b"not UTF-8 text (byte 9)" in response.content
    assert not ValueModelRecord.objects.exists()


def test_an_empty_form_asks_for_a_file(world: World) -> None:
    response = post_opened(world.client_for(world.analyst), import_url(world), {"text": "  "})
    assert b"Choose a model file or paste its text." in response.content


def test_a_new_version_replaces_the_text_and_keeps_the_old_in_history(
    world: World, example_text: str
) -> None:
    client = world.client_for(world.analyst)
    post_opened(client, import_url(world), {"text": example_text})
    changed = example_text.replace("amount: 96000", "amount: 98000", 1)
    post_opened(client, import_url(world), {"text": changed, "confirm": "1"})
    record = ValueModelRecord.objects.get()
    assert "amount: 98000" in record.text
    assert [h.text.count("amount: 96000") for h in record.history.order_by("history_date")] == [1, 0]


def test_viewers_and_outsiders_cannot_import(world: World, example_text: str) -> None:
    assert (
        post_opened(world.client_for(world.viewer), import_url(world), {"text": example_text}).status_code
        == 403
    )
    assert (
        post_opened(world.client_for(world.outsider), import_url(world), {"text": example_text}).status_code
        == 404
    )
    assert not ValueModelRecord.objects.exists()


def test_the_model_page_report_and_file_follow_project_visibility(world: World, example_text: str) -> None:
    post_opened(world.client_for(world.analyst), import_url(world), {"text": example_text})
    record = ValueModelRecord.objects.get()
    urls = [
        reverse("valuemodels:detail", args=[record.pk]),
        reverse("valuemodels:report", args=[record.pk]),
        reverse("valuemodels:file", args=[record.pk]),
    ]
    for url in urls:
        assert world.client_for(world.viewer).get(url).status_code == 200, url
        assert world.client_for(world.outsider).get(url).status_code == 404, url
    listing = world.client_for(world.outsider).get(reverse("valuemodels:list")).content.decode()
    assert record.name not in listing


def test_the_report_is_framed_only_by_the_app_and_downloads(world: World, example_text: str) -> None:
    post_opened(world.client_for(world.analyst), import_url(world), {"text": example_text})
    record = ValueModelRecord.objects.get()
    client = world.client_for(world.viewer)
    report = client.get(reverse("valuemodels:report", args=[record.pk]))
    assert report["X-Frame-Options"] == "SAMEORIGIN"
    assert "Large integrated mills" in report.content.decode()
    download = client.get(reverse("valuemodels:report", args=[record.pk]) + "?download=1")
    assert download["Content-Disposition"].startswith("attachment;")
    file = client.get(reverse("valuemodels:file", args=[record.pk]))
    assert file.content.decode() == example_text


def test_wrong_methods_are_refused(world: World) -> None:
    client = world.client_for(world.analyst)
    assert client.post(reverse("valuemodels:list")).status_code == 405
    assert client.delete(import_url(world)).status_code == 405


def test_it_serves_the_report_sandboxed_and_shows_the_summary_as_its_own_page(world, tmp_path):
    import html

    from tests.payloads import ID_PAYLOAD, NAME_PAYLOAD, TEXT_PAYLOAD, hostile_model_text
    from worth.apps.valuemodels.services import import_model_text

    record = import_model_text(
        project=world.project, text=hostile_model_text(), filename=None, user=world.analyst
    )
    response = world.client_for(world.analyst).get(f"/models/{record.pk}/report/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "sandbox" in policy
    assert "script-src" not in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    page = world.client_for(world.analyst).get(f"/models/{record.pk}/")
    # The summary is the page's own content (no frame), its texts escaped as the report's are.
    assert b'<section class="summary-view"' in page.content
    assert b"<iframe" not in page.content
    for raw in (TEXT_PAYLOAD, NAME_PAYLOAD, ID_PAYLOAD, "<svg/onload", "<img src=x"):
        assert raw.encode() not in page.content
    assert html.escape(NAME_PAYLOAD, quote=False).encode() in page.content
    styles = world.client_for(world.analyst).get("/models/summary.css")
    assert styles["Content-Type"].startswith("text/css")
    assert styles.content.decode().startswith(".summary-view {")


def test_every_page_is_sent_with_a_policy_that_forbids_inline_script(world):
    response = world.client_for(world.analyst).get("/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_two_people_importing_never_overwrite_each_other(world: World, example_text: str) -> None:
    from tests.web.forms import opened

    analyst, leader = world.client_for(world.analyst), world.client_for(world.leader)
    post_opened(analyst, import_url(world), {"text": example_text})
    record = ValueModelRecord.objects.get()
    # Both open the import form while revision 1 is there.
    analyst_form, leader_form = opened(analyst, import_url(world)), opened(leader, import_url(world))
    assert analyst_form["seen"] == f"{record.pk}:1"
    first = example_text.replace("amount: 96000", "amount: 98000", 1)
    assert analyst.post(import_url(world), {**analyst_form, "text": first, "confirm": "1"}).status_code == 302
    second = example_text.replace("amount: 29000", "amount: 31000", 1)
    refused = leader.post(import_url(world), {**leader_form, "text": second, "confirm": "1"})
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Not saved: analyst changed this" in body
    assert "-    amount: 96000" in body
    assert "+    amount: 98000" in body
    record.refresh_from_db()
    assert ("amount: 98000" in record.text, "amount: 31000" in record.text, record.revision) == (
        True,
        False,
        2,
    )
    # The form now knows revision 2 and keeps the sponsor's text: sending it again replaces it.
    assert f'value="{record.pk}:2"' in body
    again = leader.post(import_url(world), {"seen": f"{record.pk}:2", "text": second, "confirm": "1"})
    assert again.status_code == 302
    record.refresh_from_db()
    assert ("amount: 31000" in record.text, record.revision) == (True, 3)


def test_a_model_created_by_someone_else_meanwhile_is_not_replaced(world: World, example_text: str) -> None:
    from tests.web.forms import opened

    form = opened(world.client_for(world.leader), import_url(world))  # no model yet
    post_opened(world.client_for(world.analyst), import_url(world), {"text": example_text})
    refused = world.client_for(world.leader).post(import_url(world), {**form, "text": example_text + "\n"})
    assert refused.status_code == 409
    assert ValueModelRecord.objects.get().text == example_text


def test_a_one_subsegment_model_works_on_every_page(world: World, settings) -> None:
    from tests.engine.test_one_subsegment import one_subsegment_text

    settings.WORTH_JOBS_INLINE = True
    client = world.client_for(world.analyst)
    response = post_opened(client, import_url(world), {"text": one_subsegment_text()})
    assert response.status_code == 302
    record = ValueModelRecord.objects.get()
    pages = [
        reverse("valuemodels:detail", args=[record.pk]),
        reverse("valuemodels:report", args=[record.pk]),
        reverse("valuemodels:sensitivity", args=[record.pk]),
        reverse("valuemodels:prospects", args=[record.pk]),
        f"/api/models/{record.pk}/summary",
        reverse("pricing:value_price", args=[world.project.pk])
        + f"?model={record.pk}&subsegment=Large+integrated+mills",
    ]
    for url in pages:
        assert client.get(url).status_code in (200, 422), url
    assert [s["subsegment"] for s in client.get(pages[4]).json()["subsegments"]] == ["Large integrated mills"]
    simulated = client.post(reverse("valuemodels:simulate", args=[record.pk]), {"draws": "2000", "seed": "4"})
    assert simulated.status_code == 302
