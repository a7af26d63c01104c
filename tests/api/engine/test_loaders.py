"""The request's loaders (server/engine/loaders.py) batch and cache as Strawberry's DataLoader
does: keys asked for in one turn of the event loop are fetched by one call, each key once;
answered keys are not fetched again; a failed fetch fails every caller of its keys, now and
later; a fetch that answers for other keys is an error. (Cancellation: test_field_errors.py.)
Generated interleavings of loads compare it with Strawberry's own DataLoader."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strawberry.dataloader import DataLoader

from server.engine.loaders import Loader


def _recorded() -> tuple[list[list[int]], object]:
    calls: list[list[int]] = []

    async def fetch(keys: list[int]) -> list[str]:
        calls.append(list(keys))
        await asyncio.sleep(0)
        return [f"row {key}" for key in keys]

    return calls, fetch


async def test_keys_asked_for_together_are_fetched_once_by_one_call():
    calls, fetch = _recorded()
    loader: Loader[int, str] = Loader(load_fn=fetch)  # type: ignore[arg-type]

    async def branch(keys: list[int]) -> list[str]:
        return await loader.load_many(keys)

    one, two, single = await asyncio.gather(branch([1, 2, 2]), branch([3, 1]), loader.load(4))

    assert (one, two, single) == (["row 1", "row 2", "row 2"], ["row 3", "row 1"], "row 4")
    (call,) = calls  # load(4) joined first: it asks when called, the branches when they run
    assert call == [4, 1, 2, 3]


async def test_answered_keys_are_not_fetched_again():
    calls, fetch = _recorded()
    loader: Loader[int, str] = Loader(load_fn=fetch)  # type: ignore[arg-type]

    assert await loader.load_many([1, 2]) == ["row 1", "row 2"]
    assert await loader.load(2) == "row 2"
    assert await loader.load_many([2, 3, 1]) == ["row 2", "row 3", "row 1"]

    assert calls == [[1, 2], [3]]


async def test_a_failed_fetch_fails_every_caller_of_its_keys_now_and_later():
    calls: list[list[int]] = []

    async def fetch(keys: list[int]) -> list[str]:
        calls.append(list(keys))
        raise RuntimeError("the database went away")

    loader: Loader[int, str] = Loader(load_fn=fetch)
    outcomes = await asyncio.gather(
        loader.load(1), loader.load_many([1, 2]), return_exceptions=True
    )
    assert [str(outcome) for outcome in outcomes] == ["the database went away"] * 2
    with pytest.raises(RuntimeError, match="went away"):
        await loader.load(2)
    assert calls == [[1, 2]]


async def test_a_fetch_answering_for_other_keys_is_an_error():
    async def fetch(keys: list[int]) -> list[str]:
        return ["one value"]

    loader: Loader[int, str] = Loader(load_fn=fetch)
    with pytest.raises(ValueError, match="1 values for 2 keys"):
        await loader.load_many([1, 2])


async def test_a_released_loader_fetches_again():
    calls, fetch = _recorded()
    loader: Loader[int, str] = Loader(load_fn=fetch)  # type: ignore[arg-type]
    await loader.load(1)
    loader.clear_all()
    await loader.load(1)
    assert calls == [[1], [1]]


#: A round of loads: per branch, its keys and whether it asks for them one by one.
ROUNDS = st.lists(
    st.lists(st.tuples(st.lists(st.integers(0, 6), max_size=5), st.booleans()), max_size=4),
    min_size=1,
    max_size=3,
)


@settings(max_examples=60, deadline=None)
@given(rounds=ROUNDS)
def test_it_answers_and_batches_as_strawberrys_dataloader(rounds):
    """Rounds of concurrent branches, each asking for keys all at once or one by one: the same
    values per branch and the same calls of the fetch function as Strawberry's DataLoader."""

    async def play(make) -> tuple[list[list[list[str]]], list[list[int]]]:
        calls, fetch = _recorded()
        loader = make(fetch)

        async def branch(keys: list[int], singly: bool) -> list[str]:
            if singly:
                return list(await asyncio.gather(*(loader.load(key) for key in keys)))
            return list(await loader.load_many(keys))

        answers = []
        for branches in rounds:
            answers.append(list(await asyncio.gather(*(branch(k, s) for k, s in branches))))
        return answers, calls

    ours = asyncio.run(play(lambda fetch: Loader(load_fn=fetch)))
    strawberrys = asyncio.run(play(lambda fetch: DataLoader(load_fn=fetch)))
    assert ours == strawberrys
