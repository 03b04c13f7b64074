"""The labs' options: `--name value` after the free text, and a clear message for each bad one."""

from __future__ import annotations

import pytest

from bot.engine.errors import UsageError
from bot.engine.labs.options import (
    SAMPLE_OPTIONS,
    SAMPLE_USAGE,
    TOKENS_FLAGS,
    TOKENS_USAGE,
    SampleSettings,
    lab_text,
    parse_sample_options,
    sample_settings,
    split_options,
)
from bot.engine.reply import unmarked


def sample_options(rest: str) -> tuple[str, SampleSettings]:
    options = split_options(rest, flags=(), valued=SAMPLE_OPTIONS, usage=SAMPLE_USAGE)
    return options.text, parse_sample_options(options.values)


def refusal(rest: str) -> str:
    with pytest.raises(UsageError) as caught:
        sample_options(rest)
    return unmarked(str(caught.value))


def test_text_then_options() -> None:
    assert sample_options("the transformer --temperature 0 --top-k 5 --seed 7") == (
        "the transformer", SampleSettings(0.0, 1.0, 5, 7)
    )


def test_defaults_when_no_option_is_given() -> None:
    assert sample_options("the model") == ("the model", SampleSettings(0.8, 1.0, 0, None))


def test_equals_sign_dashes_from_phones_and_decimal_commas_are_understood() -> None:
    assert sample_options("a b —temperature=1,5 –top-p 0.9") == (
        "a b", SampleSettings(1.5, 0.9, 0, None)
    )


def test_tokens_flags() -> None:
    options = split_options("Hello, world! --compare", flags=TOKENS_FLAGS, valued=(),
                            usage=TOKENS_USAGE)
    assert (options.text, options.values) == ("Hello, world!", {"compare": None})


def test_the_text_keeps_its_spaces_and_line_breaks() -> None:
    options = split_options("  Hello,\n  world!  --cl100k", flags=TOKENS_FLAGS, valued=(),
                            usage=TOKENS_USAGE)
    assert options.text == "Hello,\n  world!"


def test_double_hyphens_inside_text_are_text() -> None:
    options = split_options("C -- or C++ --> x", flags=TOKENS_FLAGS, valued=(),
                            usage=TOKENS_USAGE)
    assert options.text == "C -- or C++ --> x"


@pytest.mark.parametrize(
    ("rest", "message"),
    [
        ("the model --temperature 2.5", "between 0 and 2"),
        ("the model --temperature -0.1", "between 0 and 2"),
        ("the model --top-p 0", "greater than 0 and at most 1"),
        ("the model --top-p 1.2", "greater than 0 and at most 1"),
        ("the model --top-k -1", "Top-k must be 0"),
        ("the model --seed -3", "from 0 to 999,999,999"),
        ("the model --temperature hot", "--temperature takes a number"),
        ("the model --temperature nan", "--temperature takes a number"),
        ("the model --top-k 2.5", "--top-k takes a whole number"),
        ("the model --temperature", "--temperature needs a value, for example --temperature 0.8"),
        ("the model --top-k --seed 1", "--top-k needs a value"),
        ("the model --seed 1 --seed 2", "Give --seed once."),
        ("the model --temp 1", "I don't know the option --temp. Options: --temperature, "
                               "--top-p, --top-k, --seed."),
        ("the model --seed 1 more words", "Put the text before the options"),
    ],
)
def test_bad_options_get_a_message_naming_the_range_or_the_options(
    rest: str, message: str
) -> None:
    assert message in refusal(rest)


def test_unknown_tokens_flag_names_the_flags() -> None:
    with pytest.raises(UsageError) as caught:
        split_options("hi --gpt2", flags=TOKENS_FLAGS, valued=(), usage=TOKENS_USAGE)
    assert "Options: --cl100k, --compare." in unmarked(str(caught.value))
    assert caught.value.usage == f"`{TOKENS_USAGE}`"


def test_a_flag_takes_no_value() -> None:
    with pytest.raises(UsageError, match="--compare takes no value"):
        split_options("hi --compare=yes", flags=TOKENS_FLAGS, valued=(), usage=TOKENS_USAGE)


def test_empty_text_gets_the_usage() -> None:
    with pytest.raises(UsageError) as caught:
        lab_text("   ", TOKENS_USAGE, "text")
    assert "/llm tokens Hello, world!" in str(caught.value)
    assert caught.value.usage == f"`{TOKENS_USAGE}`"
    with pytest.raises(UsageError, match="Which prompt"):
        lab_text("", SAMPLE_USAGE, "prompt")


def test_text_over_two_thousand_characters_is_refused() -> None:
    assert lab_text("x" * 2000, TOKENS_USAGE, "text") == "x" * 2000
    with pytest.raises(UsageError, match="Please send at most 2,000 characters"):
        lab_text("x" * 2001, TOKENS_USAGE, "text")


def test_settings_from_typed_options_are_checked_the_same_way() -> None:
    assert sample_settings(0, 1.0, 0, 0) == SampleSettings(0.0, 1.0, 0, 0)
    with pytest.raises(UsageError, match="between 0 and 2"):
        sample_settings(temperature=3)
