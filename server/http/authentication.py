"""Who is calling (docs/clients.md "Users, tokens and roles"): a bearer token, or in demo mode an
anonymous local user.

Every failure is the same 401 with the same message, so a caller cannot tell an unknown token
from an expired, revoked or malformed one.
"""

from __future__ import annotations

import ipaddress

from starlette.requests import HTTPConnection

from server.services.accounts import users as auth
from server.services.core.context import Actor, Clock, Role
from server.settings import Settings

UNAUTHENTICATED_MESSAGE = (
    "Authentication required: send a valid API token as `Authorization: Bearer <token>`."
)


class Unauthenticated(Exception):
    """No acceptable credentials; always answered with the same 401."""


def demo_actor(host: str) -> Actor:
    """The demo manager anonymous local requests act as in demo mode."""
    return Actor(user="demo", role=Role.MANAGER, principal=f"anonymous:{host}")


def is_local(connection: HTTPConnection) -> bool:
    """True for a direct loopback client (not one relayed by a proxy on this machine) that
    addresses this machine by a loopback name, from a loopback page if a browser sends it.

    The names matter because of DNS rebinding: a web page elsewhere can make its own host name
    resolve to 127.0.0.1, and the browser on this machine then sends that page's requests here
    with its Host (and Origin); answering them would hand the demo database to that page."""
    host = connection.client.host if connection.client else ""
    if not _is_loopback_address(host):
        return False
    headers = connection.headers
    if "forwarded" in headers or "x-forwarded-for" in headers:
        return False
    origin = headers.get("origin")
    return is_loopback_name(headers.get("host", "")) and (
        origin is None or is_loopback_name(origin)
    )


def _is_loopback_address(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_loopback_name(authority: str) -> bool:
    """A Host header or an Origin naming a loopback host (any port): localhost, *.localhost,
    127.0.0.0/8 or [::1]."""
    host = authority.strip().lower().partition("://")[2] or authority.strip().lower()
    host = host.split("/", 1)[0]
    if host.startswith("["):
        host = host[1 : host.find("]")]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    host = host.rstrip(".")
    return host == "localhost" or host.endswith(".localhost") or _is_loopback_address(host)


async def identify(
    connection: HTTPConnection,
    settings: Settings,
    clock: Clock,
    *,
    authorization: str | None = None,
) -> Actor:
    """The actor behind this request, or Unauthenticated. `authorization` stands in for the
    header when credentials come another way (a websocket's connection_init payload)."""
    header = authorization if authorization is not None else connection.headers.get("authorization")
    if header is not None:
        scheme, _, credentials = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise Unauthenticated
        actor = await auth.authenticate(credentials.strip(), clock)
        if actor is None:
            raise Unauthenticated
        return actor
    if settings.demo_mode and is_local(connection):
        return demo_actor(connection.client.host if connection.client else "-")
    raise Unauthenticated
