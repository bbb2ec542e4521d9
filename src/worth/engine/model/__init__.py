"""The value model: its schema and file format, its checks, and its analysis.

Typical use::

    from worth.engine.model import load_model, analyse_model

    model = load_model("examples/bearings-pulp-paper.yaml")   # raises ModelError listing every problem
    analysis = analyse_model(model)
    analysis.elements["Unplanned downtime"].by_subsegment["Large integrated mills"].mean

See ``docs/model-file.md`` for the file format and ``docs/analysis.md`` for the statistics.
"""

from worth.engine.model.errors import Issue, ModelError, ModelFileError
from worth.engine.model.io import (
    LoadedModel,
    dump_model,
    load_model,
    load_model_with_map,
    parse_model,
    read_model_text,
)
from worth.engine.model.schema import ValueModel, json_schema

__all__ = [
    "Issue",
    "LoadedModel",
    "ModelError",
    "ModelFileError",
    "ValueModel",
    "dump_model",
    "json_schema",
    "load_model",
    "load_model_with_map",
    "parse_model",
    "read_model_text",
]
