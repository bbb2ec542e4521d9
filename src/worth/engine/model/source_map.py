"""Read YAML or JSON text into plain data while remembering where every key and value sits.

``yaml.safe_load`` forgets positions, so a mistake found later (an unknown driver in an equation) could
only be reported by its path. Here the text is composed to YAML nodes first, which carry marks, and the
data is built from the nodes, keeping a map from each path (``("elements", 3, "equation")``) to its
node. The same map places an error at a character inside an equation onto the file's line and column.

YAML is read with YAML 1.2 booleans (only ``true``/``false``), so a region written ``NO`` stays the
text "NO" instead of becoming ``False``. Duplicate keys, which PyYAML silently overwrites, are errors.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from worth.engine.model.errors import Issue, ModelFileError, Path
from worth.engine.yaml_guard import MAX_NESTING, NestingError, check_nesting, composes_safely

#: More nodes than this (after alias expansion) is treated as a hostile or broken file. Without aliases
#: a file cannot hold more values than characters, so the limit is also the text length (plus slack).
MAX_NODES = 5_000_000


# libyaml's parser when PyYAML was built with it (about ten times faster), else the pure Python one;
# both give marks with index, line and column.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader with YAML 1.2 booleans: ``yes``/``no``/``on``/``off`` stay text."""


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@dataclass(frozen=True)
class Place:
    """Where a key (or list item) and its value start in the file; all counts from 0, as PyYAML's.

    ``node`` is the value's node when it is a scalar (to point at a character inside it), else
    ``None``: a list's or mapping's node would keep every node under it, which for a model of
    thousands of customers is gigabytes held for nothing.
    """

    key_line: int
    key_column: int
    node: ScalarNode | None


def _place(line: int, column: int, value: Node) -> Place:
    return Place(line, column, value if isinstance(value, ScalarNode) else None)


@dataclass
class SourceMap:
    """Paths of a parsed file mapped to their places, plus the text to translate offsets."""

    text: str
    places: dict[Path, Place] = field(default_factory=dict)

    def locate(self, path: Path) -> tuple[int, int] | None:
        """1-based line and column of the deepest known prefix of ``path`` (its key, or item start)."""
        for end in range(len(path), -1, -1):
            place = self.places.get(path[:end])
            if place is not None:
                return place.key_line + 1, place.key_column + 1
        return None

    def locate_offset(self, path: Path, offset: int) -> tuple[int, int] | None:
        """1-based line and column of character ``offset`` of the (stripped) text value at ``path``.

        Exact for plain and quoted one-line scalars without escapes, for literal blocks (``|``) and for
        folded blocks (``>``) of plain lines; ``None`` for anything else, so the caller falls back to
        :meth:`locate`.
        """
        place = self.places.get(path)
        if place is None or not isinstance(place.node, ScalarNode):
            return None
        node = place.node
        value: str = node.value
        lead = len(value) - len(value.lstrip())
        offset = offset + lead
        if node.style in (None, "'", '"'):
            return self._in_flow_scalar(node, offset)
        if node.style == "|":
            return self._in_literal_block(node, offset)
        if node.style == ">":
            return self._in_folded_block(node, offset)
        return None

    def _in_flow_scalar(self, node: ScalarNode, offset: int) -> tuple[int, int] | None:
        start = node.start_mark.index + (1 if node.style else 0)
        value: str = node.value
        if "\n" in self.text[node.start_mark.index : node.end_mark.index]:
            return None
        if self.text[start : start + len(value)] != value or not 0 <= offset <= len(value):
            return None
        column = node.start_mark.column + (start - node.start_mark.index) + offset
        return node.start_mark.line + 1, column + 1

    def _in_literal_block(self, node: ScalarNode, offset: int) -> tuple[int, int] | None:
        value: str = node.value
        lines = self.text.splitlines()
        first = node.start_mark.line + 1
        body = [line for line in lines[first : _last_line(node) + 1] if line.strip()]
        if not body:
            return None
        indent = min(len(line) - len(line.lstrip(" ")) for line in body)
        consumed = 0
        for number, content in enumerate(value.split("\n")):
            if offset <= consumed + len(content):
                source_line = first + number
                if source_line >= len(lines) or lines[source_line][indent:] != content:
                    return None
                return source_line + 1, indent + (offset - consumed) + 1
            consumed += len(content) + 1
        return None

    def _in_folded_block(self, node: ScalarNode, offset: int) -> tuple[int, int] | None:
        value: str = node.value.rstrip("\n")
        lines = self.text.splitlines()
        first = node.start_mark.line + 1
        body = lines[first : _last_line(node) + 1]
        while body and not body[-1].strip():
            body.pop()
        if not body or any(not line.strip() for line in body):
            return None
        indent = min(len(line) - len(line.lstrip(" ")) for line in body)
        contents = [line[indent:] for line in body]
        if any(content[:1] == " " for content in contents) or " ".join(contents) != value:
            return None
        consumed = 0
        for number, content in enumerate(contents):
            if offset <= consumed + len(content):
                return first + number + 1, indent + (offset - consumed) + 1
            consumed += len(content) + 1
        return None


def _last_line(node: ScalarNode) -> int:
    """The last line of a block scalar (its end mark sits at the start of the next line)."""
    return node.end_mark.line if node.end_mark.column > 0 else node.end_mark.line - 1


def _node_limit_error(limit: int) -> ModelFileError:
    return ModelFileError([Issue((), f"the file expands to more than {limit:,} values (aliases?)")])


class _Builder:
    """Builds plain data from YAML nodes, recording places and duplicate keys."""

    def __init__(self, loader: _Loader, source_map: SourceMap) -> None:
        self.loader = loader
        self.map = source_map
        self.issues: list[Issue] = []
        self.count = 0
        self.limit = min(MAX_NODES, len(source_map.text) + 1000)

    def build(self, node: Node, path: Path) -> Any:
        self.count += 1
        if self.count > self.limit:
            raise _node_limit_error(self.limit)
        if isinstance(node, ScalarNode):
            return self.loader.construct_object(node, deep=True)
        if len(path) >= MAX_NESTING:  # the path has one step per collection holding this one
            mark = node.start_mark
            raise NestingError(mark.line + 1, mark.column + 1, MAX_NESTING)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        assert isinstance(node, SequenceNode)  # PyYAML composes scalars, sequences and mappings only
        return [self._item(child, (*path, index)) for index, child in enumerate(node.value)]

    def _item(self, child: Node, path: Path) -> Any:
        self.map.places[path] = _place(child.start_mark.line, child.start_mark.column, child)
        return self.build(child, path)

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        self.loader.flatten_mapping(node)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.issues.append(
                    self._issue(key_node, path, "a key must be a plain name, not a list or mapping")
                )
                continue
            key = str(key_node.value)
            child_path = (*path, key)
            if key in out:
                first = self.map.places[child_path]
                message = f"duplicate key {key!r} (first at line {first.key_line + 1})"
                self.issues.append(self._issue(key_node, path, message, key))
                continue
            self.map.places[child_path] = _place(
                key_node.start_mark.line, key_node.start_mark.column, value_node
            )
            out[key] = self.build(value_node, child_path)
        return out

    @staticmethod
    def _issue(node: Node, path: Path, message: str, key: str | None = None) -> Issue:
        full = (*path, key) if key is not None else path
        return Issue(full, message, node.start_mark.line + 1, node.start_mark.column + 1)


def read_yaml(text: str) -> tuple[Any, SourceMap]:
    """Parse YAML text to plain data and its source map.

    Raises
    ------
    ModelFileError
        When the text is not YAML (with the line and column PyYAML reports) or has duplicate keys.
    """
    try:
        if not composes_safely(text):
            check_nesting(text)
    except NestingError as exc:
        raise _nesting_error(exc) from None
    source_map = SourceMap(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ModelFileError([Issue((), "the file is empty", 1, 1)])
        builder = _Builder(loader, source_map)
        source_map.places[()] = _place(node.start_mark.line, node.start_mark.column, node)
        data = builder.build(node, ())
    except NestingError as exc:
        raise _nesting_error(exc) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(part for part in (exc.context, exc.problem) if part) or "not valid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise ModelFileError([Issue((), f"not valid YAML: {problem}", line, column)]) from None
    except yaml.YAMLError as exc:
        raise ModelFileError([Issue((), f"not valid YAML: {exc}")]) from None
    except RecursionError:
        raise ModelFileError([Issue((), "the file nests too deeply (recursive aliases?)")]) from None
    finally:
        loader.dispose()
    if builder.issues:
        raise ModelFileError(builder.issues)
    return data, source_map


def _nesting_error(exc: NestingError) -> ModelFileError:
    return ModelFileError([Issue((), str(exc).split(": ", 1)[1], exc.line, exc.column)])


def read_json(text: str) -> tuple[Any, SourceMap]:
    """Parse JSON text to plain data; places come from composing the same text as YAML when possible.

    Raises
    ------
    ModelFileError
        When the text is not JSON, with the line and column the JSON parser reports, or repeats a key.
    """
    duplicates: list[str] = []

    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) < len(pairs):  # a key was repeated: find which, the rare slow way
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    duplicates.append(key)
                seen.add(key)
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs_to_dict)
    except json.JSONDecodeError as exc:
        raise ModelFileError([Issue((), f"not valid JSON: {exc.msg}", exc.lineno, exc.colno)]) from None
    except RecursionError:
        raise ModelFileError([Issue((), "the file nests too deeply")]) from None
    if duplicates:
        read_yaml(text)  # raises with each repeated key placed in the file, as for YAML
        raise ModelFileError([Issue((), f"duplicate key {key!r}") for key in duplicates])
    return data, _PlacedWhenAsked(text)


class _PlacedWhenAsked(SourceMap):
    """The places of a JSON text, found the first time an issue needs one.

    JSON is read by the fast JSON parser; finding the places composes the same text as YAML, which is
    more than ten times slower (minutes for a model of 10,000 customers) and needed only to point at
    a mistake, so it waits until something asks where a path is.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._found: dict[Path, Place] | None = None

    @property
    def places(self) -> dict[Path, Place]:
        if self._found is None:
            try:
                self._found = read_yaml(self.text)[1].places
            except ModelFileError:
                self._found = {}
        return self._found

    @places.setter
    def places(self, value: dict[Path, Place]) -> None:
        self._found = value or None
