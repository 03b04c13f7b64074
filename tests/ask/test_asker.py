"""`/llm ask` in the engine: extractive by default, a model's checked answer when configured,
every failure answered from the notes, and the member's rate and workspace budget respected."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.engine.ask.asker import Asker, TooManyQuestions
from bot.engine.ask.ports import AskLimits, Found
from bot.engine.ask.question import QuestionTooLong
from bot.engine.errors import UsageError
from bot.engine.reply import MEMBER_SPAN, Reply, unmarked
from bot.knowledge import KnowledgeBase
from bot.llm.client import OpenAIChat
from tests.ask.fakes import FixedRetriever, MemoryLedger, Outcomes
from tests.llm_standin import LlmStandin
from tests.support import ManualClock

FOUND = (
    Found(
        "hallucinations",
        "Models predict plausible words rather than checked facts. So they invent.",
    ),
    Found("retrieval-augmented-generation", "RAG retrieves documents and puts them in the prompt."),
    Found("hallucinations", "Asking for sources does not stop invented citations."),
)
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def ledger() -> MemoryLedger:
    return MemoryLedger()


@pytest.fixture
def outcomes() -> Outcomes:
    return Outcomes()


def make_asker(
    kb: KnowledgeBase,
    ledger: MemoryLedger,
    clock: ManualClock,
    outcomes: Outcomes,
    model: OpenAIChat | None = None,
    limits: AskLimits | None = None,
    found: tuple[Found, ...] = FOUND,
) -> Asker:
    return Asker(
        kb,
        FixedRetriever(found),
        ledger,
        clock=clock,
        zone_of=lambda workspace: PARIS,
        observer=outcomes,
        model=model,
        limits=limits,
    )


@pytest.fixture
def asker(
    kb: KnowledgeBase,
    ledger: MemoryLedger,
    clock: ManualClock,
    outcomes: Outcomes,
    llm_model: OpenAIChat,
) -> Asker:
    return make_asker(kb, ledger, clock, outcomes, llm_model)


async def ask(asker: Asker, text: str = "why do llms make up citations?") -> Reply:
    return await asker.ask("console:w1", "console:alice", text)


async def test_without_a_model_the_answer_is_the_notes(
    kb: KnowledgeBase, ledger: MemoryLedger, clock: ManualClock, outcomes: Outcomes
) -> None:
    reply = await ask(make_asker(kb, ledger, clock, outcomes))

    assert reply.kind == "ask" and not reply.private
    assert reply.data["generated"] is False
    assert reply.data["citations"] == ["hallucinations", "retrieval-augmented-generation"]
    assert "**Hallucinations**" in reply.body and "RAG retrieves" in reply.body
    assert [b.action_id for b in reply.buttons] == [
        "llm:e:hallucinations:standard",
        "llm:e:retrieval-augmented-generation:standard",
    ]
    assert len(reply.sources) == 2
    assert ledger.writes == 0 and outcomes.seen == []


async def test_the_question_is_quoted_inert(
    kb: KnowledgeBase, ledger: MemoryLedger, clock: ManualClock, outcomes: Outcomes
) -> None:
    reply = await ask(make_asker(kb, ledger, clock, outcomes), "what about **rag** <@1>?")

    assert "what about **rag** <@1>?" in MEMBER_SPAN.findall(reply.body)


async def test_a_question_the_notes_do_not_cover_is_declined_without_a_model_call(
    kb: KnowledgeBase,
    ledger: MemoryLedger,
    clock: ManualClock,
    outcomes: Outcomes,
    llm_model: OpenAIChat,
    llm_standin: LlmStandin,
) -> None:
    asker = make_asker(kb, ledger, clock, outcomes, llm_model, found=())

    reply = await ask(asker, "best pizza in paris")

    assert reply.kind == "declined" and reply.private
    assert reply.data["suggestions"] == ["hallucinations", "what-is-an-llm"]
    assert llm_standin.requests == [] and ledger.writes == 0


@pytest.mark.parametrize(
    ("text", "error"),
    [("", UsageError), ("x" * 501, QuestionTooLong)],
)
async def test_bad_input_calls_no_model_and_writes_nothing(
    asker: Asker, ledger: MemoryLedger, llm_standin: LlmStandin, text: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await ask(asker, text)
    assert llm_standin.requests == [] and ledger.writes == 0


@pytest.mark.parametrize("text", ["<@123>", "https://example.com/x", "@everyone <!channel>"])
async def test_only_a_mention_or_link_is_declined_without_a_model_call(
    asker: Asker, ledger: MemoryLedger, llm_standin: LlmStandin, text: str
) -> None:
    reply = await ask(asker, text)

    assert reply.kind == "declined" and reply.data["suggestions"]
    assert llm_standin.requests == [] and ledger.writes == 0


async def test_a_model_answer_is_checked_cited_and_labelled(
    asker: Asker, ledger: MemoryLedger, outcomes: Outcomes, llm_standin: LlmStandin
) -> None:
    reply = await ask(asker)

    assert reply.data["generated"] is True
    assert reply.data["citations"] == ["hallucinations", "retrieval-augmented-generation"]
    assert "[1] Hallucinations · [2] Retrieval-augmented generation" in reply.body
    assert "standin-1" in reply.footer and "language model" in reply.footer
    assert outcomes.seen[0][0] == "generated"
    assert ledger.tokens[("console:w1", "2026-11-25")] == 150
    sent = llm_standin.requests[0]
    assert "alice" not in str(sent.body) and "w1" not in str(sent.body)


async def test_an_answer_citing_only_passages_not_given_falls_back(
    asker: Asker, ledger: MemoryLedger, outcomes: Outcomes, llm_standin: LlmStandin
) -> None:
    llm_standin.then(text="They make things up [7].")

    reply = await ask(asker)

    assert reply.data["generated"] is False and reply.data["fallback"] == "uncited"
    assert "[7]" not in reply.body and "cited none" in reply.footer
    assert outcomes.seen[0][0] == "uncited"
    assert ledger.tokens[("console:w1", "2026-11-25")] == 150  # it still cost tokens


@pytest.mark.parametrize(
    ("behaviour", "outcome"),
    [
        ({"status": 429}, "rate_limited"),
        ({"status": 500}, "server_error"),
        ({"malformed": True}, "malformed"),
    ],
)
async def test_endpoint_failures_answer_from_the_notes(
    asker: Asker,
    outcomes: Outcomes,
    llm_standin: LlmStandin,
    behaviour: dict[str, object],
    outcome: str,
) -> None:
    llm_standin.then(**behaviour)

    reply = await ask(asker)

    assert reply.kind == "ask" and reply.data["generated"] is False
    assert reply.data["fallback"] == outcome and "**Hallucinations**" in reply.body
    assert outcomes.seen == [(outcome, None)]


async def test_a_slow_model_times_out_into_the_notes(
    kb: KnowledgeBase,
    ledger: MemoryLedger,
    clock: ManualClock,
    outcomes: Outcomes,
    llm_url: str,
    llm_standin: LlmStandin,
) -> None:
    llm_standin.then(hold=True)
    slow = OpenAIChat(base_url=llm_url, model="m", api_key=None, timeout_s=0.2)
    try:
        reply = await ask(make_asker(kb, ledger, clock, outcomes, slow))
    finally:
        await slow.close()

    assert reply.data["fallback"] == "timeout" and "took too long" in reply.footer


async def test_a_member_past_the_rate_is_asked_to_wait_and_no_model_is_called(
    kb: KnowledgeBase,
    ledger: MemoryLedger,
    clock: ManualClock,
    outcomes: Outcomes,
    llm_model: OpenAIChat,
    llm_standin: LlmStandin,
) -> None:
    asker = make_asker(kb, ledger, clock, outcomes, llm_model, AskLimits(rate_count=2))
    await ask(asker)
    clock.advance(minutes=3)
    await ask(asker)
    clock.advance(minutes=1)

    with pytest.raises(TooManyQuestions) as raised:
        await ask(asker)

    assert raised.value.minutes == 6 and "try again in 6 minutes" in str(raised.value)
    assert len(llm_standin.requests) == 2
    assert await asker.ask("console:w1", "console:bob", "why?")  # others are not limited
    clock.advance(minutes=6)
    assert (await ask(asker)).data["generated"] is True


async def test_a_spent_budget_answers_from_the_notes_until_local_midnight(
    kb: KnowledgeBase,
    ledger: MemoryLedger,
    clock: ManualClock,
    outcomes: Outcomes,
    llm_model: OpenAIChat,
    llm_standin: LlmStandin,
) -> None:
    clock.set(datetime(2026, 11, 25, 22, 30, tzinfo=UTC))  # 23:30 in Paris
    asker = make_asker(kb, ledger, clock, outcomes, llm_model, AskLimits(daily_tokens=150))
    assert (await ask(asker)).data["generated"] is True

    spent = await ask(asker)

    assert spent.data["fallback"] == "budget_spent" and "Europe/Paris" in spent.footer
    assert len(llm_standin.requests) == 1
    clock.advance(minutes=31)  # 00:01 in Paris, still the 25th in UTC
    assert (await ask(asker)).data["generated"] is True


async def test_a_streamed_answer_is_shown_checked_as_it_grows(
    asker: Asker, llm_standin: LlmStandin
) -> None:
    llm_standin.then(text="Invented [9] facts [1]. More [2].", chunks=3)
    shown: list[Reply] = []

    async def growing(reply: Reply) -> None:
        shown.append(reply)

    final = await asker.ask("console:w1", "console:alice", "why?", growing)

    assert len(shown) == 3 and all("[9]" not in unmarked(r.body) for r in shown)
    assert final.data["citations"] == ["hallucinations", "retrieval-augmented-generation"]
