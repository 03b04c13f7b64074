"""Hands-on labs: real tokenizers (`/llm tokens`) and sampling on a word model (`/llm sample`).

Nothing heavy is imported here: the tokenizer library loads on the first `tokens`, and the
word model is built on the first `sample`.
"""

from __future__ import annotations

from bot.engine.labs.corpus import EXAMPLE_PROMPT, EXAMPLE_TEXT, LazyModel, model_problems
from bot.engine.labs.nucleus import WordChance
from bot.engine.labs.options import (
    MAX_LAB_TEXT,
    SAMPLE_USAGE,
    TOKENS_USAGE,
    SampleSettings,
    lab_text,
    sample_settings,
)
from bot.engine.labs.sampling import NextWord, SampleRun, sample
from bot.engine.labs.token_text import Token
from bot.engine.labs.tokenizers import ENCODINGS, EncodingName, Tokenization, Tokenizers

__all__ = [
    "ENCODINGS",
    "EXAMPLE_PROMPT",
    "EXAMPLE_TEXT",
    "MAX_LAB_TEXT",
    "SAMPLE_USAGE",
    "TOKENS_USAGE",
    "EncodingName",
    "LazyModel",
    "NextWord",
    "SampleRun",
    "SampleSettings",
    "Token",
    "Tokenization",
    "Tokenizers",
    "WordChance",
    "lab_text",
    "model_problems",
    "sample",
    "sample_settings",
]
