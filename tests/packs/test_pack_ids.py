"""Pack ids never collide with shipped ones; stored questions come back unchanged."""

from __future__ import annotations

from bot.engine.actions import MAX_ACTION_ID
from bot.engine.packs.codec import dump_question, load_question
from bot.engine.packs.ids import is_pack_id, pack_id, pack_of, split_pack_id
from bot.knowledge import KnowledgeBase
from tests.packs.conftest import DATA, EXAMPLE, Read


def test_pack_ids_are_namespaced_and_read_back() -> None:
    key = pack_id("computers", "q-eb3c0b649e0f")
    assert key == "pack.computers/q-eb3c0b649e0f"
    assert split_pack_id(key) == ("computers", "q-eb3c0b649e0f")
    assert pack_of(key) == "computers"
    assert not is_pack_id("tokenization") and pack_of("tokenization") is None
    assert split_pack_id("pack.computers/../x") is None


def test_no_shipped_id_looks_like_a_pack_id(shipped: KnowledgeBase) -> None:
    assert not [t for t in shipped.topics if is_pack_id(t)]
    assert not [q for q in shipped.questions if is_pack_id(q)]


def test_the_longest_pack_topic_fits_in_a_button_id() -> None:
    topic = pack_id("n" * 32, "t" * 32)
    assert len(f"llm:e:{topic}:standard") <= MAX_ACTION_ID


def test_questions_survive_storage_unchanged(read_file: Read) -> None:
    for path in (EXAMPLE, DATA / "opentdb" / "science_computers.json"):
        draft = read_file(path).draft
        assert draft is not None
        for question in draft.questions:
            again = load_question(dump_question(question))
            assert again == question and again.answer_index == question.answer_index
