"""Real OpenAI tokenizers, loaded on first use, once, off the event loop.

`bpe-openai` ships both vocabularies inside its wheel, so nothing is downloaded; it is
heavy (about half a second and 70 MB to import, 35 to 75 MB more per encoding), so nothing
imports it until someone asks for tokens, and the second encoding loads only when asked for.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from bot.engine.labs.token_text import Token, token_text

log = logging.getLogger(__name__)

EncodingName = Literal["o200k_base", "cl100k_base"]

# Who reads each encoding, said the way a learner knows the models.
READERS: dict[EncodingName, str] = {
    "o200k_base": "a GPT-4o-class model",
    "cl100k_base": "GPT-4 or GPT-3.5",
}


class Encoder(Protocol):
    """The two calls llmbot needs from an encoding (bpe-openai's `Encoding` has them)."""

    def encode_ordinary(self, text: str) -> list[int]: ...

    def decode_single_token_bytes(self, token: int) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Tokenization:
    """A text as one encoding splits it: every token, in order."""

    encoding: EncodingName
    text: str
    tokens: tuple[Token, ...]

    @property
    def count(self) -> int:
        return len(self.tokens)

    @property
    def characters_per_token(self) -> float:
        return len(self.text) / self.count if self.tokens else 0.0

    @property
    def words_per_token(self) -> float:
        return len(self.text.split()) / self.count if self.tokens else 0.0


def _bpe_openai_encoding(name: EncodingName) -> Encoder:
    import bpe_openai

    encoder: Encoder = bpe_openai.get_encoding(name)
    return encoder


class Tokenizers:
    """Each encoding loaded at most once per process, whichever thread asks first.

    `load` is injectable so tests can count loads; production uses bpe-openai.
    """

    def __init__(self, load: Callable[[EncodingName], Encoder] = _bpe_openai_encoding) -> None:
        self._load = load
        self._loaded: dict[EncodingName, Encoder] = {}
        self._lock = threading.Lock()

    def encoder(self, name: EncodingName) -> Encoder:
        """The encoding, loading it now if this is its first use (blocking: call it in a thread)."""
        found = self._loaded.get(name)
        if found is not None:
            return found
        with self._lock:
            found = self._loaded.get(name)
            if found is None:
                started = time.perf_counter()
                found = self._load(name)
                log.info("loaded tokenizer %s in %.2f s", name, time.perf_counter() - started)
                self._loaded[name] = found
        return found

    def tokenize(self, text: str, name: EncodingName) -> Tokenization:
        """Blocking; special-token text such as `<|endoftext|>` is read as plain text."""
        encoder = self.encoder(name)
        ids = encoder.encode_ordinary(text)
        tokens = tuple(
            Token(token_id, token_text(encoder.decode_single_token_bytes(token_id)))
            for token_id in ids
        )
        return Tokenization(name, text, tokens)

    async def tokenize_async(self, text: str, name: EncodingName) -> Tokenization:
        """The same, in a worker thread: a first use loads for a second or so, and the event
        loop keeps serving everyone else meanwhile."""
        return await asyncio.to_thread(self.tokenize, text, name)
