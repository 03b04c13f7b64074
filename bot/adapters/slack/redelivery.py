"""Remembers recent Events API event ids, so a retried or re-delivered event runs once."""

from __future__ import annotations

from collections import OrderedDict

REMEMBERED = 10_000


class RecentIds:
    """A bounded set: Slack retries within minutes, so the oldest ids can be forgotten."""

    def __init__(self, size: int = REMEMBERED) -> None:
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def first_time(self, event_id: str) -> bool:
        """Record `event_id`; True only the first time it is seen."""
        if event_id in self._ids:
            return False
        self._ids[event_id] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True
