"""`llmbot ask --json` is a contract for scripts: a fixed conversation gives the same bytes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from tests.golden import PATH, dumps, transcript
from tests.test_cli import SCRIPT, llmbot_env

Recorded = list[dict[str, object]]


@pytest.fixture(scope="module")
def recorded() -> Recorded:
    return json.loads(PATH.read_text("utf-8"))  # type: ignore[no-any-return]


def printed(entry: dict[str, object]) -> str:
    return json.dumps(entry["reply"], ensure_ascii=False)


async def test_the_conversation_replies_as_recorded(kb: KnowledgeBase, recorded: Recorded) -> None:
    log = await transcript(kb)
    assert len(recorded) >= 30
    for number, (now, then) in enumerate(zip(log, recorded, strict=False)):
        inputs = {k: v for k, v in then.items() if k != "reply"}
        assert {k: v for k, v in now.items() if k != "reply"} == inputs, number
        assert printed(now) == printed(then), f"step {number}: {inputs}"
    assert len(log) == len(recorded)
    assert dumps(log) == PATH.read_text("utf-8")


def test_the_recording_is_what_llmbot_ask_prints(
    tmp_path: Path, kb: KnowledgeBase, recorded: Recorded
) -> None:
    entry = next(e for e in recorded if e.get("say") == "/llm explain attention --deep")
    done = subprocess.run(
        [*SCRIPT, "ask", "--json", "/llm explain attention --deep"],
        env=llmbot_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    out = json.loads(done.stdout)
    out["image"]["path"] = Path(out["image"]["path"]).relative_to(kb.root).as_posix()
    assert json.dumps(out, ensure_ascii=False) == printed(entry)
