"""Long tasks as jobs: progress recorded, failures reported in words, only the owner sees them."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from tests.web.conftest import World
from worth.apps.core.jobs import Progress, start_job
from worth.apps.core.models import Job, JobStatus


@pytest.fixture(autouse=True)
def inline_jobs(settings: pytest.FixtureRequest) -> None:
    settings.WORTH_JOBS_INLINE = True  # type: ignore[attr-defined]


def counting(progress: Progress) -> tuple[str, dict[str, object]]:
    for i in range(1, 5):
        progress(i, 4)
    return "/programs/", {"count": 4}


def test_a_job_records_its_result_and_final_progress(world: World) -> None:
    job = start_job(user=world.analyst, kind="test", title="Counting", work=counting)
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.percent) == (4, 4, 100)
    assert job.result == {"count": 4}
    assert job.finished is not None


def test_a_domain_error_fails_the_job_with_its_message(world: World) -> None:
    def bad(progress: Progress) -> tuple[str, dict[str, object]]:
        raise ValueError("row 17, field quantity: 'ten' is not a number")

    job = start_job(user=world.analyst, kind="test", title="Import", work=bad)
    assert job.status == JobStatus.FAILED
    assert job.message == "row 17, field quantity: 'ten' is not a number"
    page = world.client_for(world.analyst).get(reverse("job", args=[job.pk])).content.decode()
    assert "row 17, field quantity" in page


def test_an_unexpected_error_fails_the_job_naming_its_type(world: World) -> None:
    def broken(progress: Progress) -> tuple[str, dict[str, object]]:
        raise KeyError("x")

    job = start_job(user=world.analyst, kind="test", title="Broken", work=broken)
    assert job.status == JobStatus.FAILED
    assert job.message.startswith("Unexpected KeyError")


def test_the_htmx_partial_redirects_to_the_result_when_done(world: World) -> None:
    job = start_job(user=world.analyst, kind="test", title="Counting", work=counting)
    response = world.client_for(world.analyst).get(
        reverse("job", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/programs/"
    assert b"<html" not in response.content


def test_a_running_job_polls_and_shows_its_percentage(world: World) -> None:
    job = Job.objects.create(user=world.analyst, kind="test", title="Simulating", done=250, total=1000)
    response = world.client_for(world.analyst).get(
        reverse("job", args=[job.pk]), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert 'hx-trigger="load delay:500ms"' in body
    assert "25%" in body
    assert "HX-Redirect" not in response


def test_someone_elses_job_is_404(world: World) -> None:
    job = start_job(user=world.analyst, kind="test", title="Counting", work=counting)
    assert world.client_for(world.viewer).get(reverse("job", args=[job.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_threaded_job_finishes_and_is_seen_from_another_connection(
    world: World, settings: pytest.FixtureRequest
) -> None:
    settings.WORTH_JOBS_INLINE = False  # type: ignore[attr-defined]
    job = start_job(user=world.analyst, kind="test", title="Counting", work=counting)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status != JobStatus.RUNNING:
            break
        time.sleep(0.05)
    assert job.status == JobStatus.DONE
    assert job.result == {"count": 4}
