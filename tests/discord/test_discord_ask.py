"""`/llm ask` on Discord end to end: deferred at once, edited as the model writes, then final."""

from __future__ import annotations

import itertools

import pytest

from bot.engine import Engine
from bot.knowledge import KnowledgeBase
from bot.llm.client import OpenAIChat
from storage import Store
from tests.discord_standin import DiscordStandIn, Member, Sent, running_bot
from tests.llm_standin import LlmStandin
from tests.support import ManualClock

ALICE = Member(101, "Alice", manage_guild=True)
DEFERRED = 5
QUESTION = "why do llms make up citations"


async def final_answer(standin: DiscordStandIn, asked: str) -> list[Sent]:
    """Every edit of the deferred message, once the last one is the finished answer."""

    def finished() -> list[Sent] | None:
        edits = [s for s in standin.sent_for(asked) if s.route == "edit"]
        return edits if edits and "Writing…" not in edits[-1].text else None

    return await standin.wait_for(finished)


@pytest.fixture
def engine_with_model(
    kb: KnowledgeBase, sqlite_store: Store, clock: ManualClock, llm_model: OpenAIChat
) -> Engine:
    return Engine(kb, sqlite_store, clock=clock, seed=7, model=llm_model)


async def test_ask_is_deferred_publicly_then_edited_into_a_cited_answer(
    standin: DiscordStandIn, engine_with_model: Engine, llm_standin: LlmStandin
) -> None:
    async with running_bot(standin, engine_with_model):
        asked = await standin.slash(ALICE, "ask", question=QUESTION)
        answer = (await final_answer(standin, asked))[-1]

    first = standin.sent_for(asked)[0]
    assert first.route == "callback" and first.type == DEFERRED and not first.ephemeral
    assert answer.route == "edit" and not answer.ephemeral
    assert "Hallucinations" in answer.text and "[1]" in answer.text
    assert "standin-1" in answer.text  # labelled as written by a model, and which
    assert "Explain: Hallucinations" in answer.labels
    assert llm_standin.requests[0].body["stream"] is True


async def test_drafts_are_shown_as_the_model_writes_and_the_final_answer_comes_last(
    standin: DiscordStandIn, engine_with_model: Engine, llm_standin: LlmStandin
) -> None:
    llm_standin.then(text="Models predict likely text [1]. Citations look likely [1]. So [2].")
    ticks = itertools.count(step=2.0)  # two seconds pass between drafts: each is shown

    async with running_bot(standin, engine_with_model, now=lambda: next(ticks)):
        asked = await standin.slash(ALICE, "ask", question=QUESTION)
        edits = await final_answer(standin, asked)

    assert len(edits) >= 2
    assert all("Writing" in draft.text for draft in edits[:-1])
    assert "language model" in edits[-1].text and "So [2]" in edits[-1].text


async def test_mentions_and_unknown_links_from_the_model_arrive_inert(
    standin: DiscordStandIn, engine_with_model: Engine, llm_standin: LlmStandin
) -> None:
    llm_standin.then(text="@everyone <@123> <#456> read https://evil.example/x now [1].")

    async with running_bot(standin, engine_with_model):
        asked = await standin.slash(ALICE, "ask", question=QUESTION)
        answer = (await final_answer(standin, asked))[-1]

    assert answer.allowed_mentions == {"parse": []}
    for mention in ("@everyone", "<@123>", "<#456>"):
        assert mention not in answer.text
    assert "evil" not in answer.text and "(link removed)" in answer.text
