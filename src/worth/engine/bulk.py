"""Building a large model at once without Python's cycle collector running through it.

Reading a model of 10,000 customers makes close to a million small objects (a dict and an
observation per cell). Each few hundred new containers start the cycle collector, which walks every
object made so far, so the reading slows down as it grows: two thirds of reading and checking such a
file was the collector finding nothing, since a parsed model holds no cycles. Pausing it for the
reading does not lose anything: whatever cycles exist are found at the next collection after it.
Saving such a model as a version (its canonical data, a part per customer with its history) is the
same kind of work, and pauses it too.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while the block builds objects, and restore it after.

    Also a decorator (``@collector_paused()``), pausing each call afresh.

    Nested and concurrent blocks (server threads reading at once) share one pause: the collector
    resumes when the last of them ends, and only if it was running when the first began.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
