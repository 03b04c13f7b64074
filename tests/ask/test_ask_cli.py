"""`llmbot ask "/llm ask …"` from a script, with no model and with one at a local endpoint."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from tests.llm_standin import LlmStandin
from tests.test_cli import llmbot_env


async def ask(tmp_path: Path, text: str, **env: str) -> dict[str, Any]:
    """Run the real command in a subprocess while this loop keeps serving the stand-in."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "ask",
        "--json",
        text,
        env={**llmbot_env(tmp_path), **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    return json.loads(out)  # type: ignore[no-any-return]


async def test_without_a_model_the_answer_is_extractive_and_cites_topics(tmp_path: Path) -> None:
    reply = await ask(tmp_path, "/llm ask why do llms make up citations")

    assert reply["kind"] == "ask"
    assert "hallucinations" in reply["citations"]
    assert reply["generated"] is False


async def test_with_a_model_the_answer_is_generated_with_citations(
    tmp_path: Path, llm_url: str, llm_standin: LlmStandin
) -> None:
    model = {"LLMBOT_LLM_BASE_URL": llm_url, "LLMBOT_LLM_MODEL": "standin-1"}

    reply = await ask(tmp_path, "/llm ask why do llms make up citations", **model)

    assert reply["kind"] == "ask" and reply["generated"] is True
    assert "hallucinations" in reply["citations"]
    assert "standin-1" in reply["footer"]
    assert len(llm_standin.requests) == 1


async def test_an_off_topic_question_is_declined_without_a_model_call(
    tmp_path: Path, llm_url: str, llm_standin: LlmStandin
) -> None:
    model = {"LLMBOT_LLM_BASE_URL": llm_url, "LLMBOT_LLM_MODEL": "standin-1"}

    reply = await ask(tmp_path, "/llm ask best pizza in paris", **model)

    assert reply["kind"] == "declined" and len(reply["suggestions"]) == 3
    assert llm_standin.requests == []


async def test_a_model_url_without_a_model_name_stops_at_start(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "ask",
        "/llm help",
        env={**llmbot_env(tmp_path), "LLMBOT_LLM_BASE_URL": "http://127.0.0.1:9/v1"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 60)

    assert process.returncode != 0 and b"LLMBOT_LLM_MODEL" in err
