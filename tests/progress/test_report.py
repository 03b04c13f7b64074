"""The member report: columns, formula neutralising, the knowledge base version."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date

from bot.engine.progress.report import (
    COLUMNS,
    MemberRow,
    ReportHeader,
    knowledge_version,
    neutralise,
    to_csv,
    to_json,
)
from bot.knowledge import KnowledgeBase

ROWS = [
    MemberRow("111", '=HYPERLINK("x")', "+team", 10, 7, ("attention", "tokens"), date(2026, 12, 1)),
    MemberRow("222", "Bea", "", 0, 0, (), None),
]


def header(kb: KnowledgeBase) -> ReportHeader:
    return ReportHeader("discord:1", "2026-12-07T09:00:00Z", None, knowledge_version(kb))


def test_csv_has_a_version_preamble_then_one_row_per_member(kb: KnowledgeBase) -> None:
    text = to_csv(header(kb), ROWS)
    preamble = [line for line in text.splitlines() if line.startswith("#")]
    assert any("knowledge base:" in line and "sha256:" in line for line in preamble)
    rows = list(
        csv.DictReader(
            io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))
        )
    )
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 2
    assert rows[0]["display_name"].startswith("'=")
    assert rows[0]["team"] == "'+team"
    assert rows[0]["accuracy"] == "0.7"
    assert rows[0]["topics_mastered"] == "2"
    assert rows[0]["mastered_topic_ids"] == "attention tokens"
    assert rows[0]["last_active"] == "2026-12-01"
    assert rows[1]["accuracy"] == "" and rows[1]["last_active"] == ""


def test_every_formula_start_is_neutralised() -> None:
    for start in ("=", "+", "-", "@"):
        assert neutralise(f"{start}1+1").startswith("'")
    assert neutralise("Ann") == "Ann"


def test_json_keeps_values_as_they_are(kb: KnowledgeBase) -> None:
    data = json.loads(to_json(header(kb), ROWS))
    assert data["knowledge_base"]["content_hash"] == knowledge_version(kb).content_hash
    assert data["members"][0]["display_name"] == '=HYPERLINK("x")'
    assert data["members"][0]["mastered_topic_ids"] == ["attention", "tokens"]


def test_the_content_hash_changes_with_a_question_key(kb: KnowledgeBase) -> None:
    question = next(iter(kb.questions.values()))
    flipped = replace(
        question,
        options=tuple(replace(o, correct=not o.correct) for o in question.options),
    )
    other = replace(kb, questions={**kb.questions, question.id: flipped})
    assert knowledge_version(kb).content_hash != knowledge_version(other).content_hash
    assert knowledge_version(kb) == knowledge_version(kb)
