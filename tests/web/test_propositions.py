"""Value propositions in the app: started from Worth's suggestion, written by the team, warned about as
the method names it, frozen on the version they were written on, and refused to the wrong people."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.web.conftest import World
from tests.web.example_model import example_text, import_example, second_round
from tests.web.forms import form_values
from worth.apps.propositions.models import Proposition
from worth.apps.valuemodels.models import ValueModelRecord
from worth.engine.model.analysis import analyse_model
from worth.engine.model.display import format_money
from worth.engine.model.io import read_model_text

LARGE = "Large integrated mills"
SMALL = "Small and mid-size mills"


def _start(world: World, subsegment: str = LARGE) -> tuple[ValueModelRecord, Proposition]:
    record = import_example(world)
    client = world.client_for(world.analyst)
    url = reverse("propositions:project", args=[world.project.pk])
    response = client.post(url, {"model": record.pk, "subsegment": subsegment})
    assert response.status_code == 302
    proposition = Proposition.objects.get()
    assert response["Location"] == proposition.get_absolute_url()
    return record, proposition


def _roles(page: str) -> dict[str, str]:
    """Role field name by element, read from the form as the person sees it."""
    found = re.findall(r'<label for="id_(role_\d+)">([^<]+)</label>', page)
    return {name: field for field, name in found}


def _post(world: World, proposition: Proposition, roles: dict[str, str], **fields: str):
    client = world.client_for(world.analyst)
    url = proposition.get_absolute_url()
    page = client.get(url).content.decode()
    names = _roles(page)
    data = form_values(page) | {names[element]: role for element, role in roles.items()} | fields
    return client.post(url, data)


def test_a_proposition_starts_from_the_suggested_focus_on_the_current_version(world: World) -> None:
    record, proposition = _start(world)
    assert proposition.version.number == 1
    assert proposition.created_by == world.analyst
    # The example's large mills: the two agreed points of difference of highest value lead (downtime
    # and bearing consumption, both measured at the mills), delivery lead time is the agreed parity, and
    # the one unfavourable element (the sensors' installation) is addressed.
    assert proposition.focus == [
        {"element": "Unplanned downtime", "role": "difference"},
        {"element": "Bearing consumption", "role": "difference"},
        {"element": "Delivery lead time", "role": "parity"},
        {"element": "Sensor installation time", "role": "addressed"},
    ]
    page = world.client_for(world.viewer).get(proposition.get_absolute_url()).content.decode()
    assert "A resonating focus as far as the data can tell" in page
    assert "should choose" in page  # the customer's choice, in one sentence
    # Starting it again opens the same one: one proposition per subsegment.
    again = world.client_for(world.analyst).post(
        reverse("propositions:project", args=[world.project.pk]), {"model": record.pk, "subsegment": LARGE}
    )
    assert again["Location"] == proposition.get_absolute_url()
    assert Proposition.objects.count() == 1


def test_the_method_warnings_are_named_and_a_save_keeps_what_the_team_wrote(world: World) -> None:
    _, proposition = _start(world)
    response = _post(
        world,
        proposition,
        {
            "Delivery lead time": "difference",  # parity presented as a difference
            "Energy": "difference",  # hypothesized, resting on an outside study
            "Maintenance labour": "difference",  # a third difference: too many
            "Sensor installation time": "",  # the unfavourable element dropped
        },
        statement="Everything better, everywhere.",
    )
    assert response.status_code == 302
    proposition.refresh_from_db()
    assert proposition.statement == "Everything better, everywhere."
    assert proposition.updated_by == world.analyst
    # What was stated before keeps its place; new picks follow by value.
    assert [p["element"] for p in proposition.focus] == [
        "Unplanned downtime",
        "Bearing consumption",
        "Delivery lead time",
        "Maintenance labour",
        "Energy",
    ]
    page = world.client_for(world.analyst).get(proposition.get_absolute_url()).content.decode()
    assert "Benefit assertion</strong> (Delivery lead time)" in page
    # five differences (the parity one counted among them) and no parity left
    assert "5 points of difference and 0 of parity are stated" in page
    assert "Value presumption</strong> (Energy)" in page
    assert "Unfavourable element left unmentioned</strong> (Sensor installation time)" in page


def test_a_contested_element_stated_as_agreed_is_named(world: World) -> None:
    _, proposition = _start(world, SMALL)
    response = _post(world, proposition, {"Energy": "difference"})  # small mills contest it
    assert response.status_code == 302
    page = world.client_for(world.analyst).get(proposition.get_absolute_url()).content.decode()
    assert "Contested element stated as agreed</strong> (Energy)" in page


def test_the_alternatives_value_adds_the_ratios_and_bad_values_are_refused(world: World) -> None:
    _, proposition = _start(world)
    response = _post(world, proposition, {}, alternative_value="-5")
    assert response.status_code == 400
    assert "-5 is not above zero" in response.content.decode()
    proposition.refresh_from_db()
    assert proposition.alternative_value is None
    response = _post(world, proposition, {}, alternative_value="400000")
    assert response.status_code == 302
    page = world.client_for(world.analyst).get(proposition.get_absolute_url()).content.decode()
    assert "value-to-price" in page


def _mean(text: str, element: str, subsegment: str) -> str:
    model = read_model_text(text).model
    mean = analyse_model(model).elements[element].by_subsegment[subsegment].mean
    return format_money(mean, model.currency)


def test_a_proposition_stays_on_its_version_until_the_team_moves_it(world: World) -> None:
    _, proposition = _start(world)
    first, second = example_text(), second_round(example_text())
    before, after = _mean(first, "Unplanned downtime", LARGE), _mean(second, "Unplanned downtime", LARGE)
    assert before != after
    import_example(world, text=second, note="controller's margin")
    client = world.client_for(world.analyst)
    page = client.get(proposition.get_absolute_url()).content.decode()
    assert "The model has moved on to v2" in page
    assert "?from=1&amp;to=2" in page  # the link to every change
    assert "+$5,943" in page  # and what it did to the large mills' total: 32 h x 1,300 / 7 mills
    assert before in page
    assert after not in page
    response = client.post(
        reverse("propositions:rest-on-current", args=[proposition.pk]), {"revision": proposition.revision}
    )
    assert response.status_code == 302
    proposition.refresh_from_db()
    assert proposition.version.number == 2
    page = client.get(proposition.get_absolute_url()).content.decode()
    assert "moved on" not in page
    assert after in page


def test_two_editors_saving_the_same_opened_form_see_a_conflict(world: World) -> None:
    _, proposition = _start(world)
    url = proposition.get_absolute_url()
    first, second = world.client_for(world.analyst), world.client_for(world.leader)
    opened_first = form_values(first.get(url).content.decode())
    opened_second = form_values(second.get(url).content.decode())
    assert first.post(url, opened_first | {"statement": "Ours first"}).status_code == 302
    response = second.post(url, opened_second | {"statement": "Theirs second"})
    assert response.status_code == 409
    assert "Not saved" in response.content.decode()
    proposition.refresh_from_db()
    assert proposition.statement == "Ours first"


def test_what_the_team_wrote_is_escaped(world: World) -> None:
    _, proposition = _start(world)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert _post(world, proposition, {}, statement=hostile).status_code == 302
    for url in (proposition.get_absolute_url(), reverse("propositions:project", args=[world.project.pk])):
        page = world.client_for(world.viewer).get(url).content.decode()
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert" in page


def test_readers_read_outsiders_find_nothing(world: World) -> None:
    _, proposition = _start(world)
    url = proposition.get_absolute_url()
    viewer = world.client_for(world.viewer)
    page = viewer.get(url)
    assert page.status_code == 200
    assert "Save the proposition" not in page.content.decode()
    assert viewer.post(url, {"statement": "x"}).status_code == 403
    assert world.client_for(world.outsider).get(url).status_code == 404
    listing = world.client_for(world.outsider).get(reverse("propositions:list")).content.decode()
    assert LARGE not in listing
    assert LARGE in world.client_for(world.viewer).get(reverse("propositions:list")).content.decode()


@pytest.mark.parametrize(
    ("subsegment", "message"),
    [("Paper machines on the moon", "subsegment &#x27;Paper machines on the moon&#x27; is not in")],
)
def test_a_subsegment_the_version_lacks_is_refused_by_name(world: World, subsegment: str, message: str):
    record = import_example(world)
    client = world.client_for(world.analyst)
    url = reverse("propositions:project", args=[world.project.pk])
    response = client.post(url, {"model": record.pk, "subsegment": subsegment}, follow=True)
    assert message in response.content.decode()
    assert not Proposition.objects.exists()
