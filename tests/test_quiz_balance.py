"""The quiz can't be gamed: each balance measure, its bound, and what `content check` reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.balance import (
    BOUNDS,
    Balance,
    absolute_cue,
    first_topic_counts,
    hard_share,
    has_absolute_word,
    longest_correct_share,
    misconception_counts,
    right_length_ratio,
    true_share,
)
from bot.knowledge.check import check_content, months_since
from tests.content_bank import (
    balanced_bank,
    choice,
    question,
    topic,
    truefalse,
    valid_content,
    write_content,
)

TODAY = date(2026, 12, 7)
REGISTERED = [f"m{n}" for n in range(1, 16)]


def bank_content(root: Path, bank: list[dict[str, object]]) -> Path:
    return write_content(root, [topic("alpha"), topic("beta")], bank, misconceptions=REGISTERED)


def bound(key: str) -> object:
    return next(b for b in BOUNDS if b.key == key)


def test_longest_correct_share_counts_only_a_strictly_longest_right_option() -> None:
    bank = [
        choice("a much longer right option", "short", "shorter"),
        choice("same length", "equal size!", "tiny"),
        choice("short", "a much longer wrong option", "mid size"),
        truefalse("Ignored by this measure.", true=True),
    ]
    assert longest_correct_share(bank) == pytest.approx(1 / 3)
    assert longest_correct_share([truefalse("x", true=True)]) is None


def test_right_length_ratio_is_the_mean_of_per_question_ratios() -> None:
    bank = [choice("aaaa", "aa", "aa"), choice("aa", "aaaa", "aaaa")]  # 2.0 and 0.5
    assert right_length_ratio(bank) == pytest.approx(1.25)


def test_true_share_counts_true_keys_among_true_false_questions() -> None:
    bank = [truefalse("a", true=True), truefalse("b", true=False), truefalse("c", true=False)]
    assert true_share([*bank, choice("x", "y", "z")]) == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("It ALWAYS holds", True),
        ("none of them", True),
        ("All heads", True),
        ("it is not guaranteed", True),
        ("overall, finally, everyone, nonetheless", False),
        ("a 100% rate", False),
    ],
)
def test_absolute_words_are_whole_words_in_any_case(text: str, found: bool) -> None:
    assert has_absolute_word(text) is found


def test_absolute_cue_compares_wrong_and_false_with_right_and_true() -> None:
    bank = [
        # wrong options: 2 of 4 absolute; right options: 0 of 2
        choice("It depends on the tokenizer", "It is always 0.75", "It never changes"),
        choice("Input and output differ", "One flat rate", "The same price"),
        # a false statement with an absolute word (wrong side), a true one without (right side)
        truefalse("Every LLM has an encoder.", true=False),
        truefalse("GPT-3 has 175B parameters.", true=True),
    ]
    # wrong side: 3 of 5; right side: 0 of 3
    assert absolute_cue(bank) == pytest.approx(3 / 5)
    assert bound("absolute_cue").breach(absolute_cue(bank)) is not None  # type: ignore[attr-defined]
    # Absolute words used as often on both sides give nothing away.
    fair = [
        choice("Only the decoder", "Both halves", "Only the encoder"),
        choice("It is the same", "It differs", "It varies"),
    ]
    assert absolute_cue(fair) == pytest.approx(1 / 4 - 1 / 2)


def test_hard_share_and_first_topic_counts() -> None:
    bank = [truefalse("a", true=True, difficulty="hard"), truefalse("b", true=False)]
    assert hard_share(bank) == 0.5
    assert first_topic_counts(bank) == {"t": (2, 1)}


def test_misconception_repeats_are_counted_per_id() -> None:
    bank = [choice("a", "b", "c", misconception="C7")] * 4 + [choice("a", "b", "c")]
    assert misconception_counts(bank) == {"C7": 4}
    assert Balance.of(bank).misconception_max_repeat == 4


@pytest.mark.parametrize(
    ("key", "inside", "outside"),
    [
        ("questions", 480, 479),
        ("hard_share", 0.25, 0.249),
        ("longest_correct_share", 0.30, 0.301),
        ("right_length_ratio", 0.90, 0.899),
        ("right_length_ratio", 1.15, 1.151),
        ("true_share", 0.40, 0.399),
        ("true_share", 0.60, 0.601),
        ("absolute_cue", -0.05, -0.051),
        ("absolute_cue", 0.05, 0.051),
        ("misconception_questions", 40, 39),
        ("misconception_max_repeat", 3, 4),
        ("near_duplicate_stems", 0, 1),
    ],
)
def test_bounds_are_inclusive(key: str, inside: float, outside: float) -> None:
    assert bound(key).breach(inside) is None  # type: ignore[attr-defined]
    assert key in bound(key).breach(outside)  # type: ignore[attr-defined]


def test_a_balanced_bank_passes_the_check(tmp_path: Path) -> None:
    report = check_content(valid_content(tmp_path), today=TODAY)
    assert report.errors == ()
    assert report.warnings == ()
    assert report.ok


def test_a_bank_keyed_to_the_longest_option_fails(tmp_path: Path) -> None:
    bank = balanced_bank(["alpha", "beta"])
    for q in bank[1:200]:
        if q["type"] == "choice":
            q["options"][0]["text"] = "the first answer, made the longest of all"
    root = write_content(
        tmp_path,
        [topic("alpha"), topic("beta")],
        bank,
        misconceptions=[f"m{n}" for n in range(1, 16)],
    )
    report = check_content(root, today=TODAY)
    assert report.balance is not None and report.balance.longest_correct_share > 0.30
    assert any("longest_correct_share" in e for e in report.errors)
    assert any("right_length_ratio" in e for e in report.errors)
    assert not report.ok


def test_each_topic_needs_six_first_questions_one_of_them_hard(tmp_path: Path) -> None:
    bank = balanced_bank(["alpha", "beta"])
    # gamma is named first by 6 questions, none of them hard
    stems = ["Why?", "Who wrote it?", "When did it ship?", "Where is it used?", "How big?", "Who?"]
    bank += [question(f"g{n}", "gamma", stem, difficulty="easy") for n, stem in enumerate(stems)]
    root = write_content(
        tmp_path,
        [topic("alpha"), topic("beta"), topic("gamma")],
        bank,
        misconceptions=[f"m{n}" for n in range(1, 16)],
    )
    report = check_content(root, today=TODAY)
    [error] = report.errors
    assert error.endswith(": gamma: first topic of 6 question(s), 0 hard (needs 6, 1 hard)")


def test_a_misconception_asked_four_times_is_an_error(tmp_path: Path) -> None:
    bank = balanced_bank(["alpha", "beta"])
    bank[100]["misconception"] = "m1"
    root = write_content(
        tmp_path,
        [topic("alpha"), topic("beta")],
        bank,
        misconceptions=[f"m{n}" for n in range(1, 16)],
    )
    report = check_content(root, today=TODAY)
    assert report.balance is not None and report.balance.misconception_max_repeat == 4
    [error] = report.errors
    assert error.startswith("misconceptions.yaml: m1: targeted by 4 questions, at most 3: ")


def test_near_duplicate_stems_are_counted_and_listed(tmp_path: Path) -> None:
    bank = balanced_bank(["alpha", "beta"])
    bank[7]["stem"] = bank[5]["stem"].replace("?", "!")
    root = write_content(
        tmp_path,
        [topic("alpha"), topic("beta")],
        bank,
        misconceptions=[f"m{n}" for n in range(1, 16)],
    )
    report = check_content(root, today=TODAY)
    assert report.near_duplicate_stems == 1
    assert "q7-beta: stem is a near-duplicate of q5-beta" in report.errors[0]


def test_retired_questions_are_left_out_of_every_count_and_measure(tmp_path: Path) -> None:
    bank = balanced_bank(["alpha", "beta"])
    retired = [
        # Longest right option, absolute words, a repeated misconception, a duplicate stem:
        # all of which would fail the bank were the question still active.
        {**question(f"old{n}", "alpha", bank[n]["stem"], misconception="article-check")}
        for n in range(20)
    ]
    for old in retired:
        old["options"][0]["text"] = "always the first answer, and the longest one by far"
    root = write_content(
        tmp_path,
        [topic("alpha"), topic("beta")],
        bank,
        misconceptions=[f"m{n}" for n in range(1, 16)],
        retired=retired,
    )
    report = check_content(root, today=TODAY)
    assert report.errors == ()
    assert (report.questions, report.retired) == (480, 20)


@pytest.mark.parametrize(
    ("reviewed", "warned"),
    [("2026-12", False), ("2025-12", False), ("2025-11", True), ("2027-01", True)],
)
def test_a_topic_reviewed_over_a_year_ago_is_a_warning_not_an_error(
    tmp_path: Path, reviewed: str, warned: bool
) -> None:
    root = write_content(
        tmp_path,
        [topic("alpha", reviewed=reviewed), topic("beta")],
        balanced_bank(["alpha", "beta"]),
        misconceptions=[f"m{n}" for n in range(1, 16)],
    )
    report = check_content(root, today=TODAY)
    assert report.ok
    assert len(report.warnings) == int(warned)
    if warned:
        assert report.warnings[0].startswith(f"topics/basics.yaml:4: alpha: reviewed {reviewed}")
    assert months_since("2025-11", TODAY) == 13


def test_a_registered_misconception_no_question_asks_is_a_warning(tmp_path: Path) -> None:
    root = write_content(
        tmp_path,
        [topic("alpha"), topic("beta")],
        balanced_bank(["alpha", "beta"]),
        misconceptions=[f"m{n}" for n in range(1, 17)],
    )
    report = check_content(root, today=TODAY)
    assert report.ok
    assert report.warnings == ("misconceptions.yaml: m16: registered, but no question targets it",)


def test_content_that_does_not_load_reports_null_measures(tmp_path: Path) -> None:
    root = write_content(tmp_path, [topic("alpha", reviewed=None)], [])
    report = check_content(root, today=TODAY)
    assert not report.ok
    assert report.to_json()["true_share"] is None
    assert set(report.to_json()) >= {"errors", "warnings", "absolute_cue", "near_duplicate_stems"}
