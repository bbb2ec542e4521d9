"""The project's pricing policy: imported all or nothing, discounts for nothing flagged, history kept."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.conftest import World
from tests.web.forms import post_opened
from tests.web.test_pricing_support import HAND_POLICY, table_row
from worth.apps.pricing.models import PricingPolicy


def import_url(world: World) -> str:
    return reverse("pricing:policy_import", args=[world.project.pk])


def detail_url(world: World) -> str:
    return reverse("pricing:policy", args=[world.project.pk])


def test_a_member_pastes_a_policy_and_reads_it_back(world: World) -> None:
    response = post_opened(world.client_for(world.analyst), import_url(world), {"text": HAND_POLICY})
    assert response.status_code == 302
    assert response["Location"] == detail_url(world)
    record = PricingPolicy.objects.get(project=world.project)
    assert record.text == HAND_POLICY
    assert record.updated_by == world.analyst
    html = world.client_for(world.viewer).get(detail_url(world)).content.decode()
    assert "Test Supplier" in html
    assert "prices in EUR" in html
    assert "10 % of list price (adds on list)" in table_row(html, 'id="discount-order-size"')
    guidelines = html[html.index('id="guidelines-table"') :]
    assert "80 % of list" in table_row(guidelines, "<td>Small</td>")
    assert "95 % of list" in table_row(guidelines, "<td>Small</td>")


def test_a_discount_with_no_customer_action_is_flagged(world: World) -> None:
    post_opened(world.client_for(world.analyst), import_url(world), {"text": HAND_POLICY})
    html = world.client_for(world.viewer).get(detail_url(world)).content.decode()
    flagged = table_row(html, 'id="discount-competitive"')
    kept = table_row(html, 'id="discount-order-size"')
    assert 'class="flagged"' in flagged
    assert "no customer action" in flagged
    assert 'class="flagged"' not in kept
    assert "Orders 20 or more" in kept
    assert "1 discount requires no customer action" in html
    findings = html[html.index('id="findings"') :]
    assert "discounts[competitive]" in findings
    assert "requires no customer action" in findings


def test_an_upload_replaces_the_policy_and_the_old_version_stays_in_history(world: World) -> None:
    client = world.client_for(world.analyst)
    post_opened(client, import_url(world), {"text": HAND_POLICY})
    changed = HAND_POLICY.replace("floor_pct_of_list: 85", "floor_pct_of_list: 86")
    file = SimpleUploadedFile("policy.yaml", changed.encode(), content_type="application/yaml")
    assert post_opened(client, import_url(world), {"file": file}).status_code == 302
    record = PricingPolicy.objects.get()
    assert "floor_pct_of_list: 86" in record.text
    assert [h.text.count("floor_pct_of_list: 85") for h in record.history.order_by("history_date")] == [1, 0]
    download = client.get(reverse("pricing:policy_file", args=[world.project.pk]))
    assert download.content.decode() == changed
    assert download["Content-Disposition"] == 'attachment; filename="bearings-policy.yaml"'


def test_every_problem_is_located_and_nothing_is_saved(world: World) -> None:
    broken = HAND_POLICY.replace("kind: volume", "kind: loyalty").replace("percent: 20", "percent: 120")
    response = post_opened(world.client_for(world.analyst), import_url(world), {"text": broken})
    assert response.status_code == 400
    html = response.content.decode()
    assert "2 problems in the policy; nothing was saved" in html
    assert "discounts[0].kind" in html
    assert "loyalty" in html
    assert "discounts[1].percent" in html
    assert "120" in html
    assert not PricingPolicy.objects.exists()


def test_a_yaml_syntax_error_names_its_line(world: World) -> None:
    broken = HAND_POLICY.replace("segments: [large, small]", "segments: [large, small")
    response = post_opened(world.client_for(world.analyst), import_url(world), {"text": broken})
    assert response.status_code == 400
    # The bracket opened on line 3 is still open when line 4 starts a new key.
    assert (
        "line 4, column 10: not valid YAML: expected &#x27;,&#x27; or &#x27;]&#x27;"
        in response.content.decode()
    )
    assert not PricingPolicy.objects.exists()


def test_a_policy_file_that_is_not_utf8_or_missing_is_refused_in_words(world: World) -> None:
    client = world.client_for(world.analyst)
    file = SimpleUploadedFile("policy.yaml", b"company: Caf\xe9\n", content_type="application/yaml")
    assert (
        "not UTF-8 text (byte 12)" in post_opened(client, import_url(world), {"file": file}).content.decode()
    )
    assert (
        "Choose a policy file or paste its text."
        in post_opened(client, import_url(world), {"text": " "}).content.decode()
    )
    assert not PricingPolicy.objects.exists()


def test_a_project_without_a_policy_says_so(world: World) -> None:
    html = world.client_for(world.analyst).get(detail_url(world)).content.decode()
    assert "no pricing policy yet" in html
    assert import_url(world) in html
    viewer = world.client_for(world.viewer).get(detail_url(world)).content.decode()
    assert import_url(world) not in viewer
    assert (
        world.client_for(world.viewer)
        .get(reverse("pricing:policy_file", args=[world.project.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize("name", ["policy", "policy_import", "policy_file"])
def test_outsiders_see_nothing_and_viewers_change_nothing(world: World, name: str) -> None:
    post_opened(world.client_for(world.analyst), import_url(world), {"text": HAND_POLICY})
    url = reverse(f"pricing:{name}", args=[world.project.pk])
    assert world.client_for(world.outsider).get(url).status_code == 404
    viewer = world.client_for(world.viewer).get(url).status_code
    assert viewer == (403 if name == "policy_import" else 200)


def test_viewers_cannot_post_a_policy(world: World) -> None:
    assert (
        post_opened(world.client_for(world.viewer), import_url(world), {"text": HAND_POLICY}).status_code
        == 403
    )
    assert (
        post_opened(world.client_for(world.outsider), import_url(world), {"text": HAND_POLICY}).status_code
        == 404
    )
    assert not PricingPolicy.objects.exists()


def test_wrong_methods_are_refused(world: World) -> None:
    client = world.client_for(world.analyst)
    assert client.post(detail_url(world)).status_code == 405
    assert client.put(import_url(world)).status_code == 405
    assert client.post(reverse("pricing:policy_file", args=[world.project.pk])).status_code == 405


def test_a_policy_saved_meanwhile_by_someone_else_is_not_replaced(world: World) -> None:
    from tests.web.forms import opened

    analyst, leader = world.client_for(world.analyst), world.client_for(world.leader)
    analyst_form, leader_form = opened(analyst, import_url(world)), opened(leader, import_url(world))
    assert analyst_form["revision"] == leader_form["revision"] == "0"  # no policy yet
    assert analyst.post(import_url(world), {**analyst_form, "text": HAND_POLICY}).status_code == 302
    other = HAND_POLICY.replace("Test Supplier", "Other Supplier")
    refused = leader.post(import_url(world), {**leader_form, "text": other})
    assert refused.status_code == 409
    assert "Not saved: analyst changed this" in refused.content.decode()
    record = PricingPolicy.objects.get(project=world.project)
    assert (record.text, record.revision) == (HAND_POLICY, 1)
    again = leader.post(import_url(world), {"revision": "1", "text": other})
    assert again.status_code == 302
    record.refresh_from_db()
    assert (record.text, record.revision) == (other, 2)
