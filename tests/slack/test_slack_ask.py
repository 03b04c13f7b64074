"""`/llm ask` on Slack end to end: acknowledged at once, answered once through `response_url`."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge import KnowledgeBase
from tests.llm_standin import LlmStandin
from tests.slack_harness import buttons_of, running
from tests.slack_standin import SlackStandIn
from tests.support import ManualClock


async def test_ask_is_answered_once_through_the_response_url_with_a_cited_model_answer(
    standin: SlackStandIn,
    tmp_path: Path,
    kb: KnowledgeBase,
    clock: ManualClock,
    llm_url: str,
    llm_standin: LlmStandin,
) -> None:
    model = {"LLMBOT_LLM_BASE_URL": llm_url, "LLMBOT_LLM_MODEL": "standin-1"}
    async with running(standin, tmp_path, kb, clock, **model) as harness:
        call = await harness.say("ask why do llms make up citations?", url="asked")
        await harness.idle()

    assert len(await standin.wait_responses("asked")) == 1  # once, not streamed
    assert call.params["response_type"] == "in_channel"
    text = call.texts()
    assert "[1]" in text and "standin-1" in text and "Hallucinations" in text
    assert any("Explain: Hallucinations" in b["text"]["text"] for b in buttons_of(call))
    assert len(llm_standin.requests) == 1 and not llm_standin.requests[0].body.get("stream")


async def test_mentions_from_the_model_are_escaped_in_the_blocks(
    standin: SlackStandIn,
    tmp_path: Path,
    kb: KnowledgeBase,
    clock: ManualClock,
    llm_url: str,
    llm_standin: LlmStandin,
) -> None:
    llm_standin.then(text="<!channel> <@U123> @here see https://evil.example now [1].")
    model = {"LLMBOT_LLM_BASE_URL": llm_url, "LLMBOT_LLM_MODEL": "standin-1"}
    async with running(standin, tmp_path, kb, clock, **model) as harness:
        call = await harness.say("ask why do llms make up citations?")

    text = call.texts()
    assert "<!channel>" not in text and "<@U123>" not in text and "evil" not in text
    assert "&lt;!channel&gt;" in text
