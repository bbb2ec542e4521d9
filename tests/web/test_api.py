"""The JSON API: token and session authentication, the OpenAPI schema, refusals in JSON."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.web.conftest import World
from worth.apps.accounts.models import ApiToken, hash_token


def test_me_with_a_session(world: World) -> None:
    response = world.client_for(world.sponsor).get("/api/me")
    assert response.status_code == 200
    assert response.json() == {
        "username": "sponsor",
        "full_name": "",
        "email": "sponsor@example.com",
        "roles": ["Program lead"],
        "is_administrator": False,
    }


def test_me_with_a_bearer_token(world: World) -> None:
    _, raw = ApiToken.objects.issue(user=world.analyst, name="notebook")
    response = Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json()["roles"] == ["Analyst"]


def test_it_answers_401_in_json_without_credentials(world: World) -> None:
    for headers in ({}, {"Authorization": "Bearer wt_not-a-token"}):
        response = Client().get("/api/me", headers=headers)
        assert response.status_code == 401
        assert response.json() == {"detail": "Unauthorized"}


def test_a_deactivated_users_token_stops_working(world: World) -> None:
    _, raw = ApiToken.objects.issue(user=world.analyst, name="n")
    world.analyst.is_active = False
    world.analyst.save()
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_only_the_hash_is_stored(world: World) -> None:
    token, raw = ApiToken.objects.issue(user=world.analyst, name="n")
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values_list("key_hash", "prefix").get())
    assert token.key_hash == hash_token(raw)


def test_the_openapi_schema_lists_the_route(world: World) -> None:
    response = world.client_for(world.viewer).get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/me" in schema["paths"]
    assert schema["info"]["title"] == "Worth API"


def test_tokens_are_made_and_revoked_on_the_profile_page(world: World) -> None:
    client = world.client_for(world.analyst)
    client.post(reverse("accounts:token-create"), {"name": "pricing notebook"})
    page = client.get(reverse("accounts:profile")).content.decode()
    token = ApiToken.objects.get(user=world.analyst)
    assert "pricing notebook" in page
    raw = page.split('id="new-token">', 1)[1].split("<", 1)[0]
    assert hash_token(raw) == token.key_hash
    # The raw value is shown once only.
    assert raw not in client.get(reverse("accounts:profile")).content.decode()
    # Nobody else can revoke it.
    assert (
        world.client_for(world.viewer).post(reverse("accounts:token-delete", args=[token.pk])).status_code
        == 404
    )
    client.post(reverse("accounts:token-delete", args=[token.pk]))
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_a_token_needs_a_name(world: World) -> None:
    client = world.client_for(world.analyst)
    response = client.post(reverse("accounts:token-create"), {"name": "  "}, follow=True)
    assert b"Token name: This field is required" in response.content
    assert not ApiToken.objects.exists()


def test_the_api_docs_load_nothing_from_outside(world: World) -> None:
    import re

    page = world.client_for(world.analyst).get("/api/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert all(a.startswith("/static/") for a in assets), assets


def test_the_schema_and_docs_need_a_session_or_a_token(world: World) -> None:
    anonymous = Client()
    schema = anonymous.get("/api/openapi.json")
    assert schema.status_code == 401
    assert schema.json() == {"detail": "Unauthorized"}
    docs = anonymous.get("/api/docs")
    assert docs.status_code == 302
    assert docs["Location"].startswith(reverse("login"))
    assert (
        anonymous.get("/api/openapi.json", headers={"Authorization": "Bearer wt_forged"}).status_code == 401
    )
    _, raw = ApiToken.objects.issue(user=world.viewer, name="client generator")
    with_token = Client().get("/api/openapi.json", headers={"Authorization": f"Bearer {raw}"})
    assert with_token.status_code == 200
    assert with_token.json()["info"]["title"] == "Worth API"
    assert world.client_for(world.viewer).get("/api/docs").status_code == 200
