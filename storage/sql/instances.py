"""Heartbeats of the running llmbot processes, so instances sharing a token share its limit."""

from __future__ import annotations

from storage.sql.access import SqlAccess

_BEAT = (
    "INSERT INTO instances (id, seen_at_ms) VALUES (?, ?)"
    " ON CONFLICT (id) DO UPDATE SET seen_at_ms = excluded.seen_at_ms"
)


class InstanceQueries(SqlAccess):
    async def beat_instance(self, instance_id: str, now_ms: int, live_after_ms: int) -> int:
        async with self._transaction() as session:
            await session.write(_BEAT, instance_id, now_ms)
            # An instance that stopped beating (killed, crashed) stops counting here.
            await session.write("DELETE FROM instances WHERE seen_at_ms <= ?", live_after_ms)
            rows = await session.write("SELECT COUNT(*) FROM instances")
        return int(rows[0][0])

    async def leave_instance(self, instance_id: str) -> None:
        await self._write("DELETE FROM instances WHERE id = ?", instance_id)
