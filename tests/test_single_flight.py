"""A burst of identical cache misses reads the store once."""

from __future__ import annotations

import asyncio
import random

from bot.engine import Actor, Engine
from bot.engine.grammar import Answer
from bot.engine.single_flight import SingleFlight


async def test_concurrent_callers_share_one_read_per_key() -> None:
    gate = asyncio.Event()
    reads: list[str] = []

    async def read(key: str) -> str:
        reads.append(key)
        await gate.wait()
        return key.upper()

    flight: SingleFlight[str, str] = SingleFlight()
    waiting = [asyncio.ensure_future(flight.run(k, lambda k=k: read(k))) for k in "aab" * 20]
    await asyncio.sleep(0)
    gate.set()
    assert await asyncio.gather(*waiting) == [k.upper() for k in "aab" * 20]
    assert sorted(reads) == ["a", "b"]


async def test_a_caller_that_gives_up_does_not_cancel_the_others() -> None:
    gate = asyncio.Event()

    async def read() -> int:
        await gate.wait()
        return 7

    flight: SingleFlight[str, int] = SingleFlight()
    quitter = asyncio.ensure_future(flight.run("k", read))
    stayer = asyncio.ensure_future(flight.run("k", read))
    await asyncio.sleep(0)
    quitter.cancel()
    gate.set()
    assert await stayer == 7


async def test_a_burst_of_answers_reads_settings_and_teams_once(engine: Engine) -> None:
    host = Actor("console", "w1", "c1", "host", "Host")
    quiz = await engine.quiz(host, None, None)
    calls: list[str] = []
    store = engine.store
    for name in ("get_workspace_settings", "list_teams"):
        original = getattr(store, name)

        async def counted(*args: object, _name: str = name, _original: object = original) -> object:
            calls.append(_name)
            return await _original(*args)  # type: ignore[operator]

        setattr(store, name, counted)
    members = [Actor("console", "w1", "c1", f"u{n}", f"U{n}") for n in range(100)]
    rng = random.Random(3)
    replies = await asyncio.gather(
        *(engine.run(m, Answer(quiz.data["quiz_id"], rng.choice("AB"))) for m in members)
    )
    assert {r.kind for r in replies} == {"answer"}
    assert sorted(calls) == ["get_workspace_settings", "list_teams"]
