"""The value model's long work, as the worker runs it: a Monte Carlo simulation of one model version.

A job carries the model's id and the revision the person saw when starting it, so an import in between
does not change what is simulated: the text of that revision is read back from the model's history.
"""

from __future__ import annotations

from typing import Any

from worth.apps.core.jobs import Progress
from worth.apps.valuemodels.analyses import run_simulation
from worth.apps.valuemodels.models import ValueModelRecord
from worth.engine.model.io import FileFormat, read_model_text

__all__ = ["SIMULATE", "simulate"]

#: The handler path start_job records for a simulation.
SIMULATE = "worth.apps.valuemodels.jobs.simulate"


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
