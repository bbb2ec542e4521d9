"""The task queue that carries jobs to the workers: Huey, on SQLite by default, Redis or PostgreSQL.

``WORTH_QUEUE`` names it as a URL: ``sqlite:///path/queue.sqlite3`` (the default, in the data folder:
nothing more to run), ``redis://host:6379/0`` or ``postgres://user@host/db``. The queue carries only a
job's id; everything else (what to run, its parameters, progress and result) is on the job's row, so
the queue can be emptied or changed without losing a job's record. Workers are their own processes
(``worth worker``).

Two tasks are registered: ``run_job`` (run one job) and, every minute and when a worker starts,
``reap_jobs`` (find jobs a stopped worker left running: see :func:`worth.apps.core.jobs.reap_stale_jobs`).
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections
from huey import Huey, PostgresHuey, RedisHuey, SqliteHuey, crontab

__all__ = ["QUEUE_NAME", "enqueue_job", "queue", "queue_from_url"]

QUEUE_NAME = "worth"


def queue_from_url(url: str) -> Huey:
    """A Huey instance for ``url`` (sqlite, redis or postgres); a bad URL is refused in one line."""
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        # sqlite:///relative/file or sqlite:////absolute/file, as DATABASE_URL reads them.
        path = url.removeprefix("sqlite://").removeprefix("/")
        if not path:
            raise ImproperlyConfigured(
                f"WORTH_QUEUE {url!r}: name the file, e.g. sqlite:////srv/worth/queue.db"
            )
        return SqliteHuey(QUEUE_NAME, filename=path)
    if scheme in ("redis", "rediss"):
        return RedisHuey(QUEUE_NAME, url=url)
    if scheme in ("postgres", "postgresql"):
        return PostgresHuey(QUEUE_NAME, dsn=url)
    raise ImproperlyConfigured(
        f"WORTH_QUEUE {url!r}: unsupported scheme {scheme!r}; use sqlite:///path, redis://host:6379/0 "
        "or postgres://user@host/db"
    )


def _run_job(job_id: int) -> None:
    from worth.apps.core.jobs import run_job

    close_old_connections()
    try:
        run_job(job_id)
    finally:
        close_old_connections()


def _reap() -> None:
    from worth.apps.core.jobs import reap_stale_jobs

    close_old_connections()
    try:
        reap_stale_jobs()
    finally:
        close_old_connections()


@cache
def _queue(url: str) -> tuple[Huey, Any]:
    huey = queue_from_url(url)
    task = huey.task(name="run_job")(_run_job)
    huey.periodic_task(crontab(minute="*"), name="reap_jobs")(_reap)
    huey.on_startup(name="reap_on_start")(_reap)
    return huey, task


def queue() -> Huey:
    """The configured queue (built once per URL, with Worth's tasks registered on it)."""
    return _queue(str(settings.WORTH_QUEUE))[0]


def enqueue_job(job_id: int) -> None:
    """Put job ``job_id`` on the queue for a worker."""
    _queue(str(settings.WORTH_QUEUE))[1](job_id)
