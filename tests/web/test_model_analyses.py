"""Sensitivity, Monte Carlo and prospects pages of a stored value model."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import numpy as np
import pytest
import yaml
from django.urls import reverse

from tests.web.conftest import World
from worth.apps.core.models import Job, JobStatus
from worth.apps.valuemodels.models import ValueModelRecord

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
DRIVER = "Unplanned downtime hours per year, alternative"
LARGE = "Large integrated mills"


@pytest.fixture
def record(world: World) -> ValueModelRecord:
    return ValueModelRecord.objects.create(
        project=world.project, name="Bearings", text=EXAMPLE.read_text(encoding="utf-8"), fmt="yaml"
    )


@pytest.fixture(autouse=True)
def inline_jobs(settings: pytest.FixtureRequest) -> None:
    settings.WORTH_JOBS_INLINE = True  # type: ignore[attr-defined]


def observations(driver: str, subsegment: str) -> list[float]:
    """The driver's observed values in a subsegment, read straight from the YAML file."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return [
        float(c["observations"][driver]["value"])
        for c in data["customers"]
        if c.get("subsegment") == subsegment and driver in c.get("observations", {})
    ]


def driver_row(page: str, driver: str) -> list[str]:
    row = re.search(rf"<tr><td[^>]*>\d+</td><td>{re.escape(driver)}</td>(.*?)</tr>", page, re.S)
    assert row, driver
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


def test_the_tornado_uses_the_observed_p10_and_p90(world: World, record: ValueModelRecord) -> None:
    page = (
        world.client_for(world.viewer)
        .get(reverse("valuemodels:sensitivity", args=[record.pk]))
        .content.decode()
    )
    assert LARGE in page
    assert "Small and mid-size mills" in page
    low, high = np.percentile(observations(DRIVER, LARGE), [10, 90])
    cells = driver_row(page, DRIVER)
    assert cells[1:3] == [f"{low:,.2f}", f"{high:,.2f}"]
    assert 'data-chart="tornado-0-spec"' in page


def test_the_tornado_can_use_mean_plus_minus_one_sd(world: World, record: ValueModelRecord) -> None:
    url = reverse("valuemodels:sensitivity", args=[record.pk]) + "?spread=sd"
    page = world.client_for(world.viewer).get(url).content.decode()
    values = observations(DRIVER, LARGE)
    mean, sd = statistics.mean(values), statistics.stdev(values)
    assert driver_row(page, DRIVER)[1:3] == [f"{mean - sd:,.2f}", f"{mean + sd:,.2f}"]


def test_an_unknown_spread_is_refused_in_words(world: World, record: ValueModelRecord) -> None:
    url = reverse("valuemodels:sensitivity", args=[record.pk]) + "?spread=p1-p99"
    response = world.client_for(world.viewer).get(url)
    assert response.status_code == 422
    assert "spread &#x27;p1-p99&#x27;: choose p10-p90 or sd" in response.content.decode()


def test_a_simulation_runs_as_a_job_and_repeats_with_its_seed(world: World, record: ValueModelRecord) -> None:
    client = world.client_for(world.analyst)
    url = reverse("valuemodels:simulate", args=[record.pk])
    means = []
    for _ in range(2):
        response = client.post(url, {"draws": "4000", "seed": "11"}, follow=True)
        job = Job.objects.filter(kind="simulation").latest("pk")
        assert job.status == JobStatus.DONE
        assert response.redirect_chain[-1][0] == reverse("valuemodels:simulation", args=[record.pk, job.pk])
        page = response.content.decode()
        assert "Seed <strong>11</strong>" in page
        summary = job.result["summary"]
        assert [row["subsegment"] for row in summary] == [LARGE, "Small and mid-size mills"]
        assert all(0.0 <= row["P(delta value > delta price)"] <= 1.0 for row in summary)
        assert summary[0]["P10"] < summary[0]["P50"] < summary[0]["P90"]
        means.append(summary[0]["mean"])
    assert means[0] == means[1]


@pytest.mark.parametrize(
    ("draws", "message"),
    [
        ("0", "greater than or equal to 1000"),
        ("lots", "Enter a whole number"),
        ("1000001", "At most 1,000,000 draws per subsegment from the web"),
    ],
)
def test_bad_draws_are_field_errors_and_start_nothing(
    world: World, record: ValueModelRecord, draws: str, message: str
) -> None:
    response = world.client_for(world.analyst).post(
        reverse("valuemodels:simulate", args=[record.pk]), {"draws": draws}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_prospects_rank_every_customer_with_characteristics(world: World, record: ValueModelRecord) -> None:
    page = (
        world.client_for(world.viewer)
        .get(reverse("valuemodels:prospects", args=[record.pk]))
        .content.decode()
    )
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    prospective = [c["name"] for c in data["customers"] if c.get("status") == "prospective"]
    assert prospective
    for name in prospective:
        assert name in page
    assert "R² = <strong>" in page
    assert 'data-chart="prospects-spec"' in page


def test_analyses_follow_project_visibility(world: World, record: ValueModelRecord) -> None:
    urls = [
        reverse("valuemodels:sensitivity", args=[record.pk]),
        reverse("valuemodels:simulate", args=[record.pk]),
        reverse("valuemodels:prospects", args=[record.pk]),
    ]
    for url in urls:
        assert world.client_for(world.outsider).get(url).status_code == 404, url
    assert world.client_for(world.outsider).post(urls[1], {"draws": "2000"}).status_code == 404
    assert not Job.objects.exists()


def test_a_simulation_is_read_by_the_team_and_by_no_one_else(world: World, record: ValueModelRecord) -> None:
    world.client_for(world.leader).post(reverse("valuemodels:simulate", args=[record.pk]), {"draws": "2000"})
    job = Job.objects.get()
    url = reverse("valuemodels:simulation", args=[record.pk, job.pk])
    for user in (world.analyst, world.viewer, world.sponsor):
        assert world.client_for(user).get(url).status_code == 200, user
    assert world.client_for(world.outsider).get(url).status_code == 404


def test_wrong_methods_are_refused(world: World, record: ValueModelRecord) -> None:
    client = world.client_for(world.viewer)
    assert client.post(reverse("valuemodels:sensitivity", args=[record.pk])).status_code == 405
    assert client.post(reverse("valuemodels:prospects", args=[record.pk])).status_code == 405


def test_the_api_lists_visible_models_and_their_figures(world: World, record: ValueModelRecord) -> None:
    listing = world.client_for(world.viewer).get("/api/models").json()
    assert listing == [
        {
            "id": record.pk,
            "name": "Bearings",
            "project_id": world.project.pk,
            "project": "Bearings",
            "updated": record.updated.isoformat(),
        }
    ]
    assert world.client_for(world.outsider).get("/api/models").json() == []
    summary = world.client_for(world.viewer).get(f"/api/models/{record.pk}/summary").json()
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    researched = [c for c in data["customers"] if c.get("subsegment") == LARGE and c.get("observations")]
    large = summary["subsegments"][0]
    assert large["subsegment"] == LARGE
    assert large["customers"] == len(researched)
    assert large["ci_low"] < large["mean_delta_value"] < large["ci_high"]
    assert summary["currency"] == "USD"


def test_the_api_hides_other_projects_models(world: World, record: ValueModelRecord) -> None:
    response = world.client_for(world.outsider).get(f"/api/models/{record.pk}/summary")
    assert response.status_code == 404
    assert world.client_for(world.viewer).get("/api/models/999999/summary").status_code == 404


def test_the_page_and_the_command_line_agree_for_the_same_seed(
    world: World, record: ValueModelRecord
) -> None:
    import json

    from typer.testing import CliRunner

    from worth.cli.main import app

    world.client_for(world.analyst).post(
        reverse("valuemodels:simulate", args=[record.pk]), {"draws": "3000", "seed": "8"}
    )
    web = Job.objects.get().result["summary"]
    cli = CliRunner().invoke(
        app, ["model", "simulate", str(EXAMPLE), "--draws", "3000", "--seed", "8", "--format", "json"]
    )
    assert cli.exit_code == 0, cli.output
    rows = json.loads(cli.stdout)["subsegments"]
    assert [r["mean"] for r in rows] == [w["mean"] for w in web]


def test_sobol_indices_on_request_are_shares_that_add_up(world: World, record: ValueModelRecord) -> None:
    client = world.client_for(world.viewer)
    plain_page = client.get(reverse("valuemodels:sensitivity", args=[record.pk])).content.decode()
    assert "Sobol indices)" not in plain_page
    url = reverse("valuemodels:sensitivity", args=[record.pk]) + "?sobol=1"
    page = client.get(url).content.decode()
    assert 'data-chart="sobol-0-spec"' in page
    from worth.apps.valuemodels.analyses import tornado_sections
    from worth.engine.model.io import load_model

    sections = tornado_sections(load_model(EXAMPLE), spread="p10-p90", sobol=True)
    for section in sections:
        first = [row["S1"] for row in section["sobol_rows"]]
        total = [row["ST"] for row in section["sobol_rows"]]
        # First-order shares of independent inputs add up to at most 1 (up to sampling error), and an
        # input's total effect is never smaller than its first-order effect.
        assert sum(first) == pytest.approx(1.0, abs=0.15)
        assert all(t >= f - 0.05 for f, t in zip(first, total, strict=True))


def test_readers_may_not_start_heavy_work(world: World, record: ValueModelRecord) -> None:
    url = reverse("valuemodels:simulate", args=[record.pk])
    page = world.client_for(world.viewer).get(url)
    assert page.status_code == 200
    assert "the project's team starts them" in page.content.decode()
    assert "Run the simulation" not in page.content.decode()
    assert world.client_for(world.viewer).post(url, {"draws": "2000"}).status_code == 403
    assert not Job.objects.exists()


def test_jobs_per_person_and_per_server_are_bounded(world: World, record: ValueModelRecord, settings) -> None:
    settings.WORTH_JOBS_PER_USER = 1
    settings.WORTH_JOBS_RUNNING = 2
    url = reverse("valuemodels:simulate", args=[record.pk])
    Job.objects.create(user=world.analyst, kind="simulation", title="still running")
    refused = world.client_for(world.analyst).post(url, {"draws": "2000"})
    assert refused.status_code == 429
    assert "You have 1 jobs waiting or running, the most one person may have" in refused.content.decode()
    assert Job.objects.count() == 1
    Job.objects.create(user=world.admin, kind="simulation", title="another one")
    busy = world.client_for(world.leader).post(url, {"draws": "2000"})
    assert busy.status_code == 429
    assert "The server has 2 jobs waiting or running, the most it takes at once" in busy.content.decode()
    assert Job.objects.count() == 2
    Job.objects.filter(user=world.admin).update(status="done")
    assert world.client_for(world.leader).post(url, {"draws": "2000"}).status_code == 302
