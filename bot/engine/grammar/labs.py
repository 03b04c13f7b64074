"""The grammar of the labs: `/llm tokens <text> [--cl100k | --compare]` and `/llm sample`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bot.engine.errors import UsageError
from bot.engine.grammar.command import CommandTraits
from bot.engine.labs.options import (
    SAMPLE_OPTIONS,
    SAMPLE_USAGE,
    TOKENS_FLAGS,
    TOKENS_USAGE,
    SampleSettings,
    TokensMode,
    lab_text,
    parse_sample_options,
    split_options,
)

LABS_USAGE = {"tokens": TOKENS_USAGE, "sample": SAMPLE_USAGE}
DEFAULT_SETTINGS = SampleSettings()


@dataclass(frozen=True, slots=True)
class Tokens(CommandTraits):
    """Tokenize `text` with one encoding, or both side by side."""

    private: ClassVar[bool] = False
    slow: ClassVar[bool] = True  # the first use loads the tokenizer for about a second
    text: str
    mode: TokensMode = "o200k"


@dataclass(frozen=True, slots=True)
class Sample(CommandTraits):
    """The next-word distribution after `prompt`, and three continuations."""

    private: ClassVar[bool] = False
    slow: ClassVar[bool] = True  # the first use builds the word model
    prompt: str
    settings: SampleSettings = DEFAULT_SETTINGS


LabCommand = Tokens | Sample


def parse_tokens(rest: str) -> Tokens:
    options = split_options(rest, flags=TOKENS_FLAGS, valued=(), usage=TOKENS_USAGE)
    if len(options.values) > 1:
        raise UsageError("Pick one: --cl100k or --compare.", f"`{TOKENS_USAGE}`")
    mode: TokensMode = "o200k"
    if "cl100k" in options.values:
        mode = "cl100k"
    elif "compare" in options.values:
        mode = "compare"
    return Tokens(lab_text(options.text, TOKENS_USAGE, "text"), mode)


def parse_sample(rest: str) -> Sample:
    options = split_options(rest, flags=(), valued=SAMPLE_OPTIONS, usage=SAMPLE_USAGE)
    prompt = lab_text(options.text, SAMPLE_USAGE, "prompt")
    return Sample(prompt, parse_sample_options(options.values))
