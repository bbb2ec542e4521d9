"""Logging in and out: clear messages, no hint which half was wrong, rate limiting."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import PASSWORD, World


def test_every_page_requires_login(world: World) -> None:
    client = Client()
    for url in [
        "/",
        reverse("programs:list"),
        reverse("accounts:profile"),
        reverse("area", args=["pricing"]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_it_logs_in_and_lands_on_home(world: World) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "analyst", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert b"Where to start" in response.content


def test_a_wrong_user_and_a_wrong_password_read_the_same(world: World) -> None:
    client = Client()
    wrong_user = client.post(reverse("login"), {"username": "nobody", "password": PASSWORD})
    wrong_pass = client.post(reverse("login"), {"username": "analyst", "password": "nope"})
    assert wrong_user.status_code == wrong_pass.status_code == 200
    for response in (wrong_user, wrong_pass):
        assert b"Wrong user name or password" in response.content
    assert b"no such user" not in wrong_user.content.lower()


def test_it_locks_out_after_repeated_wrong_passwords(world: World, settings: pytest.FixtureRequest) -> None:
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "analyst", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "analyst", "password": PASSWORD})
    assert locked.status_code == 429
    assert b"Too many wrong tries" in locked.content
    # Another user from the same address is not locked out by someone else's mistakes.
    other = client.post(reverse("login"), {"username": "viewer", "password": PASSWORD})
    assert other.status_code == 302


def test_logout_needs_post(world: World) -> None:
    client = world.client_for(world.analyst)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_password_change(world: World) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "analyst", "password": PASSWORD})
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a much longer phrase 42",
            "new_password2": "a much longer phrase 42",
        },
    )
    assert response.status_code == 302
    world.analyst.refresh_from_db()
    assert world.analyst.check_password("a much longer phrase 42")


def test_password_change_refuses_a_wrong_old_password(world: World) -> None:
    client = world.client_for(world.analyst)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "wrong",
            "new_password1": "a much longer phrase 42",
            "new_password2": "a much longer phrase 42",
        },
    )
    assert response.status_code == 200
    assert b"old password was entered incorrectly" in response.content
    world.analyst.refresh_from_db()
    assert world.analyst.check_password(PASSWORD)


PROXY = "10.0.0.2"


def _try(client: Client, password: str, *, forwarded: str | None = None, remote: str = PROXY) -> int:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": "analyst", "password": password}, **extra).status_code


def test_without_a_proxy_the_forwarded_header_is_ignored(world: World, settings) -> None:
    settings.WORTH_TRUSTED_PROXIES = 0
    client = Client()
    # An attacker who invents a new X-Forwarded-For for every try is still counted by its address.
    for attempt in range(5):
        _try(client, "wrong", forwarded=f"198.51.100.{attempt}")
    assert _try(client, PASSWORD, forwarded="198.51.100.77") == 429
    # The user, from their own address, is not locked out.
    assert _try(Client(), PASSWORD, remote="203.0.113.9") == 302


def test_behind_a_trusted_proxy_one_client_cannot_lock_out_everyone(world: World, settings) -> None:
    settings.WORTH_TRUSTED_PROXIES = 1
    attacker = Client()
    for attempt in range(5):
        # The attacker's own header is kept by the proxy, which appends the address it saw: 6.6.6.6.
        _try(attacker, "wrong", forwarded=f"192.0.2.{attempt}, 6.6.6.6")
    assert _try(attacker, PASSWORD, forwarded="6.6.6.6") == 429
    # Every request comes from the proxy's address, yet the user at 203.0.113.9 logs in.
    assert _try(Client(), PASSWORD, forwarded="203.0.113.9") == 302


def test_the_client_address_reads_the_trusted_entry(rf, settings) -> None:
    from worth.apps.accounts.client_address import client_address

    def address(forwarded: str | None, proxies: int) -> str | None:
        settings.WORTH_TRUSTED_PROXIES = proxies
        meta = {"REMOTE_ADDR": PROXY}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_address(rf.get("/", **meta))

    assert address("203.0.113.9", 0) == PROXY
    assert address("203.0.113.9", 1) == "203.0.113.9"
    assert address("192.0.2.1, 203.0.113.9", 1) == "203.0.113.9"
    assert address("192.0.2.1, 203.0.113.9, 10.0.0.1", 2) == "203.0.113.9"
    assert address(None, 1) == PROXY  # the proxy added no header: the direct peer
    assert address("not an address", 1) == PROXY
    assert address("2001:db8::1", 1) == "2001:db8::1"
