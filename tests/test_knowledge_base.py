"""The shipped knowledge base meets the syllabus's bar, and its figures are real and used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.knowledge import DEPTHS, KnowledgeBase
from bot.knowledge.models import TEXT_LIMITS
from bot.knowledge.quality import near_duplicate_stems

ROOT = Path(__file__).resolve().parent.parent
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_every_syllabus_topic_is_taught(kb: KnowledgeBase) -> None:
    assert len(kb.topics) == 47
    assert kb.sections[0] == "Foundations"
    for topic in kb.topics.values():
        assert len(topic.aliases) >= 5, topic.id
        assert topic.sources, topic.id
        for depth in DEPTHS:
            assert 0 < len(topic.text(depth)) <= TEXT_LIMITS[depth], (topic.id, depth)


def test_questions_cover_every_topic_and_the_common_misstatements(kb: KnowledgeBase) -> None:
    assert len(kb.questions) >= 250
    assert all(len(kb.questions_by_topic.get(t, ())) >= 4 for t in kb.topics)
    targeted = [q for q in kb.questions.values() if q.misconception]
    assert len(targeted) >= 40
    assert all(option.why for q in kb.questions.values() for option in q.options)


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
