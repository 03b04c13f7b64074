"""The labs' buttons: ids that carry only what the model reads, within Discord's 100 characters."""

from __future__ import annotations

import pytest

from bot.engine.actions import MAX_ACTION_ID, BadAction, LabAction, SampleAction, decode, encode
from bot.engine.labs.words import MAX_WORD


@pytest.mark.parametrize(
    "action",
    [
        SampleAction(("the", "transformer"), 0.2, 1.0, 0, 42),
        SampleAction(("transformer",), 1.5, 0.9, 5, 0),
        SampleAction((), 1.0, 1.0, 0, 7),
        SampleAction(("don't", "gpt-4o"), 0.8, 0.95, 40, 999_999_999),
        SampleAction(("élan", "日本"), 0.8, 1.0, 0, 1),
        LabAction("tokens"),
        LabAction("sample"),
    ],
    ids=str,
)
def test_lab_actions_survive_a_round_trip(action: SampleAction | LabAction) -> None:
    assert decode(encode(action)) == action


def test_an_unknown_first_word_is_read_as_no_word() -> None:
    assert decode(encode(SampleAction(("", "transformer"), 1.0, 1.0, 0, 1))).context == (
        "transformer",
    )
    assert decode(encode(SampleAction(("the", ""), 1.0, 1.0, 0, 1))).context == ("the", "")


def test_the_longest_sample_id_fits() -> None:
    word = "w" * MAX_WORD
    text = encode(SampleAction((word, word), 0.123456789, 0.987654321, 10**12 - 1, 999_999_999))
    assert len(text) <= MAX_ACTION_ID


@pytest.mark.parametrize(
    "text",
    ["llm:s:a:b:x:1:0:1", "llm:s:a b:c:1:1:0:1", "llm:s:a:b:1:1:0", "llm:lab:quiz",
     "llm:s:a:b:1:1:0.5:1"],
)
def test_forged_lab_ids_are_refused(text: str) -> None:
    with pytest.raises(BadAction):
        decode(text)
