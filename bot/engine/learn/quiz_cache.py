"""Quizzes never change once created, so a burst of answers reads each one from the store once."""

from __future__ import annotations

from collections import OrderedDict

from bot.engine.single_flight import SingleFlight
from storage import QuizRecord, Store


class QuizCache:
    """A bounded LRU of quiz records with one shared read per missing quiz.

    Without it, a thousand members answering the same daily question would queue a
    thousand identical reads behind the database thread. Misses are not remembered: a
    quiz another instance creates a moment later must still be found.
    """

    def __init__(self, store: Store, size: int = 4096) -> None:
        self.store = store
        self.size = size
        self._records: OrderedDict[tuple[str, str], QuizRecord] = OrderedDict()
        self._reading: SingleFlight[tuple[str, str], QuizRecord | None] = SingleFlight()

    def remember(self, record: QuizRecord) -> None:
        key = (record.workspace_id, record.id)
        self._records[key] = record
        self._records.move_to_end(key)
        while len(self._records) > self.size:
            self._records.popitem(last=False)

    async def get(self, workspace_id: str, quiz_id: str) -> QuizRecord | None:
        key = (workspace_id, quiz_id)
        record = self._records.get(key)
        if record is not None:
            self._records.move_to_end(key)
            return record
        record = await self._reading.run(key, lambda: self.store.get_quiz(workspace_id, quiz_id))
        if record is not None:
            self.remember(record)
        return record
