"""Work functions the job tests run (in the test process, or in a real worker process by dotted path)."""

from __future__ import annotations

import time
from typing import Any

from worth.apps.core.jobs import Progress


def counting(params: dict[str, Any], progress: Progress) -> tuple[str, dict[str, object]]:
    steps = int(params.get("steps", 4))
    for i in range(1, steps + 1):
        progress(i, steps)
    return "/programs/", {"count": steps}


def slow_counting(params: dict[str, Any], progress: Progress) -> tuple[str, dict[str, object]]:
    """``steps`` steps of ``pause`` seconds each: long enough to kill a worker or cancel in the middle."""
    steps, pause = int(params["steps"]), float(params["pause"])
    for i in range(1, steps + 1):
        time.sleep(pause)
        progress(i, steps)
    return "/programs/", {"count": steps}


def domain_error(params: dict[str, Any], progress: Progress) -> tuple[str, dict[str, object]]:
    raise ValueError("row 17, field quantity: 'ten' is not a number")


def unexpected_error(params: dict[str, Any], progress: Progress) -> tuple[str, dict[str, object]]:
    raise KeyError("x")


def cancelled_midway(params: dict[str, Any], progress: Progress) -> tuple[str, dict[str, object]]:
    """Someone cancels the job (``params["job"]``) during its first step; the step's progress stops it."""
    from worth.apps.core.models import Job

    Job.objects.filter(pk=params["job"]).update(cancel_requested=True)
    progress(1, 4)
    raise AssertionError("the job went on after it was cancelled")
