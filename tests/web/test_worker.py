"""Jobs on the real queue with real worker processes: run, seen by the team, cancelled, and surviving a
worker killed in the middle (run again once, then failed with the reason). Nothing here runs a job in
the test process: the job goes from the web request through the queue to a ``worth worker``.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import WorkerProcesses
from tests.web.conftest import World
from worth.apps.core.jobs import start_job
from worth.apps.core.models import Job, JobStatus

pytestmark = pytest.mark.django_db(transaction=True)

WORK = "tests.web.job_work"


def wait_for(job: Job, condition: Any, *, seconds: float = 60) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job.pk} never reached the condition: {job.status}, {job.done}/{job.total}")


def slow_job(world: World, *, steps: int = 30, pause: float = 0.2) -> Job:
    return start_job(
        user=world.analyst,
        kind="test",
        title="Slow counting",
        handler=f"{WORK}.slow_counting",
        params={"steps": steps, "pause": pause},
        project=world.project,
    )


def test_a_job_goes_through_the_queue_to_a_worker_process(world: World, job_workers: WorkerProcesses) -> None:
    job = start_job(
        user=world.analyst, kind="test", title="Counting", handler=f"{WORK}.counting", params={"steps": 5},
        project=world.project,
    )  # fmt: skip
    assert job.status == JobStatus.QUEUED  # nothing ran in this process
    job_workers.start()
    job = wait_for(job, lambda j: j.status == JobStatus.DONE)
    assert (job.result, job.done, job.total, job.attempts) == ({"count": 5}, 5, 5, 1)


SERVER = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def queue_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A queue of the test's own: a SQLite file, a Redis database, or a PostgreSQL database made for it
    (so a SQLite run and a PostgreSQL run side by side never share a queue)."""
    kind = request.param
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    elif kind == "redis":
        yield os.environ.get("WORTH_TEST_REDIS", "redis://127.0.0.1:6379/15")
    else:
        import psycopg

        name = f"worth_queue_{secrets.token_hex(4)}"
        with psycopg.connect(SERVER, autocommit=True) as server:
            server.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
        try:
            yield SERVER.rsplit("/", 1)[0] + f"/{name}"
        finally:
            with psycopg.connect(SERVER, autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


@pytest.mark.parametrize("queue_url", ["sqlite", "redis", "postgres"], indirect=True)
def test_every_kind_of_queue_carries_jobs_to_a_worker(world: World, settings, queue_url: str) -> None:
    """The embedded SQLite queue, and Redis or PostgreSQL for a team: the same job, the same outcome."""
    from tests.conftest import workers_on

    workers = workers_on(queue_url, settings)
    try:
        job = start_job(
            user=world.analyst,
            kind="test",
            title="Counting",
            handler=f"{WORK}.counting",
            params={"steps": 3},
            project=world.project,
        )
        workers.start()
        job = wait_for(job, lambda j: j.status == JobStatus.DONE)
        assert job.result == {"count": 3}
    finally:
        workers.stop_all()


def test_a_worker_killed_mid_job_leaves_it_to_the_next_which_runs_it_again(
    world: World, job_workers: WorkerProcesses
) -> None:
    job = slow_job(world)
    first = job_workers.start()
    wait_for(job, lambda j: j.status == JobStatus.RUNNING and j.done >= 3)
    job_workers.kill(first)
    time.sleep(3.5)  # no heartbeat for longer than WORTH_JOB_STALE_S
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # as the killed worker left it
    job_workers.start()  # the next worker finds it when it starts, and runs it again
    job = wait_for(job, lambda j: j.status == JobStatus.DONE, seconds=90)
    assert (job.attempts, job.result) == (2, {"count": 30})
    assert "started again" in job.message


def test_a_job_that_kills_its_worker_twice_is_failed_with_the_reason(
    world: World, job_workers: WorkerProcesses
) -> None:
    job = slow_job(world)
    for attempt in (1, 2):
        worker = job_workers.start()
        wait_for(
            job,
            lambda j, attempt=attempt: (
                j.status == JobStatus.RUNNING and j.attempts == attempt and j.done >= 2
            ),
        )
        job_workers.kill(worker)
        time.sleep(3.5)
    job_workers.start()
    job = wait_for(job, lambda j: j.status == JobStatus.FAILED)
    assert "stopped 2 times" in job.message
    assert job.attempts == 2


def test_a_running_job_is_cancelled_from_the_page(world: World, job_workers: WorkerProcesses) -> None:
    job = slow_job(world, steps=200, pause=0.05)
    job_workers.start()
    wait_for(job, lambda j: j.status == JobStatus.RUNNING and j.done >= 1)
    client = Client()
    client.force_login(world.leader, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "Cancel" in page  # the leader may change the project, so may stop its jobs
    client.post(reverse("job-cancel", args=[job.pk]))
    job = wait_for(job, lambda j: j.status == JobStatus.CANCELLED)
    assert "Cancelled by Team leader while it ran" in job.message
    assert job.done < 200


def test_the_team_follows_a_job_someone_else_started(world: World, job_workers: WorkerProcesses) -> None:
    job = slow_job(world, steps=20, pause=0.1)
    job_workers.start()
    viewer = Client()
    viewer.force_login(world.viewer, backend="django.contrib.auth.backends.ModelBackend")
    wait_for(job, lambda j: j.status == JobStatus.RUNNING)
    partial = viewer.get(reverse("job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert "Slow counting" in partial
    assert "Cancel" not in partial  # a viewer reads, but does not stop the team's work
    wait_for(job, lambda j: j.status == JobStatus.DONE)
    assert viewer.get(reverse("job", args=[job.pk])).status_code == 302  # on to the result


def test_a_large_model_import_runs_on_a_worker(
    world: World, job_workers: WorkerProcesses, settings: Any, tmp_path: Path
) -> None:
    from tests.web.example_model import example_text, second_round
    from tests.web.forms import form_values, post_opened
    from worth.apps.valuemodels.models import ModelVersion

    settings.DATA_DIR = tmp_path  # the worker reads the previewed file from the same data folder
    client = Client()
    client.force_login(world.analyst, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("valuemodels:import", args=[world.project.pk])
    first = example_text()
    post_opened(client, url, {"text": first})
    settings.WORTH_IMPORT_IN_BACKGROUND_MB = 0  # the next import counts as large
    preview = post_opened(client, url, {"text": second_round(first), "note": "Round two"}).content.decode()
    answer = client.post(url, form_values(preview))
    job = Job.objects.get(kind="model-import")
    assert answer["Location"] == reverse("job", args=[job.pk])
    assert job.status == JobStatus.QUEUED  # nothing imported in the web process
    job_workers.start()
    job = wait_for(job, lambda j: j.status in (JobStatus.DONE, JobStatus.FAILED))
    assert job.status == JobStatus.DONE, job.message
    version = ModelVersion.objects.get(number=2)
    assert (version.text, version.note, version.created_by) == (
        second_round(first),
        "Round two",
        world.analyst,
    )
    assert job.result_url == version.model.get_absolute_url()
