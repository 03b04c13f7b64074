"""Which question a channel gets next: no repeat until its pool is used up, topics spread out.

The order of each pass through the pool comes from the engine seed, the channel and
the pass number alone, so the same seed gives the same questions in the same order.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from bot.engine.progress.observed import ObservedStats
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.models import Question
from storage import DailyChannelRecord, Store

OBSERVED_LEVELS = ("easy", "hard")


def cycle_order(pool: Sequence[Question], seed_text: str) -> list[Question]:
    """One pass through the pool: each topic's questions shuffled, topics taken in turn."""
    rng = random.Random(seed_text)
    by_topic: dict[str, list[Question]] = {}
    for question in sorted(pool, key=lambda q: q.id):
        by_topic.setdefault(question.topics[0], []).append(question)
    topics = sorted(by_topic)
    rng.shuffle(topics)
    for topic in topics:
        rng.shuffle(by_topic[topic])
    order: list[Question] = []
    while any(by_topic.values()):
        for topic in topics:
            if by_topic[topic]:
                order.append(by_topic[topic].pop())
    return order


class DailyPicker:
    def __init__(
        self,
        kb: KnowledgeBase,
        store: Store,
        seed: int | None,
        observed: ObservedStats | None = None,
    ) -> None:
        self.kb = kb
        self.store = store
        self.seed = seed
        self.observed = observed

    async def pool(self, channel: DailyChannelRecord) -> list[Question]:
        """The channel's pool; for `easy` and `hard`, questions as members found them.

        Points still follow the written difficulty, so scores stay comparable.
        """
        found: Mapping[str, str] = {}
        if self.observed is not None and channel.difficulty in OBSERVED_LEVELS:
            found = await self.observed.difficulties(channel.workspace_id)
        return pool_for(self.kb, channel.topics, channel.difficulty, found)

    def seed_text(self, channel: DailyChannelRecord, cycle: int) -> str:
        return f"{self.seed}:{channel.workspace_id}:{channel.channel_id}:{cycle}"

    async def choose(
        self, channel: DailyChannelRecord, now_ms: int, *, commit: bool
    ) -> Question | None:
        """The next question; `commit` records a new pass when the current one is used up."""
        pool = await self.pool(channel)
        if not pool:
            return None
        asked = await self.store.daily_questions_since(
            channel.workspace_id, channel.channel_id, channel.cycle_started_ms
        )
        used = set(asked)
        for question in cycle_order(pool, self.seed_text(channel, channel.cycle)):
            if question.id not in used:
                return question
        cycle = channel.cycle + 1
        if commit:
            await self.store.set_daily_cycle(
                channel.workspace_id, channel.channel_id, cycle, now_ms
            )
        order = cycle_order(pool, self.seed_text(channel, cycle))
        if len(order) > 1 and asked and order[0].id == asked[-1]:
            return order[1]
        return order[0]


def pool_for(
    kb: KnowledgeBase,
    topics: Sequence[str],
    difficulty: str | None,
    observed: Mapping[str, str] | None = None,
) -> list[Question]:
    """Questions whose topics include any chosen topic (all when none), at that difficulty:
    the observed one where `observed` has it, else the written one."""
    chosen = set(topics)
    seen = observed or {}
    return [
        q
        for q in kb.questions.values()
        if (not chosen or chosen & set(q.topics))
        and difficulty in (None, seen.get(q.id, q.difficulty))
    ]
