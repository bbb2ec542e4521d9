"""Start a job in a background thread and record its progress; see ``models.Job`` for why.

The work function receives a ``progress(done, total)`` callback (the same one the engine and
analytics functions accept) and returns ``(result_url, result)``. A domain error (any ``ValueError``)
fails the job with its message; nothing else is swallowed silently: it fails the job with the error's
type and is logged.

Long work is bounded: a person may have ``WORTH_JOBS_PER_USER`` jobs running at once and the whole
server ``WORTH_JOBS_RUNNING``; one more is refused with :class:`JobLimitError`, which says how many
run and how to go on. (The limits are checked after the new job's row is written, under a lock on the
person's account row, so two requests of one person cannot both slip through; across people, two
requests in the same instant may pass the overall limit by one.)
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import close_old_connections, transaction
from django.utils import timezone

from worth.apps.core.models import Job, JobStatus

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Work = Callable[[Progress], tuple[str, dict[str, Any]]]

#: Progress is written at most this often, so a fast loop does not hammer the database.
MIN_INTERVAL_S = 0.25


class JobLimitError(ValueError):
    """Too many jobs are running (for this person or for the server); nothing was started."""


def _limits() -> tuple[int, int]:
    return int(getattr(settings, "WORTH_JOBS_PER_USER", 2)), int(getattr(settings, "WORTH_JOBS_RUNNING", 4))


def _claim(user: User, kind: str, title: str) -> Job:
    """The new job's row, or :class:`JobLimitError` when a limit would be passed (nothing is left)."""
    per_user, overall = _limits()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        job = Job.objects.create(user=user, kind=kind, title=title)
        running = Job.objects.filter(status=JobStatus.RUNNING)
        mine = running.filter(user=user).count()
        if mine > per_user:
            job.delete()
            raise JobLimitError(
                f"You have {mine - 1} jobs running, the most one person may run at once: wait for one to "
                "finish (its page shows its progress) and start this one again."
            )
        everyone = running.count()
        if everyone > overall:
            job.delete()
            raise JobLimitError(
                f"The server is running {everyone - 1} jobs, the most it runs at once: try again in a "
                "few minutes."
            )
    return job


def fail_orphaned_jobs() -> int:
    """Mark the jobs a stopped server left "running" as failed, with the reason; returns how many.

    Jobs run in the serving process, so when it starts none of them can still be running.
    """
    return Job.objects.filter(status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED,
        message="The server stopped while this job ran; nothing was kept. Start it again.",
        finished=timezone.now(),
    )


def _progress_writer(job_id: int) -> Progress:
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= MIN_INTERVAL_S or done >= total:
            last[0] = now
            Job.objects.filter(pk=job_id).update(done=done, total=total)

    return progress


def _run(job_id: int, work: Work) -> None:
    try:
        url, result = work(_progress_writer(job_id))
    except ValueError as exc:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, message=str(exc), finished=timezone.now()
        )
    except Exception as exc:
        log.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            message=f"Unexpected {type(exc).__name__}: {exc}",
            finished=timezone.now(),
        )
    else:
        extra = {"result_url": url} if url else {}
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.DONE, result=result, finished=timezone.now(), **extra
        )


def start_job(
    *, user: User, kind: str, title: str, work: Work, result_url: Callable[[int], str] | None = None
) -> Job:
    """Create the job row and run ``work`` in a thread (inline when ``WORTH_JOBS_INLINE`` is set).

    ``result_url`` gives the page of the result from the job's id, for results kept in the job itself;
    otherwise the URL ``work`` returns is used.

    Inline running keeps the non-browser tests inside their transaction; the browser tests and the
    served app use the thread.

    Raises
    ------
    JobLimitError
        When the person or the server already runs as many jobs as allowed.
    """
    job = _claim(user, kind, title)
    if result_url is not None:
        job.result_url = result_url(job.pk)
        job.save(update_fields=["result_url"])
    if getattr(settings, "WORTH_JOBS_INLINE", False):
        _run(job.pk, work)
    else:

        def target() -> None:
            try:
                _run(job.pk, work)
            finally:
                close_old_connections()

        threading.Thread(target=target, name=f"worth-job-{job.pk}", daemon=True).start()
    job.refresh_from_db()
    return job
