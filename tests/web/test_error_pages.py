"""404, 403 and 500 pages come in the app's layout with a way back, and reveal nothing."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.views import defaults

from tests.web.conftest import World


def test_an_unknown_address_is_a_404_page_with_the_layout(world: World) -> None:
    response = world.client_for(world.analyst).get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Nothing here" in body
    assert "Go to the start page" in body
    assert 'nav class="areas"' in body  # the navigation of a logged-in person


def test_someone_elses_project_reads_like_an_unknown_address(world: World) -> None:
    response = world.client_for(world.outsider).get(f"/programs/projects/{world.project.pk}/")
    assert response.status_code == 404
    assert "Nothing here" in response.content.decode()
    assert world.project.name not in response.content.decode()


def test_a_refused_change_is_a_403_page_that_says_why(world: World) -> None:
    response = world.client_for(world.viewer).get(f"/programs/projects/{world.project.pk}/edit/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "You may read this but not change it" in body
    assert "Go to the start page" in body


def test_the_500_page_renders_without_a_request_context() -> None:
    request = RequestFactory().get("/")
    response = defaults.server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "nothing was half-saved" in body
    assert "/static/worth/worth.css" in body


def test_an_anonymous_visitor_gets_the_same_page_without_navigation() -> None:
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Nothing here" in body
    assert 'nav class="areas"' not in body
