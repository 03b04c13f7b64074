"""`llmbot content check` builds the sampling lab's word model from the content it checks."""

from __future__ import annotations

import dataclasses

from bot.engine.labs.corpus import lab_check
from bot.knowledge.cache import load_cached


def test_the_shipped_content_gives_the_lab_a_model_without_problems() -> None:
    assert lab_check(load_cached().kb) == ([], [])


def test_topics_without_a_single_word_fail_the_check() -> None:
    kb = load_cached().kb
    silent = {
        key: dataclasses.replace(topic, short="—", standard="", deep="")
        for key, topic in kb.topics.items()
    }
    errors, _ = lab_check(dataclasses.replace(kb, topics=silent))
    assert errors == ["labs: the topic texts give the sampling lab no words at all"]
