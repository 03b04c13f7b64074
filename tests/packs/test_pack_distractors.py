"""Distractors for Red questions: like the right answer, never an accepted one, stable."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.engine.packs.distractors import AnswerKind, DistractorPool, answer_key, kind_of

answers = st.one_of(
    st.integers(0, 99_999).map(str),
    st.integers(1000, 2099).map(str),
    st.text(st.sampled_from("abcdefgh -"), min_size=1, max_size=30).map(str.strip).filter(bool),
)


def test_kinds_tell_years_numbers_and_text_apart() -> None:
    assert kind_of("1969") is AnswerKind.YEAR
    assert [kind_of(x) for x in ("7", "1,024", "-3.5", "0.75")] == [AnswerKind.NUMBER] * 4
    assert [kind_of(x) for x in ("Seven", "1.4 MB", "CD-ROM", "0x1F")] == [AnswerKind.TEXT] * 4


def test_answers_differing_in_case_and_punctuation_are_one_answer() -> None:
    assert answer_key("Twenty-four") == answer_key("twentyfour") == answer_key("twenty four")
    assert answer_key("CD-ROM") != answer_key("CD-R")


@given(st.lists(answers, min_size=1, max_size=60), st.data())
def test_picks_are_alike_distinct_allowed_and_repeatable(
    pool_answers: list[str], data: st.DataObject
) -> None:
    pool = DistractorPool(pool_answers)
    right = data.draw(st.sampled_from(pool_answers))
    accepted = data.draw(st.lists(st.sampled_from(pool_answers), max_size=3))
    picked = pool.pick(right, accepted, seed=right)
    excluded = {answer_key(a) for a in (right, *accepted)}
    assert len(picked) <= 3
    assert len({answer_key(p) for p in picked}) == len(picked)
    for option in picked:
        assert answer_key(option) not in excluded
        assert kind_of(option) is kind_of(right)
        assert (len(right) + 1) // 2 <= len(option) <= 2 * len(right)
    assert pool.pick(right, accepted, seed=right) == picked
    # Whenever the list holds three usable answers (each as first spelled), three are found.
    spelled: dict[str, str] = {}
    for answer in pool_answers:
        spelled.setdefault(answer_key(answer), answer)
    usable = [
        a
        for key, a in spelled.items()
        if key not in excluded
        and kind_of(a) is kind_of(right)
        and (len(right) + 1) // 2 <= len(a) <= 2 * len(right)
    ]
    assert len(picked) == min(3, len(usable))
