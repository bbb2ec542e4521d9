"""Load and save value model files (YAML or JSON), with every problem placed in the file.

Loading runs three passes and reports everything they find together, each issue with the line and
column of the offending key (or of the character inside an equation) and its path:

1. syntax - is it YAML/JSON at all (:mod:`worth.engine.model.source_map`);
2. structure - types, required fields, allowed words (the pydantic schema);
3. meaning - cross references, subsegment rules and word equations
   (:func:`worth.engine.model.validate.validate_model`).
"""

from __future__ import annotations

import difflib
import os
import types
import typing
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from worth.engine.bulk import collector_paused
from worth.engine.model.errors import Issue, ModelError, ModelFileError, Path
from worth.engine.model.schema import ValueModel
from worth.engine.model.source_map import SourceMap, read_json, read_yaml
from worth.engine.model.validate import equation_issues_from_data, validate_model

FileFormat = Literal["yaml", "json"]

# libyaml's emitter when PyYAML was built with it: the same text as the pure Python one (the tests
# compare them), three to six times sooner, which a model of thousands of customers notices.
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

#: Files larger than this are refused before parsing. A model of 10,000 customers with a hundred
#: drivers is about 100 MB of JSON (70 MB of YAML); this is the web app's default upload limit too.
MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class LoadedModel:
    """A valid model with the map back into the text it was read from."""

    model: ValueModel
    source_map: SourceMap
    source: str | None = None


def guess_format(name: str | os.PathLike[str] | None, text: str) -> FileFormat:
    """JSON for ``.json`` names (or text starting with ``{``), YAML otherwise."""
    suffix = FilePath(name).suffix.lower() if name is not None else ""
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return "json" if text.lstrip().startswith("{") else "yaml"


def load_model(path: str | os.PathLike[str]) -> ValueModel:
    """Read, check and return the model in ``path``.

    Parameters
    ----------
    path
        A ``.yaml``/``.yml`` or ``.json`` file.

    Returns
    -------
    ValueModel
        The model, structurally valid and with every cross reference and equation checked.

    Raises
    ------
    ModelError
        Listing every problem with its line, column and path (``ModelFileError`` when the file cannot
        be read at all).
    """
    return load_model_with_map(path).model


def load_model_with_map(path: str | os.PathLike[str]) -> LoadedModel:
    """Like :func:`load_model`, also returning the source map (for tools that point into the file)."""
    file = FilePath(path)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ModelFileError([Issue((), f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")])
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelFileError([Issue((), "no such file")], source=str(path)) from None
    except IsADirectoryError:
        raise ModelFileError([Issue((), "this is a folder, not a model file")], source=str(path)) from None
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text (byte {exc.start})"
        raise ModelFileError([Issue((), message)], source=str(path)) from None
    except ModelFileError as exc:
        raise ModelFileError(exc.issues, source=str(path)) from None
    except OSError as exc:
        raise ModelFileError([Issue((), f"cannot read the file: {exc.strerror}")], source=str(path)) from None
    return read_model_text(text, fmt=guess_format(file, text), source=str(path))


def read_model_text(text: str, *, fmt: FileFormat = "yaml", source: str | None = None) -> LoadedModel:
    """Parse and check model text; see :func:`load_model` for what is checked and raised."""
    with collector_paused():
        return _read_model_text(text, fmt, source)


def _read_model_text(text: str, fmt: FileFormat, source: str | None) -> LoadedModel:
    try:
        data, source_map = read_yaml(text) if fmt == "yaml" else read_json(text)
    except ModelFileError as exc:
        raise ModelFileError(exc.issues, source=source) from None
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        issue = Issue(
            (), f"the top level must be a mapping of fields (name, offering, ...), not {kind}", 1, 1
        )
        raise ModelFileError([issue], source=source)
    model, issues = _structure(data)
    if model is None:
        issues += equation_issues_from_data(data)
    else:
        issues += validate_model(model)
    if issues:
        raise ModelError(sorted(_placed(issues, source_map), key=_issue_order), source=source)
    assert model is not None  # no issues means the structure pass returned a model
    return LoadedModel(model, source_map, source)


def parse_model(data: Any) -> ValueModel:
    """Build and check a model from plain data (already parsed); issues carry paths but no lines."""
    if not isinstance(data, dict):
        raise ModelError([Issue((), "the top level must be a mapping of fields")])
    with collector_paused():
        model, issues = _structure(data)
        if model is None:
            issues += equation_issues_from_data(data)
        else:
            issues += validate_model(model)
    if issues:
        raise ModelError(issues)
    assert model is not None
    return model


def dump_model(model: ValueModel, fmt: FileFormat = "yaml") -> str:
    """The model as YAML or JSON text that :func:`read_model_text` reads back to an equal model."""
    data = model.to_data()
    if fmt == "json":
        import json

        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110))


def _issue_order(issue: Issue) -> tuple[int, int]:
    return (issue.line if issue.line is not None else 10**9, issue.column or 0)


def _placed(issues: list[Issue], source_map: SourceMap) -> list[Issue]:
    out = []
    for issue in issues:
        if issue.line is not None:
            out.append(issue)
            continue
        where = None
        if issue.offset is not None:
            where = source_map.locate_offset(issue.path, issue.offset)
        if where is None:
            where = source_map.locate(issue.path)
        line, column = where if where is not None else (None, None)
        out.append(Issue(issue.path, issue.message, line, column, issue.offset))
    return out


def _structure(data: dict[str, Any]) -> tuple[ValueModel | None, list[Issue]]:
    try:
        return ValueModel.model_validate(data), []
    except ValidationError as exc:
        issues: dict[Path, Issue] = {}
        for error in exc.errors(include_url=False):
            issue = _issue_from_error(error, data)
            issues.setdefault(issue.path, issue)
        return None, list(issues.values())


def _resolve(loc: tuple[int | str, ...], data: Any) -> tuple[Path, tuple[int | str, ...]]:
    """Split a pydantic location into the part present in the data and the rest (union tags...)."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        in_dict = isinstance(current, dict) and isinstance(part, str) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_dict or in_list:
            current = current[part]
        else:
            return tuple(path), loc[index:]
        path.append(part)
    return tuple(path), ()


def _issue_from_error(error: ErrorDetails, data: dict[str, Any]) -> Issue:
    path, rest = _resolve(tuple(error["loc"]), data)
    kind = error["type"]
    given = error.get("input")
    if kind == "missing" and rest:
        return Issue((*path, rest[0]), f"missing required field {rest[0]!r}")
    if kind == "extra_forbidden":
        field = path[-1] if path else ""
        return Issue(path, f"unknown field {field!r}{_suggest(str(field), _allowed_fields(path[:-1]))}")
    if rest and rest[-1] == "[key]":
        return Issue(path, f"invalid name {rest[0]!r}: {_clean(error['msg'])}")
    message = _clean(error["msg"])
    if kind == "literal_error" and isinstance(given, str):
        expected = error.get("ctx", {}).get("expected", "")
        options = [part.strip(" '") for part in expected.replace(" or ", ",").split(",")]
        message += f" (got {given!r}){_suggest(given, options)}"
    elif isinstance(given, str | int | float | bool) and kind != "missing":
        message += f" (got {given!r})"
    if kind in ("float_parsing", "float_type") and isinstance(given, str) and "," in given:
        message += "; write numbers without thousands commas (400000 or 400_000)"
    return Issue(path, message)


def _clean(message: str) -> str:
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _allowed_fields(path: Path) -> list[str]:
    """Field names (by alias) of the schema type found at ``path``, for "did you mean" hints."""
    current: Any = ValueModel
    for part in path:
        current = _step(current, part)
        if current is None:
            return []
    model = _model_type(current)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _step(annotation: Any, part: str | int) -> Any:
    model = _model_type(annotation)
    if model is not None and isinstance(part, str):
        for name, info in model.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            found = _step(arg, part)
            if found is not None:
                return found
    return None


def _model_type(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
    return None
