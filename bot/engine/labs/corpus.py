"""The sampling lab's model, built from llmbot's own topic texts, and the checks it must pass.

Built at first use rather than shipped: it then always matches the content being served,
and `llmbot content check` builds it too, so a content change that breaks it fails there.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterator

from bot.engine.labs.ngram import NgramModel
from bot.knowledge.base import KnowledgeBase

log = logging.getLogger(__name__)

# The examples that "Try it" buttons open; the check below makes sure they still work.
EXAMPLE_TEXT = "Tokenization splits unfamiliar words"
EXAMPLE_PROMPT = "the transformer"
MIN_VOCABULARY = 500


def topic_texts(kb: KnowledgeBase) -> Iterator[str]:
    """Every topic at its three depths: each depth is its own run of text."""
    for topic in kb.topics.values():
        yield topic.short
        yield topic.standard
        yield topic.deep


def build_model(kb: KnowledgeBase) -> NgramModel:
    return NgramModel(topic_texts(kb))


def model_problems(model: NgramModel) -> list[str]:
    """What would make the lab useless on this content, said so that an author can act."""
    problems = []
    if len(model) < MIN_VOCABULARY:
        problems.append(
            f"labs: the topic texts give the sampling lab {len(model)} distinct words; "
            f"it needs at least {MIN_VOCABULARY}"
        )
    step = model.step(model.context_of(EXAMPLE_PROMPT))
    if step.order < 3:
        problems.append(
            f"labs: the sampling example {EXAMPLE_PROMPT!r} no longer appears in the topic "
            "texts; change EXAMPLE_PROMPT in bot/engine/labs/corpus.py"
        )
    return problems


def lab_check(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """For `llmbot content check`: no words at all breaks the lab (an error); a small
    vocabulary or a lost example only makes it poorer (warnings)."""
    model = build_model(kb)
    if not len(model):
        return ["labs: the topic texts give the sampling lab no words at all"], []
    return [], model_problems(model)


class LazyModel:
    """The model for one knowledge base, built once, on first use, in a worker thread."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._model: NgramModel | None = None
        self._lock = threading.Lock()

    def get(self) -> NgramModel:
        """Blocking: builds the model if this is its first use."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    started = time.perf_counter()
                    self._model = build_model(self._kb)
                    log.info("built the sampling lab's word model (%d words) in %.2f s",
                             len(self._model), time.perf_counter() - started)
        return self._model

    async def ready(self) -> NgramModel:
        if self._model is not None:
            return self._model
        return await asyncio.to_thread(self.get)
