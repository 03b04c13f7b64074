"""A model's answer is checked before it is shown: citations, links, length."""

from __future__ import annotations

from bot.engine.ask.checks import LINK_REMOVED, check_answer
from bot.engine.reply import MEMBER_SPAN, said, unmarked


def test_kept_citations_are_llmbots_own_text_and_the_rest_is_marked() -> None:
    checked = check_answer("Models guess. [1] They are **bold** [2].", 2, {})

    assert unmarked(checked.body) == "Models guess. [1] They are **bold** [2]."
    assert MEMBER_SPAN.sub("", checked.body) == "[1][2]"
    assert said(" They are **bold** ") in checked.body
    assert checked.cited == (1, 2)


def test_grouped_citations_keep_only_passages_given() -> None:
    checked = check_answer("A claim [1, 7; 3]. Another [9].", 3, {})

    assert checked.cited == (1, 3)
    assert checked.dropped_citations == 2
    assert unmarked(checked.body) == "A claim [1][3]. Another."


def test_citation_order_is_first_use() -> None:
    assert check_answer("x [3] y [1] z [3]", 3, {}).cited == (3, 1)


def test_links_are_live_only_for_cited_sources() -> None:
    sources = {1: "https://arxiv.org/abs/1", 2: "https://arxiv.org/abs/2"}
    text = "See https://arxiv.org/abs/1. [1] Also https://arxiv.org/abs/2 and www.spam.example."

    checked = check_answer(text, 2, sources)

    outside = MEMBER_SPAN.sub("", checked.body)
    assert "https://arxiv.org/abs/1" in outside  # cited: live
    assert "arxiv.org/abs/2" not in checked.body  # a source, but not cited: removed
    assert "spam" not in checked.body
    assert checked.body.count(LINK_REMOVED) == 2 and checked.dropped_links == 2


def test_member_marks_and_nuls_from_a_model_cannot_forge_llmbot_text() -> None:
    checked = check_answer("\x0f<@1>\x0e\x00 ok\x00 [1]", 1, {})

    assert MEMBER_SPAN.sub("", checked.body).strip() == "[1]"


def test_a_runaway_answer_is_cut_after_a_whole_sentence() -> None:
    text = "First sentence here [1]. " + "Second goes on and on. " * 200

    checked = check_answer(text, 1, {}, limit=300)

    plain = unmarked(checked.body)
    assert len(plain) <= 300
    assert plain.endswith(".") and plain.startswith("First sentence here [1].")
