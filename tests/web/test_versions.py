"""Versions of a value model: made by imports, never changed, compared, and read as they were."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.conftest import World
from tests.web.example_model import example_text, second_round
from tests.web.forms import form_values, post_opened
from worth.apps.valuemodels.models import ModelVersion, ValueModelRecord, VersionChangeError
from worth.apps.valuemodels.services import import_model_text, import_model_version


@pytest.fixture(name="example_text")
def example_text_fixture() -> str:
    return example_text()


def two_versions(world: World, example_text: str) -> ValueModelRecord:
    import_model_text(
        project=world.project, text=example_text, filename="m.yaml", user=world.analyst, note="first"
    )
    return import_model_text(
        project=world.project,
        text=second_round(example_text),
        filename="m.yaml",
        user=world.sponsor,
        note="second",
    )


def test_each_import_that_changes_the_content_adds_a_version_by_the_person(
    world: World, example_text: str
) -> None:
    client = world.client_for(world.analyst)
    url = reverse("valuemodels:import", args=[world.project.pk])
    response = post_opened(client, url, {"text": example_text, "note": "After the first mill visits"})
    assert response.status_code == 302
    response = post_opened(
        client, url, {"text": second_round(example_text), "note": "Controller's margin", "confirm": "1"}
    )
    record = ValueModelRecord.objects.get()
    versions = list(record.versions.order_by("number"))
    assert [(v.number, v.note, v.created_by) for v in versions] == [
        (1, "After the first mill visits", world.analyst),
        (2, "Controller's margin", world.analyst),
    ]
    assert versions[1].text == second_round(example_text) == record.text
    assert record.content_sha256 == versions[1].sha256 != versions[0].sha256
    # The history credits the person, not "system".
    assert {h.history_user for h in record.history.all()} == {world.analyst}
    page = client.get(response["Location"]).content.decode()
    assert "version 2" in page


def test_the_same_content_written_otherwise_is_no_new_version(world: World, example_text: str) -> None:
    client = world.client_for(world.analyst)
    url = reverse("valuemodels:import", args=[world.project.pk])
    post_opened(client, url, {"text": example_text})
    response = post_opened(
        client,
        url,
        {"text": "# re-saved by an editor\n" + example_text},
    )
    assert response.status_code == 302
    record = ValueModelRecord.objects.get()
    assert record.versions.count() == 1
    page = client.get(response["Location"], follow=True).content.decode()
    assert "No change" in page


def test_a_saved_version_never_changes(world: World, example_text: str) -> None:
    saved = import_model_version(
        project=world.project, text=example_text, filename="m.yaml", user=world.analyst
    )
    version = saved.version
    version.note = "rewritten"
    with pytest.raises(VersionChangeError):
        version.save()
    assert ModelVersion.objects.get(pk=version.pk).note == ""


def test_the_comparison_page_shows_the_cell_and_the_totals_by_hand(world: World, example_text: str) -> None:
    record = two_versions(world, example_text)
    client = world.client_for(world.viewer)
    response = client.get(reverse("valuemodels:compare", args=[record.pk]), {"from": 1, "to": 2})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Norrvik Bruk · Contribution margin per production hour" in page
    assert "9,800" in page
    assert "11,100" in page
    found = response.context["comparison"]
    assert [(c.part, c.field) for c in found.changes] == [("data cell", "value")]
    # By hand: Norrvik Bruk avoids 46 - 14 = 32 h of downtime a year; 1,300 more per hour is 41,600 more
    # for the mill, and 41,600 / 7 more for the mean of the seven large mills.
    totals = {t.subsegment: t for t in found.totals}
    assert totals["Large integrated mills"].difference == pytest.approx(41_600 / 7)
    assert totals["Small and mid-size mills"].difference == 0
    assert "+$5,943" in page
    assert "+1.5%" in page  # 5,942.86 of 388,876


def test_a_version_page_and_its_report_show_what_it_showed_then(world: World, example_text: str) -> None:
    record = two_versions(world, example_text)
    client = world.client_for(world.viewer)
    first = client.get(reverse("valuemodels:version-report", args=[record.pk, 1])).content.decode()
    second = client.get(reverse("valuemodels:version-report", args=[record.pk, 2])).content.decode()
    current = client.get(reverse("valuemodels:report", args=[record.pk])).content.decode()
    # The large mills' mean total per customer: 388,876 in the example, 41,600 / 7 more in version 2.
    assert "$388,876" in first
    assert "$394,819" in second
    assert second == current
    page = client.get(reverse("valuemodels:version", args=[record.pk, 2])).content.decode()
    assert "second" in page
    assert world.sponsor.username in page
    file = client.get(reverse("valuemodels:version-file", args=[record.pk, 1]))
    assert file.content.decode() == example_text
    assert "-v1.yaml" in file["Content-Disposition"]


def test_versions_list_what_changed(world: World, example_text: str) -> None:
    record = two_versions(world, example_text)
    page = (
        world.client_for(world.viewer).get(reverse("valuemodels:versions", args=[record.pk])).content.decode()
    )
    assert "first version" in page
    assert "1 data cell" in page


def test_unknown_or_malformed_versions_are_refused_in_words(world: World, example_text: str) -> None:
    record = two_versions(world, example_text)
    client = world.client_for(world.analyst)
    assert client.get(reverse("valuemodels:version", args=[record.pk, 9])).status_code == 404
    assert (
        client.get(reverse("valuemodels:compare", args=[record.pk]), {"from": 1, "to": 9}).status_code == 404
    )
    bad = client.get(reverse("valuemodels:compare", args=[record.pk]), {"from": "one", "to": 2})
    assert bad.status_code == 400
    assert "whole numbers" in bad.content.decode()


def test_a_version_this_engine_no_longer_reads_says_why(world: World, example_text: str) -> None:
    record = two_versions(world, example_text)
    from django.utils import timezone

    ModelVersion.objects.create(
        model=record, number=3, sha256="0" * 64, content=None, text="name: old\nelements: 3\n",
        fmt="yaml", created=timezone.now(),
    )  # fmt: skip
    client = world.client_for(world.analyst)
    page = client.get(reverse("valuemodels:version", args=[record.pk, 3]))
    assert page.status_code == 200
    assert "no longer reads this version" in page.content.decode()
    compared = client.get(reverse("valuemodels:compare", args=[record.pk]), {"from": 2, "to": 3})
    assert compared.status_code == 422
    listed = client.get(reverse("valuemodels:versions", args=[record.pk])).content.decode()
    assert "cannot be compared" in listed
    assert client.get(reverse("valuemodels:version-report", args=[record.pk, 3])).status_code == 422


def test_the_api_lists_versions_their_figures_and_the_comparison(world: World, example_text: str) -> None:
    record = two_versions(world, example_text)
    client = world.client_for(world.viewer)
    versions = client.get(f"/api/models/{record.pk}/versions").json()
    assert [(v["number"], v["note"], v["created_by"], v["current"]) for v in versions] == [
        (2, "second", "sponsor", True),
        (1, "first", "analyst", False),
    ]
    one = client.get(f"/api/models/{record.pk}/versions/1/summary").json()
    two = client.get(f"/api/models/{record.pk}/versions/2/summary").json()
    large = [
        s["mean_delta_value"]
        for s in (one, two)
        for s in s["subsegments"]
        if s["subsegment"] == "Large integrated mills"
    ]
    assert large[1] - large[0] == pytest.approx(41_600 / 7)
    compared = client.get(f"/api/models/{record.pk}/compare").json()
    assert (compared["from_version"], compared["to_version"]) == (1, 2)
    assert compared["changes"] == [
        {
            "kind": "changed",
            "part": "data cell",
            "name": "Norrvik Bruk · Contribution margin per production hour",
            "field": "value",
            "old": 9800,
            "new": 11100,
        }
    ]
    assert client.get(f"/api/models/{record.pk}/versions/7/summary").status_code == 404
    assert world.client_for(world.outsider).get(f"/api/models/{record.pk}/versions").status_code == 404
    schema = json.dumps(client.get("/api/openapi.json").json())
    assert "/api/models/{model_id}/compare" in schema


def test_a_new_version_is_previewed_with_what_it_changes_before_it_is_saved(
    world: World, example_text: str
) -> None:
    client = world.client_for(world.analyst)
    url = reverse("valuemodels:import", args=[world.project.pk])
    post_opened(client, url, {"text": example_text})
    record = ValueModelRecord.objects.get()
    response = post_opened(client, url, {"text": second_round(example_text), "note": "Controller's margin"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Import as version 2" in page
    assert "Norrvik Bruk · Contribution margin per production hour" in page
    assert "+$5,943" in page  # 1,300 USD/h x 32 h over the 7 large mills
    assert record.versions.count() == 1  # nothing saved yet
    # Confirming posts the same text back, with the note typed first.
    confirm = form_values(page)
    assert confirm["confirm"] == "True"
    assert confirm["note"] == "Controller's margin"
    assert client.post(url, confirm).status_code == 302
    second = record.versions.get(number=2)
    assert second.note == "Controller's margin"
    assert second.text == second_round(example_text)


@pytest.fixture
def staged_folder(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path / "staged-models"


def _previewed(world: World, example_text: str, client: Any) -> dict[str, str]:
    url = reverse("valuemodels:import", args=[world.project.pk])
    post_opened(client, url, {"text": example_text})
    page = post_opened(client, url, {"text": second_round(example_text), "note": "Margin"}).content.decode()
    assert "Import as version 2" in page
    return form_values(page)


def test_the_preview_keeps_the_file_on_the_server_and_the_import_takes_exactly_it(
    world: World, example_text: str, staged_folder: Path
) -> None:
    client = world.client_for(world.analyst)
    confirm = _previewed(world, example_text, client)
    assert "text" not in confirm  # the page no longer carries the file back and forth
    assert len(confirm["staged"]) < 300
    kept = list(staged_folder.glob("*.txt"))
    assert [p.read_text(encoding="utf-8") for p in kept] == [second_round(example_text)]
    url = reverse("valuemodels:import", args=[world.project.pk])
    assert client.post(url, confirm).status_code == 302
    version = ModelVersion.objects.get(number=2)
    assert version.text == second_round(example_text)
    assert version.created_by == world.analyst
    assert list(staged_folder.glob("*.txt")) == []  # imported: no longer kept


def test_a_preview_is_confirmed_only_by_its_person_for_its_project(
    world: World, example_text: str, staged_folder: Path
) -> None:
    confirm = _previewed(world, example_text, world.client_for(world.analyst))
    url = reverse("valuemodels:import", args=[world.project.pk])
    other = world.client_for(world.leader)
    refused = other.post(url, confirm)
    assert refused.status_code == 400
    assert "made by someone else or for another project" in refused.content.decode()
    forged = {**confirm, "staged": confirm["staged"][:-3] + "abc"}
    refused = world.client_for(world.analyst).post(url, forged)
    assert refused.status_code == 400
    assert "could not be read back: choose the file again" in refused.content.decode()
    assert ModelVersion.objects.count() == 1


def test_a_previewed_file_that_is_gone_is_asked_for_again(
    world: World, example_text: str, staged_folder: Path
) -> None:
    client = world.client_for(world.analyst)
    confirm = _previewed(world, example_text, client)
    for path in staged_folder.glob("*.txt"):
        path.unlink()
    refused = client.post(reverse("valuemodels:import", args=[world.project.pk]), confirm)
    assert refused.status_code == 400
    assert "no longer kept: choose it again" in refused.content.decode()
    assert ModelVersion.objects.count() == 1


def test_a_file_larger_than_a_form_may_send_is_previewed_and_imported(
    world: World, example_text: str, staged_folder: Path, settings: Any
) -> None:
    # Confirming used to send the file back as form text: past the form limit it could not be done.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    assert len(second_round(example_text).encode()) > 2 * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    client = world.client_for(world.analyst)
    url = reverse("valuemodels:import", args=[world.project.pk])
    import_model_text(project=world.project, text=example_text, filename="m.yaml", user=world.analyst)
    upload = SimpleUploadedFile("mills.yaml", second_round(example_text).encode(), "application/yaml")
    page = post_opened(client, url, {"file": upload, "note": "Margin"})
    assert page.status_code == 200
    confirm = form_values(page.content.decode())
    assert client.post(url, {**confirm, "text": second_round(example_text)}).status_code == 400  # the old way
    assert client.post(url, confirm).status_code == 302
    assert ModelVersion.objects.get(number=2).text == second_round(example_text)


def test_a_large_file_is_imported_by_a_job_whose_page_then_opens_the_model(
    world: World, example_text: str, staged_folder: Path, settings: Any
) -> None:
    from worth.apps.core.models import Job, JobStatus

    settings.WORTH_JOBS_INLINE = True  # the job runs in the request (tests/web/test_worker.py: a worker)
    client = world.client_for(world.analyst)
    confirm = _previewed(world, example_text, client)
    settings.WORTH_IMPORT_IN_BACKGROUND_MB = 0  # from here every file counts as large
    answer = client.post(reverse("valuemodels:import", args=[world.project.pk]), confirm)
    job = Job.objects.get(kind="model-import")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("job", args=[job.pk])
    assert (job.status, job.project, job.user) == (JobStatus.DONE, world.project, world.analyst)
    version = ModelVersion.objects.get(number=2)
    assert (version.text, version.note, version.created_by) == (
        second_round(example_text),
        "Margin",
        world.analyst,
    )
    assert job.result_url == version.model.get_absolute_url()
    assert client.get(reverse("job", args=[job.pk]))["Location"] == job.result_url
    assert list(staged_folder.glob("*.txt")) == []
    assert (job.done, job.total) == (4, 4)  # read, content, version, parts


def test_an_import_stopped_at_a_step_keeps_nothing(world: World, example_text: str) -> None:
    # A job cancelled while it imports stops at its next progress step: the model, its version and
    # its parts are written together or not at all.
    from worth.apps.core.jobs import JobCancelled

    heard: list[tuple[int, int]] = []

    def stop_after_the_version(done: int, total: int) -> None:
        heard.append((done, total))
        if done == 3:
            raise JobCancelled

    with pytest.raises(JobCancelled):
        import_model_version(
            project=world.project,
            text=example_text,
            filename="m.yaml",
            user=world.analyst,
            progress=stop_after_the_version,
        )
    assert heard == [(1, 4), (2, 4), (3, 4)]
    assert (ValueModelRecord.objects.count(), ModelVersion.objects.count()) == (0, 0)


def test_a_large_import_refused_by_a_newer_version_fails_its_job_saying_why(
    world: World, example_text: str, staged_folder: Path, settings: Any
) -> None:
    from worth.apps.core.models import Job, JobStatus

    settings.WORTH_JOBS_INLINE = True
    confirm = _previewed(world, example_text, world.client_for(world.analyst))
    settings.WORTH_IMPORT_IN_BACKGROUND_MB = 0
    newer = example_text.replace("Customer value research for", "Customer value research, round 3, for", 1)
    assert newer != example_text
    import_model_text(project=world.project, text=newer, filename="m.yaml", user=world.leader)
    world.client_for(world.analyst).post(reverse("valuemodels:import", args=[world.project.pk]), confirm)
    job = Job.objects.get(kind="model-import")
    assert job.status == JobStatus.FAILED
    assert "was changed by Team leader since you opened it; nothing was saved" in job.message
    assert [v.created_by for v in ModelVersion.objects.order_by("number")] == [world.analyst, world.leader]


def test_a_large_new_model_is_created_by_a_job_too(
    world: World, example_text: str, staged_folder: Path, settings: Any
) -> None:
    from worth.apps.core.models import Job, JobStatus

    settings.WORTH_IMPORT_IN_BACKGROUND_MB = 0
    settings.WORTH_JOBS_INLINE = True
    client = world.client_for(world.analyst)
    upload = SimpleUploadedFile("mills.yaml", example_text.encode(), "application/yaml")
    answer = post_opened(client, reverse("valuemodels:import", args=[world.project.pk]), {"file": upload})
    job = Job.objects.get(kind="model-import")
    assert answer["Location"] == reverse("job", args=[job.pk])
    assert job.status == JobStatus.DONE, job.message
    assert job.title == f"Importing mills.yaml into {world.project.name}"
    record = ValueModelRecord.objects.get()
    assert (record.versions.get().text, record.versions.get().created_by) == (example_text, world.analyst)
    assert job.result_url == record.get_absolute_url()
    assert list(staged_folder.glob("*.txt")) == []


def test_two_people_previewing_the_same_file_each_keep_their_own(
    world: World, example_text: str, staged_folder: Path
) -> None:
    url = reverse("valuemodels:import", args=[world.project.pk])
    analyst, leader = world.client_for(world.analyst), world.client_for(world.leader)
    first = _previewed(world, example_text, analyst)
    page = post_opened(leader, url, {"text": second_round(example_text), "note": "Margin"})
    second = form_values(page.content.decode())
    assert len(list(staged_folder.glob("*.txt"))) == 2  # the same text, once for each of them
    assert analyst.post(url, first).status_code == 302
    # The leader's preview is still there: confirming it meets the analyst's newer version instead.
    refused = leader.post(url, second)
    assert refused.status_code == 409
    assert "no longer kept" not in refused.content.decode()
