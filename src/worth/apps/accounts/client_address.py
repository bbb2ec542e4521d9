"""The address a request really came from, for the login limit, with or without a reverse proxy.

The login limit (django-axes) counts wrong passwords per user name and client address. Behind a TLS
proxy every request arrives from the proxy, so five wrong passwords from anyone would lock the user
out for everyone. Each proxy appends the address it received the request from to
``X-Forwarded-For``; with ``WORTH_TRUSTED_PROXIES`` set to the number of proxies in front of Worth,
the client is the address that many places from the right. Entries further left were written by the
client and are never trusted. With no proxy (the default) the header is ignored altogether, so a
client cannot choose its own address by sending one.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

__all__ = ["client_address"]


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or the trusted proxies' entry of ``X-Forwarded-For``."""
    direct = request.META.get("REMOTE_ADDR")
    proxies = int(getattr(settings, "WORTH_TRUSTED_PROXIES", 0))
    if proxies <= 0:
        return direct
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Not through all the proxies (or a proxy that does not add the header): the direct peer.
        return direct
    return _valid(forwarded[-proxies]) or direct
