"""Global IDs: base64url of "Type:pk" without padding, and read back only in that form."""

from __future__ import annotations

import base64

import pytest
from graphql import GraphQLError
from hypothesis import given
from hypothesis import strategies as st

from server.resolvers import ids
from server.resolvers.ids import decode_id, encode_id

NAMES = st.text(st.characters(min_codepoint=33, max_codepoint=0x2FFF), min_size=1, max_size=30)


@given(type_name=NAMES, pk=st.integers(min_value=0, max_value=2**63))
def test_an_id_is_unpadded_base64url_of_type_and_key_and_reads_back(type_name: str, pk: int):
    standard = base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")

    assert encode_id(type_name, pk) == standard
    if ":" not in type_name:
        assert decode_id(standard) == (type_name, str(pk))


@pytest.mark.parametrize("given_id", ["", "Q2FtcGFpZ246MQ==", "Q2FtcGFpZ246MDE", "%%%"])
def test_other_forms_are_refused(given_id: str):
    with pytest.raises(GraphQLError, match="not a valid ID"):
        decode_id(given_id)


def test_ids_are_remembered_within_a_bound(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(ids, "_IDS", {})
    monkeypatch.setattr(ids, "_ids_held", 0)
    monkeypatch.setattr(ids, "_IDS_KEPT", 100)
    made = {(name, pk): encode_id(name, pk) for name in ("Campaign", "Segment") for pk in range(80)}
    assert ids._ids_held <= 100  # emptied once past the bound, then filled again
    assert sum(map(len, ids._IDS.values())) == ids._ids_held
    for (name, pk), given_id in made.items():  # remembered or made again: always the same
        assert encode_id(name, pk) == given_id == ids._encode(name, pk)
    assert encode_id("Campaign", 7) is encode_id("Campaign", 7)
