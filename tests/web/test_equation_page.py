"""The equation page without script (a GET form) and as HTMX asks for it (the result part only)."""

from __future__ import annotations

from django.urls import reverse

from tests.web.conftest import World
from tests.web.example_model import import_example


def test_the_page_starts_from_an_element_and_shows_it_with_values(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.viewer)  # reading is enough: nothing is saved
    page = client.get(reverse("valuemodels:equation", args=[record.pk]), {"element": "Energy"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Energy savings" in body
    assert "The equation is valid" in body
    assert "$33,840" in body  # Norrvik Bruk: (1,650,000 - 1,180,000) kWh/yr x $0.072/kWh
    assert "[Agreement term]" in body  # the names one may use


def test_htmx_gets_the_result_alone_with_the_problem_marked_and_escaped(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.analyst)
    text = "Energy <b>savings</b> = [Electricity <b>prize] x 2"
    part = client.get(
        reverse("valuemodels:equation", args=[record.pk]), {"text": text}, headers={"HX-Request": "true"}
    )
    body = part.content.decode()
    assert body.lstrip().startswith('<div id="draft-result"')
    assert "<b>" not in body
    assert "unknown name [Electricity &lt;b&gt;prize]" in body  # the message, escaped
    assert "Energy &lt;b&gt;savings&lt;/b&gt; = <mark>[</mark>Electricity &lt;b&gt;prize] x 2" in body
    assert "<html" not in body


def test_an_unknown_name_gets_the_names_meant(world: World) -> None:
    record = import_example(world)
    part = world.client_for(world.analyst).get(
        reverse("valuemodels:equation", args=[record.pk]),
        {"text": "Energy savings = [Electricity prize] x [Friction energy losses per year, offering]"},
        headers={"HX-Request": "true"},
    )
    body = part.content.decode()
    assert "unknown name [Electricity prize]" in body
    assert "<mark>[</mark>" in body
    assert "<code>[Electricity price]</code>" in body


def test_the_page_is_not_there_for_someone_outside_the_project(world: World) -> None:
    record = import_example(world)
    page = world.client_for(world.outsider).get(reverse("valuemodels:equation", args=[record.pk]))
    assert page.status_code == 404
