"""Analyses kept once computed, per version of everything they were computed from.

A value summary, a tornado or a pocket price band is a pure function of the records it reads: the
model's text, the data set's lines, the policy's text, the options chosen on the page. Twenty people
opening the same summary need it computed once, not twenty times (on two cores the twentieth waited
for the other nineteen). So each result is kept in Django's cache under a key made of what it depends
on: a hash of the texts themselves (not a revision number, which a change outside the forms would
not move), the options, and a fingerprint of this Worth's code, so an upgrade never shows a result
an older engine computed. Nothing is ever invalidated: a changed record has a new key, and old
entries age out of the cache.

The default cache is each server process's own memory (``WORTH_CACHE=memory``); a team with several
machines may share one in Redis (``WORTH_CACHE=redis://...``). A cache that fails is skipped: the
result is computed as if it were not there.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from django.core.cache import caches

__all__ = ["code_fingerprint", "content_hash", "kept_fragment", "remember"]

T = TypeVar("T")
_log = logging.getLogger(__name__)
_PACKAGE = Path(__file__).resolve().parents[2]  # src/worth
#: The kinds of file whose change may change a computed result or how it is shown.
_CODE = ("*.py", "*.html", "*.json", "*.lark")


@cache
def code_fingerprint() -> str:
    """A hash of Worth's own source files, computed once per process (about 10 ms)."""
    digest = hashlib.sha256()
    for pattern in _CODE:
        for path in sorted(_PACKAGE.rglob(pattern)):
            if "static" in path.parts or "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(_PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_hash(*parts: object) -> str:
    """One short hash of texts and options (``repr`` of anything that is not text)."""
    digest = hashlib.sha256()
    for part in parts:
        text = part if isinstance(part, str | bytes) else repr(part)
        data = text if isinstance(text, bytes) else text.encode()
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def remember(kind: str, depends_on: Iterable[object], compute: Callable[[], T]) -> T:
    """The cached result of ``compute`` for these dependencies, computing and keeping it if absent.

    ``compute`` must return something picklable (plain data, dataclasses, text). An exception it
    raises is not kept: the next request tries again. Threads of one process asking for the same
    missing result wait for the first to compute it instead of all computing it at once.
    """
    key = _key(kind, depends_on)
    store = caches["default"]
    try:
        found = store.get(key)
    except Exception:  # a cache server that is down must not take the page with it
        _log.warning("cache unavailable; computing %s", kind, exc_info=True)
        return compute()
    if found is not None:
        return found  # type: ignore[no-any-return]
    with _guard:
        lock = _computing.setdefault(key, threading.Lock())
    try:
        with lock:
            found = _get_quietly(store, key)
            if found is not None:
                return found  # type: ignore[no-any-return]
            value = compute()
            try:
                store.set(key, value)
            except Exception:
                _log.warning("cache unavailable; %s not kept", kind, exc_info=True)
            return value
    finally:
        with _guard:
            if _computing.get(key) is lock:
                del _computing[key]


def _key(kind: str, depends_on: Iterable[object]) -> str:
    return f"worth:{kind}:{code_fingerprint()}:{content_hash(*depends_on)}"


#: The kind under which ``{% kept key %}`` keeps its rendered fragments.
FRAGMENT = "fragment"


def kept_fragment(key: str) -> str | None:
    """The page fragment ``{% kept key %}`` kept under ``key``, or ``None`` if it is not kept (yet).

    A view that finds it has nothing left to gather for what the fragment shows (the figures, the
    form of the page's options): it passes it on as ``kept_fragments`` and the tag shows it as it is.
    """
    found = _get_quietly(caches["default"], _key(FRAGMENT, (key,)))
    return found if isinstance(found, str) else None


def _get_quietly(store: Any, key: str) -> Any:
    try:
        return store.get(key)
    except Exception:
        return None


_guard = threading.Lock()
_computing: dict[str, threading.Lock] = {}
