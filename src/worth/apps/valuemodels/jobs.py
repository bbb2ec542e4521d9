"""The value model's long work, as the worker runs it: a Monte Carlo simulation, a large import.

A simulation carries the model's id and the revision the person saw when starting it, so an import in
between does not change what is simulated: the text of that revision is read back from the model's
history. A large import carries the token of the file previewed (kept on the server,
:mod:`worth.apps.valuemodels.staging`) and the versions the person saw when opening the import.
"""

from __future__ import annotations

from typing import Any

from worth.apps.core.jobs import Progress
from worth.apps.valuemodels.analyses import run_simulation
from worth.apps.valuemodels.models import ValueModelRecord
from worth.engine.model.errors import ModelError
from worth.engine.model.io import FileFormat, read_model_text

__all__ = ["IMPORT", "SIMULATE", "import_staged", "simulate"]

#: The handler path start_job records for a simulation.
SIMULATE = "worth.apps.valuemodels.jobs.simulate"
#: The handler path start_job records for an import of a previewed file.
IMPORT = "worth.apps.valuemodels.jobs.import_staged"


def _text_at(record: ValueModelRecord, revision: int) -> tuple[str, str]:
    if record.revision == revision:
        return record.text, record.fmt
    then = record.history.filter(revision=revision).order_by("-history_date").first()
    if then is None:
        raise ValueError(
            f"version {revision} of “{record.name}” is no longer kept; start the simulation again"
        )
    return then.text, then.fmt


def simulate(params: dict[str, Any], progress: Progress) -> tuple[str, dict[str, Any]]:
    """Monte Carlo of the model version in ``params`` (``record``, ``revision``, ``draws``, ``seed``...)."""
    record = ValueModelRecord.objects.filter(pk=params["record"]).first()
    if record is None:
        raise ValueError("the value model was deleted before the simulation ran")
    text, fmt = _text_at(record, int(params["revision"]))
    chosen: FileFormat = "json" if fmt == "json" else "yaml"
    model = read_model_text(text, fmt=chosen, source=record.name).model
    result = run_simulation(
        model,
        draws=int(params["draws"]),
        seed=params.get("seed"),
        independent=bool(params.get("independent")),
        progress=progress,
    )
    return "", result


def import_staged(params: dict[str, Any], progress: Progress) -> tuple[str, dict[str, Any]]:
    """Import the previewed file as the next version; every refusal is the job's message."""
    from django.contrib.auth.models import User

    from worth.apps.core.locking import StaleEdit
    from worth.apps.programs.models import Project
    from worth.apps.valuemodels.records import DraftPending
    from worth.apps.valuemodels.services import IMPORT_STEPS, import_model_version
    from worth.apps.valuemodels.staging import forget_staged, staged_text

    project = Project.objects.filter(pk=params["project"]).first()
    user = User.objects.filter(pk=params["user"]).first()
    if project is None or user is None:
        raise ValueError("the project or the person importing was removed before the import ran")
    progress(0, IMPORT_STEPS)
    text = staged_text(params["staged"], user_pk=user.pk, project_pk=project.pk)
    try:
        saved = import_model_version(
            project=project,
            text=text,
            filename=params.get("filename") or None,
            user=user,
            seen={int(pk): int(revision) for pk, revision in params["seen"].items()},
            note=str(params.get("note") or ""),
            progress=progress,
        )
    except (DraftPending, StaleEdit) as refused:
        raise ValueError(f"{refused}; nothing was saved: open the import again") from None
    except ModelError as refused:
        problems = "; ".join(str(issue) for issue in refused.issues[:20])
        count = len(refused.issues)
        raise ValueError(f"the file has {count} problem(s), nothing was saved: {problems}") from None
    forget_staged(params["staged"])
    record = saved.record
    return record.get_absolute_url(), {"record": record.pk, "version": saved.version.number}
