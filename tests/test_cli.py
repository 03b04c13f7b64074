"""The `llmbot` command as scripts and operators use it, in real subprocesses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

SCRIPT = [sys.executable, "-m", "bot.cli"]


def llmbot_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("LLMBOT_", "DISCORD_", "SLACK_"))
    }
    env["LLMBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'bot.db'}"
    return env


def ask(tmp_path: Path, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [*SCRIPT, "ask", "--json", *args],
        env=llmbot_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_ask_explains_a_misspelt_topic(tmp_path: Path) -> None:
    reply = ask(tmp_path, "/llm explain attension")
    assert reply["kind"] == "explanation"
    assert reply["topic_id"] == "self-attention"


def test_ask_declines_off_topic_queries_with_suggestions(tmp_path: Path) -> None:
    reply = ask(tmp_path, "/llm explain best pizza in paris")
    assert reply["kind"] == "declined"
    assert "topic_id" not in reply
    assert len(reply["suggestions"]) == 3


# Code that `llmbot ask "/llm explain …"` has no use for, and which would eat into the 0.3 s
# it has to start: the other commands' use cases load when one first runs.
OTHER_COMMANDS = (
    "bot.engine.ask.asker",
    "bot.engine.daily.admin",
    "bot.engine.daily.posting",
    "bot.engine.daily.scheduler",
    "bot.engine.labs.lab",
    "bot.engine.packs.admin",
    "bot.engine.progress.overview",
    "bot.engine.progress.problems",
    "bot.engine.standings.standings",
    "asyncpg",
    "yaml",
)


def test_ask_explain_loads_no_other_commands_code(tmp_path: Path) -> None:
    ask(tmp_path, "/llm explain attention")  # the content cache, so nothing is validated
    probe = (
        "import sys\n"
        "from bot.cli import main\n"
        "main(['ask', '/llm explain attention'])\n"
        f"print(*[m for m in {OTHER_COMMANDS!r} if m in sys.modules], file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=llmbot_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "Attention" in done.stdout
    assert done.stderr.split() == []


def test_second_answer_from_another_process_is_refused(tmp_path: Path) -> None:
    quiz = ask(tmp_path, "/llm quiz")
    assert quiz["kind"] == "quiz" and len(quiz["choices"]) >= 2
    first = ask(tmp_path, "--user", "U1", f"/llm answer {quiz['quiz_id']} A")
    assert first["kind"] == "answer"
    second = ask(tmp_path, "--user", "U1", f"/llm answer {quiz['quiz_id']} B")
    assert second["already_answered"] is True
    assert "You already answered this quiz." in second["body"]
    board = ask(tmp_path, "/llm leaderboard all")
    assert [e["user_id"] for e in board["entries"]] == ["U1"]


def test_content_check_reports_counts_as_json(tmp_path: Path) -> None:
    done = subprocess.run(
        [*SCRIPT, "content", "check", "--json"],
        env=llmbot_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    report = json.loads(done.stdout)
    assert done.returncode == 0, report["errors"]
    assert report["topics"] == 62
    assert report["questions"] >= 480
    assert report["figures"] >= 16


def test_bad_database_url_is_a_clear_error(tmp_path: Path) -> None:
    env = llmbot_env(tmp_path) | {"LLMBOT_DATABASE_URL": "mysql://nope"}
    done = subprocess.run(
        [*SCRIPT, "ask", "/llm help"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert "LLMBOT_DATABASE_URL" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_console_stops_cleanly_on_signal(tmp_path: Path, sig: signal.Signals) -> None:
    proc = subprocess.Popen(
        [*SCRIPT, "console"],
        env=llmbot_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    assert proc.stdout.readline().startswith("llmbot console")
    proc.stdin.write("/llm explain tokens\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 30
    seen = ""
    while "Tokens and tokenization" not in seen and time.monotonic() < deadline:
        seen += proc.stdout.readline()
    assert "Tokens and tokenization" in seen
    started = time.monotonic()
    proc.send_signal(sig)
    proc.wait(timeout=10)
    assert time.monotonic() - started < 10
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr.read()  # type: ignore[union-attr]


def test_console_exits_on_end_of_input(tmp_path: Path) -> None:
    done = subprocess.run(
        [*SCRIPT, "console"],
        env=llmbot_env(tmp_path),
        input="/llm help\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert "/llm explain" in done.stdout
    assert done.stdout.rstrip().endswith("bye")


def test_output_to_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [*SCRIPT, "ask", "/llm topics"],
        env=llmbot_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader has gone, as `| head -3` does after three lines
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert errors == ""


def test_an_unexpected_error_is_one_line_and_a_failure_status(tmp_path: Path) -> None:
    env = llmbot_env(tmp_path)
    (tmp_path / "notes.db").write_text("these are notes, not a database\n" * 200)
    env["LLMBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'notes.db'}"
    done = subprocess.run(
        [*SCRIPT, "ask", "/llm topics"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("llmbot: ")


def test_ask_tokens_writes_its_picture_to_the_temporary_directory(tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()

    def tokens(flag: str = "") -> dict[str, Any]:
        done = subprocess.run(
            [*SCRIPT, "ask", "--json", f"/llm tokens Hello, world! {flag}"],
            env={**llmbot_env(tmp_path), "TMPDIR": str(temporary)},
            capture_output=True, text=True, timeout=60, check=True,
        )
        return json.loads(done.stdout)  # type: ignore[no-any-return]

    reply = tokens()
    assert reply["kind"] == "tokens" and reply["count"] == 4
    assert reply["tokens"] == [
        {"id": 13225, "text": "Hello"}, {"id": 11, "text": ","},
        {"id": 2375, "text": " world"}, {"id": 0, "text": "!"},
    ]
    picture = Path(reply["image"]["path"])
    assert picture.parent == temporary
    assert picture.read_bytes().startswith(b"\x89PNG")
    cl100k = tokens("--cl100k")
    assert [t["id"] for t in cl100k["tokens"]] == [9906, 11, 1917, 0]
