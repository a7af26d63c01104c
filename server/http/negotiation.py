"""Response media types of GraphQL over HTTP (docs/api.md "Response media type").

`application/graphql-response+json` is answered when the client's `Accept` prefers it (or
ranks it equal to `application/json`); then a request that never reached execution (it did
not parse, failed validation or a limit, or named no known persisted query) gets a 4xx status
and no `data` entry. Everyone else gets `application/json` with the classic statuses.
"""

from __future__ import annotations

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
APPLICATION_JSON = "application/json"


def _quality(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value.strip()), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def wants_graphql_response(accept: str | None) -> bool:
    """True when `accept` asks for application/graphql-response+json."""
    if not accept:
        return False
    qualities: dict[str, float] = {}
    for part in accept.split(","):
        media, *parameters = part.split(";")
        media = media.strip().lower()
        if media:
            qualities[media] = max(qualities.get(media, 0.0), _quality(parameters))
    preferred = qualities.get(GRAPHQL_RESPONSE_JSON, 0.0)
    if preferred <= 0:
        return False
    plain = max(qualities.get(m, 0.0) for m in (APPLICATION_JSON, "application/*", "*/*"))
    return preferred >= plain


def response_media_type(accept: str | None) -> str:
    """The media type this client gets."""
    return GRAPHQL_RESPONSE_JSON if wants_graphql_response(accept) else APPLICATION_JSON
