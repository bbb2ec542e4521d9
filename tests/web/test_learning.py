"""The program's rolling out and learning page on the demo: projects compared, stories, shared insights."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.web.conftest import World
from worth.apps.core.demo import load_demo
from worth.apps.programs.models import Program
from worth.apps.realization.figures import documenter_figures
from worth.apps.realization.models import Documenter


@pytest.fixture
def demo(world: World) -> Program:
    load_demo()
    return Program.objects.get(name="Value merchants pilot 2027")


def _page(user: User, program: Program) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("programs:learning", args=[program.pk]))
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_projects_compared_with_the_value_their_customers_confirmed(world: World, demo: Program) -> None:
    html = _page(User.objects.get(username="pilot-lead"), demo)
    bearings = html[html.index("Condition-monitored bearings for pulp and paper mills</a>") :]
    row = bearings[: bearings.index("</tr>")]
    confirmed = sum(documenter_figures(d).confirmed for d in Documenter.objects.filter(project__program=demo))
    assert "value confirmed" in row
    assert f"${confirmed:,.0f}" in row
    others = html[html.index("Pocket price discipline in distribution</a>") :]
    assert "no value documented yet" in others[: others.index("</tr>")]
    differed = html[html.index('class="differed"') :]
    assert "customers with data gathered" in differed


def test_the_approved_story_and_the_elements_documented_in_both_subsegments(
    world: World, demo: Program
) -> None:
    html = _page(User.objects.get(username="pilot-lead"), demo)
    stories = html[html.index("<h2>Success stories</h2>") : html.index("<h2>Value insights")]
    assert "publication approved by" in stories
    assert "PDF, anonymized" in stories
    insights = html[html.index("<h2>Value insights") :]
    # Norrvik (large) and Holmsund (small) both documented unplanned downtime
    section = insights[insights.index('<h3 class="flush">Unplanned downtime</h3>') :]
    section = section[: section.index("</section>")]
    assert "Large integrated mills" in section
    assert "Small and mid-size mills" in section


def test_a_salesperson_sees_only_their_customers_value(world: World, demo: Program) -> None:
    html = _page(User.objects.get(username="sales-small"), demo)
    insights = html[html.index("<h2>Value insights") :]
    assert "No value element is documented in more than one project or subsegment yet" in insights
    assert "Norrvik Bruk" not in html
