"""Jobs: long work recorded as a row, carried by the task queue, run by a worker, watched by the team.

:func:`start_job` records the job (what to run as a dotted path of Worth's, its parameters as JSON,
the project whose team sees it) and puts its id on the queue once the request's transaction commits.
A worker runs :func:`run_job`: it claims the job (QUEUED -> RUNNING in one conditional UPDATE, so a job
runs once even if its id was queued twice), beats a heartbeat every few seconds, writes progress, and
ends the job DONE with its result, FAILED with a message a person can act on (a ``ValueError`` is a
domain error and its message is shown as it is; anything else names its type and is logged), or
CANCELLED when someone asked it to stop (checked at every progress write).

A worker that dies mid-job (killed, out of memory, machine restarted) leaves the row RUNNING with a
heartbeat that stops moving. :func:`reap_stale_jobs` (every minute, and when a worker starts) puts
such a job back on the queue once, then fails it with the reason: no job is ever left "running".

The work function takes ``(params, progress)`` and returns ``(result_url, result)``; ``progress(done,
total)`` is the callback the engine and analytics functions accept.

Long work is bounded: a person may have ``WORTH_JOBS_PER_USER`` jobs waiting or running at once and
the server ``WORTH_JOBS_RUNNING``; one more is refused with :class:`JobLimitError`.

``WORTH_JOBS_INLINE`` runs the job in the request instead of the queue: for tests whose subject is not
the queue (the tests of jobs themselves run a real worker).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from worth.apps.core.models import ACTIVE, Job, JobStatus

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Work = Callable[[dict[str, Any], Progress], tuple[str, dict[str, Any]]]

__all__ = [
    "JobCancelled",
    "JobLimitError",
    "Progress",
    "cancel_job",
    "reap_stale_jobs",
    "run_job",
    "start_job",
]

#: Progress is written at most this often, so a fast loop does not hammer the database.
MIN_INTERVAL_S = 0.25
#: Times a worker may start a job before a stopped worker's job is failed instead of run again.
MAX_ATTEMPTS = 2


class JobLimitError(ValueError):
    """Too many jobs are waiting or running (for this person or for the server); nothing was started."""


class JobCancelled(Exception):  # noqa: N818 - it is what happened, not an error
    """Someone asked the job to stop; raised from its progress callback."""


def _limits() -> tuple[int, int]:
    return int(getattr(settings, "WORTH_JOBS_PER_USER", 2)), int(getattr(settings, "WORTH_JOBS_RUNNING", 4))


def _heartbeat_s() -> float:
    return float(getattr(settings, "WORTH_JOB_HEARTBEAT_S", 5))


def _stale_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "WORTH_JOB_STALE_S", 60)))


def _claim(user: User, fields: dict[str, Any]) -> Job:
    """The new job's row, or :class:`JobLimitError` when a limit would be passed (nothing is left).

    The limits are checked after the row is written, under a lock on the person's account row, so two
    requests of one person cannot both slip through; across people, two requests in the same instant
    may pass the overall limit by one.
    """
    per_user, overall = _limits()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        job = Job.objects.create(user=user, **fields)
        active = Job.objects.filter(status__in=ACTIVE)
        mine = active.filter(user=user).count()
        if mine > per_user:
            job.delete()
            raise JobLimitError(
                f"You have {mine - 1} jobs waiting or running, the most one person may have at once: wait "
                "for one to finish (its page shows its progress) and start this one again."
            )
        everyone = active.count()
        if everyone > overall:
            job.delete()
            raise JobLimitError(
                f"The server has {everyone - 1} jobs waiting or running, the most it takes at once: try "
                "again in a few minutes."
            )
    return job


def start_job(
    *,
    user: User,
    kind: str,
    title: str,
    handler: str,
    params: dict[str, Any],
    project: Any = None,
    result_url: Callable[[int], str] | None = None,
) -> Job:
    """Record the job and queue it for a worker (after the current transaction commits).

    ``handler`` is the dotted path of the work function (Worth's own code, never user input);
    ``params`` must be JSON. ``result_url`` gives the result's page from the job's id, for results
    kept in the job itself; otherwise the URL the work returns is used.

    Raises
    ------
    JobLimitError
        When the person or the server already has as many jobs as allowed.
    """
    job = _claim(
        user, {"kind": kind, "title": title, "handler": handler, "params": params, "project": project}
    )
    if result_url is not None:
        job.result_url = result_url(job.pk)
        job.save(update_fields=["result_url"])
    if getattr(settings, "WORTH_JOBS_INLINE", False):
        run_job(job.pk)
    else:
        from worth.apps.core.queue import enqueue_job

        transaction.on_commit(lambda: enqueue_job(job.pk))
    job.refresh_from_db()
    return job


def _progress_writer(job_id: int) -> Progress:
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= MIN_INTERVAL_S or done >= total:
            last[0] = now
            Job.objects.filter(pk=job_id).update(done=done, total=total, heartbeat=timezone.now())
            if Job.objects.filter(pk=job_id, cancel_requested=True).exists():
                raise JobCancelled

    return progress


class _Heartbeat:
    """Marks the job alive every few seconds while it runs, even through a long step without progress."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"worth-job-{job_id}-heartbeat", daemon=True)

    def _beat(self) -> None:
        try:
            while not self.stop.wait(_heartbeat_s()):
                Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(heartbeat=timezone.now())
        finally:
            close_old_connections()

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)


def _finish(job_id: int, status: JobStatus, **fields: Any) -> None:
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=status, finished=timezone.now(), **fields
    )


def run_job(job_id: int) -> None:
    """Run one job, as a worker does: claim it, run its work, record the outcome.

    A job that is no longer waiting (cancelled before it started, or already taken) is left alone.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started=now, heartbeat=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    try:
        work: Work = import_string(job.handler)
        with _Heartbeat(job_id):
            url, result = work(job.params, _progress_writer(job_id))
    except JobCancelled:
        _finish(job_id, JobStatus.CANCELLED)
    except ValueError as exc:
        _finish(job_id, JobStatus.FAILED, message=str(exc))
    except Exception as exc:
        log.exception("job %s failed", job_id)
        _finish(job_id, JobStatus.FAILED, message=f"Unexpected {type(exc).__name__}: {exc}")
    else:
        extra = {"result_url": url} if url else {}
        _finish(job_id, JobStatus.DONE, result=result, **extra)


def reap_stale_jobs() -> int:
    """Jobs whose worker stopped (no heartbeat for ``WORTH_JOB_STALE_S``): run again once, else failed.

    Returns how many jobs were found.
    """
    from worth.apps.core.queue import enqueue_job

    cutoff = timezone.now() - _stale_after()
    stale = list(
        Job.objects.filter(status=JobStatus.RUNNING, heartbeat__lt=cutoff).values_list("pk", "attempts")
    )
    for pk, attempts in stale:
        if attempts < MAX_ATTEMPTS:
            again = Job.objects.filter(pk=pk, status=JobStatus.RUNNING, heartbeat__lt=cutoff).update(
                status=JobStatus.QUEUED,
                message="The worker running this job stopped; it was started again.",
                done=0,
            )
            if again:
                enqueue_job(pk)
        else:
            Job.objects.filter(pk=pk, status=JobStatus.RUNNING, heartbeat__lt=cutoff).update(
                status=JobStatus.FAILED,
                finished=timezone.now(),
                message=(
                    f"The worker running this job stopped {attempts} times (out of memory, or the machine "
                    "restarted?); it was not started again. Start it once more, or with less work."
                ),
            )
    return len(stale)


def cancel_job(job: Job, *, by: User) -> None:
    """Stop a job: one waiting is cancelled at once; one running stops at its next progress step."""
    who = by.get_full_name() or by.get_username()
    waiting = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, finished=timezone.now(), message=f"Cancelled by {who} before it started."
    )
    if not waiting:
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            cancel_requested=True, message=f"Cancelled by {who} while it ran; nothing was kept."
        )
