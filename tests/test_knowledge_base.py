"""The shipped knowledge base meets the syllabus's bar, and its figures are real and used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.knowledge import DEPTHS, KnowledgeBase
from bot.knowledge.check import check_content
from bot.knowledge.models import TEXT_LIMITS
from bot.knowledge.quality import near_duplicate_stems

ROOT = Path(__file__).resolve().parent.parent
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_every_syllabus_topic_is_taught(kb: KnowledgeBase) -> None:
    assert len(kb.topics) == 62  # 47 of SYLLABUS.md and 15 of SYLLABUS-2026.md
    assert kb.sections[0] == "Foundations"
    for topic in kb.topics.values():
        assert len(topic.aliases) >= 5, topic.id
        assert topic.sources, topic.id
        assert topic.reviewed, topic.id
        for depth in DEPTHS:
            assert 0 < len(topic.text(depth)) <= TEXT_LIMITS[depth], (topic.id, depth)


def test_the_shipped_content_passes_every_check(kb: KnowledgeBase) -> None:
    report = check_content(kb.root)
    assert report.errors == ()
    assert report.questions >= 480
    assert all(option.why for q in kb.questions.values() for option in q.options)


def test_every_misconception_a_question_targets_is_registered(kb: KnowledgeBase) -> None:
    targeted = {q.misconception for q in kb.questions.values() if q.misconception}
    assert targeted <= set(kb.misconceptions)
    assert {f"C{n}" for n in range(1, 14)} <= set(kb.misconceptions)


def test_retired_questions_are_never_drawn(kb: KnowledgeBase) -> None:
    drawn = set(kb.questions) | {q for ids in kb.questions_by_topic.values() for q in ids}
    assert not drawn & set(kb.retired_questions)
    assert all(retired in kb.questions for retired in kb.retired_questions)


def test_no_two_question_stems_are_near_duplicates(kb: KnowledgeBase) -> None:
    assert near_duplicate_stems(kb) == []


def test_every_figure_is_a_png_linked_from_a_topic(kb: KnowledgeBase) -> None:
    on_disk = {p.name for p in (kb.root / "figures").glob("*.png")}
    linked = {Path(t.figure.file).name for t in kb.topics.values() if t.figure is not None}
    assert len(on_disk) >= 8
    assert on_disk == linked
    for name in on_disk:
        assert (kb.root / "figures" / name).read_bytes()[:8] == PNG_MAGIC
    assert all(t.figure.alt for t in kb.topics.values() if t.figure is not None)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_figure_script_renders_every_linked_figure(kb: KnowledgeBase, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_figures.py"), str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    rendered = {p.name for p in tmp_path.glob("*.png")}
    assert rendered == {p.name for p in (kb.root / "figures").glob("*.png")}
    assert all((tmp_path / name).stat().st_size > 10_000 for name in rendered)
