"""The request log in the app itself: one line per request, the query left out, and a switch to stop it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import World
from worth.apps.core.request_log import REQUEST_LOGGER


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def logged() -> Iterator[Lines]:
    handler = Lines()
    logger = logging.getLogger(REQUEST_LOGGER)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def test_a_refused_request_is_logged_with_its_status_and_who_asked(world: World, logged: Lines) -> None:
    other = world.client_for(world.outsider)
    other.get(reverse("programs:project", args=[world.project.pk]) + "?q=private")
    (line,) = logged.lines
    assert (line["user"], line["status"], line["route"]) == ("outsider", 404, "programs:project")
    assert "private" not in json.dumps(line)


def test_an_anonymous_request_is_logged_as_a_dash(db: None, logged: Lines) -> None:
    Client().get(reverse("programs:list"))
    assert [(line["user"], line["status"]) for line in logged.lines] == [("-", 302)]


def test_the_log_can_be_turned_off(world: World, logged: Lines, settings: object) -> None:
    settings.WORTH_REQUEST_LOG = False  # type: ignore[attr-defined]
    world.client_for(world.analyst).get(reverse("programs:project", args=[world.project.pk]))
    assert logged.lines == []
