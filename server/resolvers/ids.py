"""Opaque global IDs for the Node interface: base64url("TypeName:pk")."""

from __future__ import annotations

import base64
import binascii

from server.engine.problems import bad_input


def encode_id(type_name: str, pk: int | str) -> str:
    """The global ID of one object."""
    raw = f"{type_name}:{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_id(global_id: str, argument: str = "id") -> tuple[str, str]:
    """Split a global ID into (type name, pk); a malformed ID is a BAD_USER_INPUT error."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, pk = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise bad_input(f"{argument} is not a valid ID.", argument) from None
    if not type_name or not pk:
        raise bad_input(f"{argument} is not a valid ID.", argument)
    return type_name, pk
