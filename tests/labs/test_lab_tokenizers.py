"""Real tokenizers: pinned ids (written down once, never recomputed by the library under test),
visible bytes and spaces, and a library that loads once, lazily, off the event loop."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading

import pytest

from bot.engine.labs.token_text import token_text, visible
from bot.engine.labs.tokenizers import Encoder, EncodingName, Tokenizers

# (text, o200k_base ids, cl100k_base ids), computed once with bpe-openai 0.1.4; the first
# pair are the ids OpenAI's tokenizer page gives for "Hello, world!".
PINNED = [
    ("Hello, world!", [13225, 11, 2375, 0], [9906, 11, 1917, 0]),
    ("strawberry", [302, 1618, 19772], [496, 675, 15717]),
    ("日本語のテキスト", [9048, 40909, 3385, 16056, 18368, 38236],
     [9080, 22656, 45918, 252, 16144, 57933, 62903, 71634]),
    ("مرحبا بالعالم", [158894, 26537, 101462, 12773],
     [10386, 11318, 30925, 22071, 5821, 28946, 32482, 24102, 32482, 10386]),
    ("Привет, мир!", [23881, 131903, 11, 37934, 0], [54745, 28089, 8341, 11, 11562, 78746, 0]),
    ("שלום עולם", [106154, 143896],
     [59511, 50391, 37769, 251, 17732, 95, 37769, 250, 147, 251]),
    ("👋🏽", [28823, 233, 52622, 121], [9468, 239, 233, 9468, 237, 121]),
    ("e\u0301té", [68, 13430, 54949], [68, 54939, 83, 978]),
]


@pytest.fixture(scope="module")
def tokenizers() -> Tokenizers:
    return Tokenizers()


@pytest.mark.parametrize(("text", "o200k", "cl100k"), PINNED, ids=[p[0] for p in PINNED])
def test_texts_split_into_the_pinned_ids(
    tokenizers: Tokenizers, text: str, o200k: list[int], cl100k: list[int]
) -> None:
    assert [t.id for t in tokenizers.tokenize(text, "o200k_base").tokens] == o200k
    assert [t.id for t in tokenizers.tokenize(text, "cl100k_base").tokens] == cl100k


def test_hello_world_tokens_keep_their_leading_space(tokenizers: Tokenizers) -> None:
    result = tokenizers.tokenize("Hello, world!", "o200k_base")
    assert [t.text for t in result.tokens] == ["Hello", ",", " world", "!"]
    assert [t.shown for t in result.tokens] == ["Hello", ",", "␣world", "!"]
    assert result.count == 4
    assert result.characters_per_token == pytest.approx(13 / 4)
    assert result.words_per_token == pytest.approx(2 / 4)


def test_bytes_of_a_split_character_show_as_hex(tokenizers: Tokenizers) -> None:
    result = tokenizers.tokenize("👋🏽", "o200k_base")
    assert [t.text for t in result.tokens] == [
        "<0xF0><0x9F><0x91>", "<0x8B>", "<0xF0><0x9F><0x8F>", "<0xBD>",
    ]
    hebrew = tokenizers.tokenize("שלום עולם", "cl100k_base")
    assert [t.text for t in hebrew.tokens][2:4] == ["ו<0xD7>", "<0x9D>"]


def test_special_token_text_is_plain_text(tokenizers: Tokenizers) -> None:
    result = tokenizers.tokenize("<|endoftext|>", "o200k_base")
    assert [t.id for t in result.tokens] == [27, 91, 419, 1440, 919, 91, 29]


def test_mentions_and_links_are_just_tokens(tokenizers: Tokenizers) -> None:
    result = tokenizers.tokenize("@everyone <@123> https://example.com", "o200k_base")
    assert [t.text for t in result.tokens] == [
        "@", "everyone", " <", "@", "123", ">", " https", "://", "example", ".com",
    ]


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b" caf\xc3\xa9", " café"),
        (b"\xe2\x82", "<0xE2><0x82>"),
        (b"a\xe2", "a<0xE2>"),
        (b"\x8bok", "<0x8B>ok"),
        (b"\xd7\x95\xd7", "ו<0xD7>"),
    ],
)
def test_token_text_marks_only_the_bytes_that_are_not_whole_characters(
    raw: bytes, text: str
) -> None:
    assert token_text(raw) == text


def test_whitespace_is_made_visible() -> None:
    assert visible(" a\n\tb ") == "␣a↵⇥b␣"


class _Counting:
    """A loader that hands out a tiny fake encoding and remembers who asked, from where."""

    def __init__(self) -> None:
        self.loads: list[EncodingName] = []
        self.threads: list[threading.Thread] = []

    def __call__(self, name: EncodingName) -> Encoder:
        self.loads.append(name)
        self.threads.append(threading.current_thread())
        return _Bytes()


class _Bytes:
    def encode_ordinary(self, text: str) -> list[int]:
        return list(text.encode())

    def decode_single_token_bytes(self, token: int) -> bytes:
        return bytes([token])


async def test_each_encoding_loads_once_and_only_when_asked_for() -> None:
    loader = _Counting()
    tokenizers = Tokenizers(loader)
    assert loader.loads == []
    await asyncio.gather(*(tokenizers.tokenize_async("hi", "o200k_base") for _ in range(5)))
    assert loader.loads == ["o200k_base"]
    await tokenizers.tokenize_async("hi", "cl100k_base")
    assert loader.loads == ["o200k_base", "cl100k_base"]


async def test_first_use_loads_in_a_worker_thread() -> None:
    loader = _Counting()
    await Tokenizers(loader).tokenize_async("hi", "o200k_base")
    assert loader.threads[0] is not threading.main_thread()


def loaded_after(imports: str, modules: tuple[str, ...]) -> list[str]:
    probe = f"import sys, {imports}; print(' '.join(m for m in {modules!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    return out.stdout.split()


def test_importing_the_labs_loads_neither_the_tokenizer_nor_pillow() -> None:
    labs = "bot.engine.labs.lab, bot.engine.labs.replies, bot.pictures.bars"
    assert loaded_after(labs, ("bpe_openai", "PIL")) == []


def test_the_engine_imports_no_lab_or_recap_chart_until_one_is_used() -> None:
    lab_modules = ("bot.engine.labs.lab", "bot.engine.labs.sampling", "bot.pictures.bars",
                   "bot.pictures.token_boxes", "bot.engine.daily.recap_chart", "bpe_openai",
                   "PIL")
    assert loaded_after("bot.engine.engine, bot.adapters.console", lab_modules) == []
