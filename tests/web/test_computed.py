"""Analyses kept once computed: never stale, shared by everyone who may see them, and optional.

The summary, tornado, waterfall and band of a version are computed once and kept under a key made
of what they were computed from. These tests change a record behind the forms' back (a plain
``save()``, which does not move the revision) and expect the new figures at once; count the
computations of two people's requests; and take the cache away, or point it at a server that is
down, and expect the same pages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from tests.web.conftest import World
from tests.web.test_pricing_support import HAND_POLICY, import_lines
from worth.apps.pricing.models import InvoiceDataset
from worth.apps.pricing.services import save_policy_text
from worth.apps.valuemodels.models import ValueModelRecord
from worth.site.config import cache_config

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
REDIS = os.environ.get("WORTH_TEST_REDIS_CACHE", "redis://127.0.0.1:6379/14")


@pytest.fixture
def record(world: World) -> ValueModelRecord:
    return ValueModelRecord.objects.create(
        project=world.project, name="Bearings", text=EXAMPLE.read_text(encoding="utf-8"), fmt="yaml"
    )


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the models analysed for the report and the API (the real analysis runs)."""
    from worth.apps.valuemodels import api, views

    calls: list[str] = []
    for module in (views, api):
        real = module.analyse_model

        def counted(model: Any, _real: Any = real) -> Any:
            calls.append(model.name)
            return _real(model)

        monkeypatch.setattr(module, "analyse_model", counted)
    return calls


def summary(world: World, record: ValueModelRecord) -> dict[str, Any]:
    answer = world.client_for(world.viewer).get(f"/api/models/{record.pk}/summary")
    assert answer.status_code == 200
    return answer.json()  # type: ignore[no-any-return]


DOWNTIME = "Unplanned downtime hours per year, alternative"


def with_more_downtime(text: str, hours: float) -> str:
    """The model with more downtime observed on the alternative: more hours for the offering to save."""
    data = yaml.safe_load(text)
    for customer in data["customers"]:
        observation = customer.get("observations", {}).get(DOWNTIME)
        if observation is not None:
            observation["value"] = float(observation["value"]) + hours
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def test_two_people_reading_a_summary_need_it_computed_once(
    world: World, record: ValueModelRecord, analyses: list[str]
) -> None:
    report = reverse("valuemodels:report", args=[record.pk])
    first = world.client_for(world.viewer).get(report)
    second = world.client_for(world.analyst).get(report)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    summary(world, record)
    summary(world, record)
    assert len(analyses) == 2  # one for the report, one for the API's figures


def test_a_model_changed_behind_the_forms_back_shows_its_new_figures_at_once(
    world: World, record: ValueModelRecord, settings: Any
) -> None:
    before = summary(world, record)
    record.text = with_more_downtime(record.text, hours=10)
    record.save()  # no form, no new revision: the text itself is the key
    assert ValueModelRecord.objects.get(pk=record.pk).revision == 1
    after = summary(world, record)
    for old, new in zip(before["subsegments"], after["subsegments"], strict=True):
        assert new["mean_delta_value"] > old["mean_delta_value"]  # ten more hours saved, each worth a margin
    settings.CACHES = {"default": cache_config("off")}
    assert summary(world, record) == after  # the same figures as computed afresh


@pytest.fixture
def dataset(world: World, settings: Any, tmp_path: Path) -> InvoiceDataset:
    settings.WORTH_JOBS_INLINE = True
    settings.DATA_DIR = tmp_path
    import_lines(world.client_for(world.analyst), world.project)
    return InvoiceDataset.objects.get()


def test_a_new_policy_is_measured_against_at_once(world: World, dataset: InvoiceDataset) -> None:
    band = reverse("pricing:band", args=[dataset.pk])
    assert "no pricing policy yet" in world.client_for(world.viewer).get(band).content.decode()
    save_policy_text(project=world.project, text=HAND_POLICY, user=world.analyst)
    html = world.client_for(world.viewer).get(band).content.decode()
    assert "no pricing policy yet" not in html
    assert 'id="compliance-table"' in html


def test_another_selection_is_another_result(world: World, dataset: InvoiceDataset) -> None:
    waterfall = reverse("pricing:waterfall", args=[dataset.pk])
    viewer = world.client_for(world.viewer)
    overall = viewer.get(waterfall).content.decode()
    by_segment = viewer.get(waterfall + "?by=segment").content.decode()
    assert "group-table" not in overall
    assert by_segment != overall


def test_pages_answer_the_same_when_the_cache_server_is_down(
    world: World, record: ValueModelRecord, settings: Any
) -> None:
    expected = summary(world, record)
    settings.CACHES = {"default": cache_config("redis://127.0.0.1:1/0")}  # nothing listens there
    assert summary(world, record) == expected
    report = world.client_for(world.viewer).get(reverse("valuemodels:report", args=[record.pk]))
    assert report.status_code == 200
    assert "Bearings" in report.content.decode()


@pytest.fixture
def redis_cache(settings: Any) -> Iterator[Any]:
    import redis

    server = redis.Redis.from_url(REDIS)
    try:
        server.ping()
    except redis.ConnectionError as exc:
        pytest.fail(f"Redis at {REDIS} is needed for this test: {exc}")
    server.flushdb()
    settings.CACHES = {"default": cache_config(REDIS)}
    try:
        yield server
    finally:
        server.flushdb()


def test_a_team_shares_computed_analyses_in_redis(
    world: World, record: ValueModelRecord, analyses: list[str], redis_cache: Any
) -> None:
    first = summary(world, record)
    caches["default"].close()
    assert summary(world, record) == first
    assert len(analyses) == 1
    assert list(redis_cache.scan_iter(match="*worth:model-summary:*"))


def test_a_cache_setting_that_cannot_be_read_is_refused_in_words() -> None:
    with pytest.raises(ImproperlyConfigured, match="WORTH_CACHE 'memcached://x'"):
        cache_config("memcached://x")
    assert cache_config("off")["BACKEND"].endswith("DummyCache")
    assert cache_config("")["BACKEND"].endswith("LocMemCache")


def test_a_page_with_form_errors_is_never_kept_nor_served_kept(world: World, dataset: InvoiceDataset) -> None:
    waterfall = reverse("pricing:waterfall", args=[dataset.pk])
    viewer = world.client_for(world.viewer)
    good = viewer.get(waterfall + "?by=segment")
    bad = viewer.get(waterfall + "?by=segment&date_from=not-a-date")
    assert (good.status_code, bad.status_code) == (200, 400)
    assert "Enter a valid date" in bad.content.decode()
    assert "Enter a valid date" not in viewer.get(waterfall + "?by=segment").content.decode()


def _without_tokens(page: str) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", page)  # each answer masks the CSRF token afresh


def test_a_kept_page_is_served_as_its_figures_made_it_without_gathering_them(
    world: World, dataset: InvoiceDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    from worth.apps.pricing import analysis_views

    viewer = world.client_for(world.viewer)
    for name, query in (("pricing:waterfall", ""), ("pricing:band", "?by=segment")):
        url = reverse(name, args=[dataset.pk]) + query
        first = _without_tokens(viewer.get(url).content.decode())
        with monkeypatch.context() as m:
            # The next reader's page comes from the kept figures: neither the form nor the data
            # set's filters are worked out again.
            m.setattr(analysis_views, "_prepare", lambda *a, **k: pytest.fail("gathered again"))
            again = _without_tokens(viewer.get(url).content.decode())
        assert again == first
        assert "vega-bundle" in again  # the chart's scripts come with it


def test_a_kept_sensitivity_page_is_served_without_unpacking_its_figures(
    world: World, record: ValueModelRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    from worth.apps.valuemodels import analysis_views

    viewer = world.client_for(world.viewer)
    url = reverse("valuemodels:sensitivity", args=[record.pk]) + "?spread=sd"
    first = _without_tokens(viewer.get(url).content.decode())
    monkeypatch.setattr(analysis_views, "remember", lambda *a, **k: pytest.fail("unpacked again"))
    again = _without_tokens(viewer.get(url).content.decode())
    assert again == first
    assert "Tornado of delta value" in again


def test_a_page_whose_figures_could_not_be_worked_out_is_not_kept(
    world: World, dataset: InvoiceDataset
) -> None:
    viewer = world.client_for(world.viewer)
    for name in ("pricing:waterfall", "pricing:band"):
        url = reverse(name, args=[dataset.pk]) + "?date_from=2099-01-01"
        for _ in range(2):
            page = viewer.get(url).content.decode()
            assert "no invoice lines to analyse (check the filters)" in page
            assert "vega-bundle" not in page


def test_readers_with_other_rights_get_the_same_kept_figures(world: World, dataset: InvoiceDataset) -> None:
    band = reverse("pricing:band", args=[dataset.pk])
    editor = world.client_for(world.analyst).get(band).content.decode()
    reader = world.client_for(world.viewer).get(band).content.decode()

    def figures(page: str) -> str:
        return page[page.index("<h1>Pocket price band</h1>") :].split("</main>")[0]

    assert figures(reader) == figures(editor)


def test_threads_asking_for_the_same_missing_result_compute_it_once() -> None:
    import threading
    import time

    from worth.apps.core.computed import remember

    computed: list[int] = []

    def slow() -> str:
        computed.append(1)
        time.sleep(0.2)
        return "figures"

    answers: list[str] = []
    threads = [
        threading.Thread(target=lambda: answers.append(remember("test", ("same",), slow))) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(computed), answers) == (1, ["figures"] * 6)
