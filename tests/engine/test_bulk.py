"""The cycle collector is paused while a model is read, and always restored after."""

from __future__ import annotations

import gc
import threading

import pytest

from worth.engine.bulk import collector_paused
from worth.engine.model.errors import ModelFileError
from worth.engine.model.io import read_model_text


@pytest.fixture(autouse=True)
def _collector_running():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_paused_inside_and_running_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_blocks_resume_it_only_when_the_outer_one_ends():
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_a_block_that_raises_still_resumes_it():
    with pytest.raises(ModelFileError):
        read_model_text('{"name": "a", "name": "b"}', fmt="json")
    assert gc.isenabled()


def test_concurrent_blocks_share_one_pause():
    # Two server threads reading at once: the first to finish must not resume the collector under
    # the other, and the last to finish resumes it.
    inside, release = threading.Barrier(2), threading.Event()
    states: list[bool] = []

    def reader() -> None:
        with collector_paused():
            inside.wait()
            release.wait()

    other = threading.Thread(target=reader)
    other.start()
    with collector_paused():
        inside.wait()
        release.set()
        other.join()
        states.append(gc.isenabled())
    states.append(gc.isenabled())
    assert states == [False, True]


def test_as_a_decorator_it_pauses_every_call_afresh():
    seen: list[bool] = []

    @collector_paused()
    def work() -> None:
        seen.append(gc.isenabled())

    work()
    work()
    assert seen == [False, False]
    assert gc.isenabled()
