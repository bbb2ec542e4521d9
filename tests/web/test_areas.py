"""The home page and navigation: every area is reachable, none is a dead link."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.web.conftest import World
from worth.apps.core.navigation import AREAS


def test_home_explains_worth_and_links_every_area(world: World) -> None:
    client = world.client_for(world.analyst)
    page = client.get("/").content.decode()
    assert "next-best alternative" in page
    for area in AREAS:
        assert area.title.replace("&", "&amp;") in page


def test_every_link_on_home_answers(world: World) -> None:
    client = world.client_for(world.admin)
    page = client.get("/").content.decode()
    links = {href for href in re.findall(r'href="(/[^"]*)"', page) if not href.startswith("/static/")}
    assert len(links) >= len(AREAS)
    for href in sorted(links):
        response = client.get(href)
        assert response.status_code == 200, href


def test_an_area_placeholder_address_leads_to_the_built_area(world: World) -> None:
    client = world.client_for(world.analyst)
    for area in AREAS:
        response = client.get(reverse("area", args=[area.slug]))
        if area.url_name is None:
            assert response.status_code == 200
            assert b"not built yet" in response.content
        else:
            assert response.status_code == 302
            assert response["Location"] == reverse(area.url_name)


def test_an_unknown_area_is_404(world: World) -> None:
    assert world.client_for(world.analyst).get(reverse("area", args=["nonsense"])).status_code == 404


def test_healthz_needs_no_login_and_checks_the_database_and_the_queue(db: None) -> None:
    from django.test import Client

    answer = Client().get("/healthz")
    assert answer.status_code == 200
    expected = {"status": "ok", "database": "ok", "queue": "ok", "waiting": 0, "oldest_waiting_s": 0}
    assert answer.json() == expected


def test_healthz_answers_503_naming_the_queue_when_it_is_down(db: None, settings) -> None:
    from django.test import Client

    settings.WORTH_QUEUE = "redis://127.0.0.1:1/0"  # nothing listens there
    answer = Client().get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["queue"].startswith("unreachable")
    assert answer.json()["database"] == "ok"


def test_admin_works_for_administrators_only(world: World) -> None:
    admin = world.admin
    admin.is_staff = True
    admin.is_superuser = True
    admin.save()
    assert world.client_for(admin).get("/admin/programs/project/").status_code == 200
    assert world.client_for(world.analyst).get("/admin/").status_code == 302
