"""`llmbot report`, `llmbot content stats` and `llmbot db forget` against a real database."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.engine.practice.spacing import Ledger
from bot.knowledge import KnowledgeBase
from storage import AnswerRecord, QuizRecord, TeamRecord
from storage.learning import QuestionReport
from storage.sqlite import SqliteStore
from tests.backends import BACKENDS, postgres_schema
from tests.test_db_cli import llmbot

WS = "discord:42"


async def fill(url_or_path: str | Path, kb: KnowledgeBase) -> tuple[str, str]:
    """Strong and weak members; one question keyed so that the strong ones 'miss' it, and
    one question reported. Returns (mis-keyed id, reported id)."""
    if isinstance(url_or_path, Path):
        store = SqliteStore(url_or_path)
    else:
        from storage.postgres import PostgresStore

        store = PostgresStore(url_or_path, pool_size=2)
    store.use_learning_rules(Ledger())
    await store.start()
    questions = [q for q in kb.questions.values() if len(q.options) >= 3][:6]
    miskeyed, reported = questions[0], questions[5]
    await store.create_team(TeamRecord(WS, "t1", "=Owls", None, "s0", 1_000))
    n = 0
    members = [(f"s{i}", True) for i in range(12)] + [(f"w{i}", False) for i in range(12)]
    for user, strong in members:
        if user == "s0":
            await store.set_team_membership(WS, user, "@Sam", "t1", 1_000)
        for question in questions[:5]:
            n += 1
            quiz_id = f"Q{n:07d}"
            await store.create_quiz(
                QuizRecord(quiz_id, WS, "c", question.id, (0, 1, 2), "s0", 1_000)
            )
            right = strong if question is not miskeyed else not strong
            wrong = (question.answer_index + 1) % len(question.options)
            await store.record_answer(
                AnswerRecord(
                    quiz_id,
                    WS,
                    user,
                    "@Sam" if user == "s0" else user.upper(),
                    question.answer_index if right else wrong,
                    right,
                    10 * right,
                    1_765_000_000_000 + n,
                    ("all",),
                    question.id,
                    question.topics[0],
                )
            )
    await store.save_question_report(QuestionReport(WS, reported.id, "w1", "wrong_key", "", 1))
    await store.close()
    return miskeyed.id, reported.id


@pytest.fixture(params=BACKENDS)
async def database(
    request: pytest.FixtureRequest, tmp_path: Path, kb: KnowledgeBase
) -> AsyncIterator[tuple[str, tuple[str, str]]]:
    if request.param == "sqlite":
        path = tmp_path / "learning.db"
        keys = await fill(path, kb)
        yield f"sqlite:///{path}", keys
        return
    async with postgres_schema() as url:
        keys = await fill(url, kb)
        yield url, keys


async def test_report_csv_has_one_row_per_member_and_names_the_knowledge_base(
    database: tuple[str, tuple[str, str]],
) -> None:
    url, _ = database
    done = await llmbot("report", "--workspace", WS, "--format", "csv", database=url)
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    assert any(line.startswith("# knowledge base: reviewed ") for line in lines)
    rows = list(csv.DictReader(io.StringIO("\n".join(x for x in lines if not x.startswith("#")))))
    assert len(rows) == 24
    sam = next(r for r in rows if r["platform_id"] == "s0")
    assert sam["display_name"] == "'@Sam" and sam["team"] == "'=Owls"
    assert sam["answers"] == "5" and sam["correct"] == "4" and sam["accuracy"] == "0.8"
    assert sam["last_active"].startswith("2025-12-")


async def test_report_json_and_since(database: tuple[str, tuple[str, str]], tmp_path: Path) -> None:
    url, _ = database
    out = tmp_path / "report.json"
    done = await llmbot(
        "report",
        "--workspace",
        WS,
        "--format",
        "json",
        "--since",
        "2030-01-01",
        "--output",
        str(out),
        database=url,
    )
    assert done.code == 0, done.err
    data = json.loads(out.read_text())
    assert data["since"] == "2030-01-01" and len(data["knowledge_base"]["content_hash"]) == 64
    assert {m["answers"] for m in data["members"]} == {0}


async def test_report_on_an_unknown_workspace_names_the_known_ones(
    database: tuple[str, tuple[str, str]],
) -> None:
    url, _ = database
    done = await llmbot("report", "--workspace", "slack:T0", database=url)
    assert done.code == 1 and "discord:42" in done.err and done.out == ""


async def test_content_stats_lists_the_reported_question_first_then_the_mis_keyed_one(
    database: tuple[str, tuple[str, str]],
) -> None:
    url, (miskeyed, reported) = database
    done = await llmbot("content", "stats", "--json", database=url)
    assert done.code == 0, done.err
    listed = json.loads(done.out)["questions"]
    assert listed[0]["question_id"] == reported and listed[0]["reports"] == {"wrong_key": 1}
    flagged = next(q for q in listed if q["question_id"] == miskeyed)
    assert "negative_discrimination" in flagged["flags"] and flagged["discrimination"] < 0
    text = await llmbot("content", "stats", "--min-attempts", "5", database=url)
    assert text.code == 0 and miskeyed in text.out and "check the key" in text.out


async def test_db_forget_deletes_a_member_and_a_second_run_finds_nothing(
    database: tuple[str, tuple[str, str]],
) -> None:
    url, _ = database
    done = await llmbot("db", "forget", "--workspace", WS, "--user", "s0", database=url)
    assert done.code == 0 and "Deleted 5 quiz answers" in done.out
    again = await llmbot("db", "forget", "--workspace", WS, "--user", "s0", database=url)
    assert again.code == 0 and "nothing left" in again.out
    report = await llmbot("report", "--workspace", WS, database=url)
    assert ",s0," not in report.out and "\ns0," not in report.out
