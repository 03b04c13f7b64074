"""The per-member learning report (`llmbot report`, `/llm progress export`) as CSV or JSON.

A record of training refers to what was taught, so the report names the knowledge base's
version: the latest `reviewed` month of its topics and a hash of its questions and texts.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.knowledge.base import KnowledgeBase

COLUMNS = (
    "platform_id",
    "display_name",
    "team",
    "answers",
    "correct",
    "accuracy",
    "topics_mastered",
    "mastered_topic_ids",
    "last_active",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class KnowledgeVersion:
    reviewed: str | None
    """The latest `reviewed` month among the topics, when the content records one."""
    content_hash: str

    def describe(self) -> str:
        reviewed = f"reviewed {self.reviewed}" if self.reviewed else "no review date"
        return f"{reviewed}, content sha256:{self.content_hash[:16]}"


def knowledge_version(kb: KnowledgeBase) -> KnowledgeVersion:
    """The version of what was taught: every topic text and question, in a stable order."""
    digest = hashlib.sha256()
    for topic in sorted(kb.topics.values(), key=lambda t: t.id):
        for part in (topic.id, topic.title, topic.short, topic.standard, topic.deep):
            digest.update(part.encode())
            digest.update(b"\x1f")
    for question in sorted(kb.questions.values(), key=lambda q: q.id):
        digest.update(f"{question.id}\x1f{question.stem}\x1f".encode())
        for option in question.options:
            digest.update(f"{option.text}\x1f{int(option.correct)}\x1f".encode())
    months = [t.reviewed for t in kb.topics.values() if t.reviewed]
    return KnowledgeVersion(max(months) if months else None, digest.hexdigest())


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One member of the report; `last_active` is a date in the workspace's time zone."""

    platform_id: str
    display_name: str
    team: str
    answers: int
    correct: int
    mastered: tuple[str, ...]
    last_active: date | None

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    def cells(self) -> dict[str, str | int | float | None]:
        return {
            "platform_id": self.platform_id,
            "display_name": self.display_name,
            "team": self.team,
            "answers": self.answers,
            "correct": self.correct,
            "accuracy": None if self.accuracy is None else round(self.accuracy, 3),
            "topics_mastered": len(self.mastered),
            "mastered_topic_ids": " ".join(self.mastered),
            "last_active": self.last_active.isoformat() if self.last_active else None,
        }


@dataclass(frozen=True, slots=True)
class ReportHeader:
    workspace_id: str
    generated_at: str
    since: date | None
    knowledge: KnowledgeVersion


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, made text with a leading apostrophe."""
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell


def to_csv(header: ReportHeader, rows: Iterable[MemberRow]) -> str:
    """`#` lines naming the workspace, period and knowledge base, then the header and rows."""
    import csv

    out = io.StringIO()
    out.write(f"# llmbot learning report for {neutralise(header.workspace_id)}\n")
    out.write(f"# generated {header.generated_at}; answers since ")
    out.write(f"{header.since.isoformat() if header.since else 'the start'}\n")
    out.write(f"# knowledge base: {header.knowledge.describe()}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = row.cells()
        writer.writerow("" if cells[c] is None else neutralise(str(cells[c])) for c in COLUMNS)
    return out.getvalue()


def to_json(header: ReportHeader, rows: Sequence[MemberRow]) -> str:
    """The same report for programs: values as they are, no spreadsheet escaping."""
    return json.dumps(
        {
            "workspace": header.workspace_id,
            "generated_at": header.generated_at,
            "since": header.since.isoformat() if header.since else None,
            "knowledge_base": {
                "reviewed": header.knowledge.reviewed,
                "content_hash": header.knowledge.content_hash,
            },
            "members": [{**row.cells(), "mastered_topic_ids": list(row.mastered)} for row in rows],
        },
        indent=2,
        ensure_ascii=False,
    )
