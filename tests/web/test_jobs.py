"""Long tasks as jobs: progress recorded, failures reported in words, seen by the project's team.

These tests run the job's work in the request (``WORTH_JOBS_INLINE``); ``test_worker.py`` runs the same
jobs on the real queue with real worker processes.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.web.conftest import World
from worth.apps.core.jobs import JobLimitError, cancel_job, reap_stale_jobs, run_job, start_job
from worth.apps.core.models import Job, JobStatus

WORK = "tests.web.job_work"


@pytest.fixture(autouse=True)
def inline_jobs(settings: pytest.FixtureRequest) -> None:
    settings.WORTH_JOBS_INLINE = True  # type: ignore[attr-defined]


def started(world: World, handler: str = "counting", **params: object) -> Job:
    return start_job(
        user=world.analyst,
        kind="test",
        title="Counting",
        handler=f"{WORK}.{handler}",
        params=params,
        project=world.project,
    )


def test_a_job_records_its_result_and_final_progress(world: World) -> None:
    job = started(world)
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.percent, job.attempts) == (4, 4, 100, 1)
    assert job.result == {"count": 4}
    assert job.finished is not None


def test_a_domain_error_fails_the_job_with_its_message(world: World) -> None:
    job = started(world, "domain_error")
    assert job.status == JobStatus.FAILED
    assert job.message == "row 17, field quantity: 'ten' is not a number"
    page = world.client_for(world.analyst).get(reverse("job", args=[job.pk])).content.decode()
    assert "row 17, field quantity" in page


def test_an_unexpected_error_fails_the_job_naming_its_type(world: World) -> None:
    job = started(world, "unexpected_error")
    assert job.status == JobStatus.FAILED
    assert job.message.startswith("Unexpected KeyError")


def test_the_htmx_partial_redirects_to_the_result_when_done(world: World) -> None:
    job = started(world)
    response = world.client_for(world.analyst).get(
        reverse("job", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/programs/"
    assert b"<html" not in response.content


def test_a_running_job_polls_and_shows_its_percentage(world: World) -> None:
    job = Job.objects.create(
        user=world.analyst, project=world.project, kind="test", title="Simulating", status=JobStatus.RUNNING,
        done=250, total=1000,
    )  # fmt: skip
    response = world.client_for(world.analyst).get(
        reverse("job", args=[job.pk]), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert 'hx-trigger="load delay:500ms"' in body
    assert "25%" in body
    assert "HX-Redirect" not in response


def test_the_team_sees_the_job_and_others_do_not(world: World) -> None:
    job = started(world)
    for user in (world.analyst, world.viewer, world.sponsor, world.admin):
        assert world.client_for(user).get(reverse("job", args=[job.pk])).status_code == 302, (
            user
        )  # to the result
    assert world.client_for(world.outsider).get(reverse("job", args=[job.pk])).status_code == 404


def test_a_waiting_job_is_cancelled_at_once_and_never_runs(world: World, settings) -> None:
    settings.WORTH_JOBS_INLINE = False
    job = started(world)  # queued: the test's transaction never commits, so no worker sees it
    assert job.status == JobStatus.QUEUED
    refused = world.client_for(world.viewer).post(reverse("job-cancel", args=[job.pk]))
    assert refused.status_code == 403
    world.client_for(world.analyst).post(reverse("job-cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert "Cancelled by analyst before it started" in job.message
    run_job(job.pk)  # a worker that takes it from the queue after all leaves it alone
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.CANCELLED, 0)


def test_a_running_job_stops_at_its_next_progress_step(world: World) -> None:
    job = Job.objects.create(
        user=world.analyst,
        project=world.project,
        kind="test",
        title="Counting",
        handler=f"{WORK}.cancelled_midway",
    )
    Job.objects.filter(pk=job.pk).update(params={"job": job.pk})
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED


def test_a_job_whose_worker_stopped_runs_again_once_then_fails_with_the_reason(world: World) -> None:
    job = Job.objects.create(
        user=world.analyst, project=world.project, kind="test", title="Counting", handler=f"{WORK}.counting",
        status=JobStatus.RUNNING, attempts=1, heartbeat=timezone.now() - timezone.timedelta(minutes=5),
    )  # fmt: skip
    assert reap_stale_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.done) == (JobStatus.QUEUED, 0)
    assert "stopped; it was started again" in job.message
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=2, heartbeat=timezone.now() - timezone.timedelta(minutes=5)
    )
    reap_stale_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "stopped 2 times" in job.message
    fresh = Job.objects.create(
        user=world.analyst, kind="test", title="Alive", status=JobStatus.RUNNING, heartbeat=timezone.now()
    )
    assert reap_stale_jobs() == 0
    fresh.refresh_from_db()
    assert fresh.status == JobStatus.RUNNING


def test_waiting_jobs_count_against_the_limits(world: World, settings) -> None:
    settings.WORTH_JOBS_INLINE = False
    settings.WORTH_JOBS_PER_USER = 1
    started(world)
    with pytest.raises(JobLimitError, match="1 jobs waiting or running"):
        started(world)
    cancel_job(Job.objects.get(), by=world.analyst)
    assert started(world).status == JobStatus.QUEUED
