"""The labs' `--name value` and `--flag` options, read after the free text, with their checks.

The text grammar (console, Slack) and Discord's typed options both end in `sample_settings`
and `lab_text`, so a bad value gets the same message on every platform.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from bot.engine.errors import UsageError
from bot.engine.reply import said

# Which encodings `/llm tokens` shows: o200k_base, cl100k_base, or both side by side.
TokensMode = Literal["o200k", "cl100k", "compare"]

MAX_LAB_TEXT = 2000
MAX_SEED = 999_999_999

TOKENS_USAGE = "/llm tokens <text> [--cl100k | --compare]"
SAMPLE_USAGE = "/llm sample <prompt> [--temperature 0.8] [--top-p 1.0] [--top-k 0] [--seed N]"

# An option starts with two hyphens and a letter. Phones and Slack turn `--` into an em dash
# or an en dash; both are read as `--`.
_OPTION = re.compile(r"^(?:--|—|–)([A-Za-z][A-Za-z0-9-]*)(?:=(.*))?$")


@dataclass(frozen=True, slots=True)
class Options:
    """The free text and the options that followed it: flags map to None, others to a value."""

    text: str
    values: dict[str, str | None]


@dataclass(frozen=True, slots=True)
class SampleSettings:
    """How the sampling lab picks words: temperature 0 is greedy, `top_k` 0 keeps every word."""

    temperature: float = 0.8
    top_p: float = 1.0
    top_k: int = 0
    seed: int | None = None


def split_options(
    rest: str, *, flags: Collection[str], valued: Collection[str], usage: str
) -> Options:
    """Free text, then options: the first word that looks like an option ends the text.

    The text keeps its spaces and line breaks as typed (they are tokens too). Everything
    after it must be a known flag, or a known option and its value; anything else is
    refused with the list of options, so a typo is never read as text.
    """
    spans = list(re.finditer(r"\S+", rest))
    words = [span.group() for span in spans]
    start = next((i for i, word in enumerate(words) if _OPTION.match(word)), len(words))
    text = rest[: spans[start].start()] if start < len(spans) else rest
    text = text.strip()
    values: dict[str, str | None] = {}
    known = ", ".join(f"--{name}" for name in (*flags, *valued))
    i = start
    while i < len(words):
        match = _OPTION.match(words[i])
        if match is None:
            raise UsageError(
                f"Put the text before the options: {said(repr(words[i][:40]))} came after them.",
                f"`{usage}`",
            )
        name, inline = match.group(1).lower(), match.group(2)
        if name not in flags and name not in valued:
            raise UsageError(
                f"I don't know the option {said('--' + name[:40])}. Options: {known}.",
                f"`{usage}`",
            )
        if name in values:
            raise UsageError(f"Give --{name} once.", f"`{usage}`")
        i += 1
        if name in flags:
            if inline is not None:
                raise UsageError(f"--{name} takes no value.", f"`{usage}`")
            values[name] = None
            continue
        if inline is None:
            if i == len(words) or _OPTION.match(words[i]):
                raise UsageError(f"--{name} needs a value, for example {_EXAMPLES[name]}.",
                                 f"`{usage}`")
            inline = words[i]
            i += 1
        values[name] = inline
    return Options(text, values)


def lab_text(text: str, usage: str, what: str) -> str:
    """The text a lab works on: present, and at most 2,000 characters."""
    text = text.strip()
    if not text:
        raise UsageError(f"Which {what}? For example `{_TEXT_EXAMPLES[what]}`.", f"`{usage}`")
    if len(text) > MAX_LAB_TEXT:
        raise UsageError(f"Please send at most {MAX_LAB_TEXT:,} characters.", f"`{usage}`")
    return text


def sample_settings(
    temperature: float = 0.8, top_p: float = 1.0, top_k: int = 0, seed: int | None = None
) -> SampleSettings:
    """Settings in their ranges, or a message that names the range."""
    usage = f"`{SAMPLE_USAGE}`"
    if not 0 <= temperature <= 2:
        raise UsageError("The temperature must be between 0 and 2 (0 always takes the most "
                         "likely word).", usage)
    if not 0 < top_p <= 1:
        raise UsageError("Top-p must be greater than 0 and at most 1 (1 keeps every word).", usage)
    if top_k < 0:
        raise UsageError("Top-k must be 0 (keep every word) or a positive whole number.", usage)
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise UsageError(f"The seed must be a whole number from 0 to {MAX_SEED:,}.", usage)
    return SampleSettings(temperature, top_p, top_k, seed)


def parse_sample_options(values: dict[str, str | None]) -> SampleSettings:
    """Options as typed into `/llm sample`, turned into checked settings."""
    return sample_settings(
        temperature=_number(values, "temperature", 0.8),
        top_p=_number(values, "top-p", 1.0),
        top_k=_whole(values, "top-k") or 0,
        seed=_whole(values, "seed"),
    )


SAMPLE_OPTIONS = ("temperature", "top-p", "top-k", "seed")
TOKENS_FLAGS = ("cl100k", "compare")

_EXAMPLES = {
    "temperature": "--temperature 0.8",
    "top-p": "--top-p 0.9",
    "top-k": "--top-k 5",
    "seed": "--seed 42",
}
_TEXT_EXAMPLES = {
    "text": "/llm tokens Hello, world!",
    "prompt": "/llm sample the transformer",
}


def _number(values: dict[str, str | None], name: str, default: float) -> float:
    raw = values.get(name)
    if raw is None:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise UsageError(f"--{name} takes a number, for example {_EXAMPLES[name]}.",
                         f"`{SAMPLE_USAGE}`")
    return value


def _whole(values: dict[str, str | None], name: str) -> int | None:
    raw = values.get(name)
    if raw is None:
        return None
    if not re.fullmatch(r"[+-]?\d{1,12}", raw):
        raise UsageError(f"--{name} takes a whole number, for example {_EXAMPLES[name]}.",
                         f"`{SAMPLE_USAGE}`")
    return int(raw)
