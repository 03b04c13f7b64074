"""Daily channels' schedules, written once for every SQL backend."""

from __future__ import annotations

from collections.abc import Sequence

from storage.records import DailyChannelRecord
from storage.sql.access import BY_CODE_POINT, Row, SqlAccess

_CHANNEL_COLUMNS = (
    "workspace_id, channel_id, post_time, timezone, weekdays, difficulty, topics,"
    " window_minutes, feedback, recap, enabled, since_ms, paused_reason, paused_at_ms,"
    " cycle, cycle_started_ms, updated_by, updated_at_ms, next_due_ms, packs"
)
# What the due index covers: a paused or disabled channel is never due.
_SCHEDULED = "enabled = 1 AND paused_reason IS NULL"

_CHANNEL_UPSERT = (
    f"INSERT INTO daily_channels ({_CHANNEL_COLUMNS})"
    f" VALUES ({', '.join('?' * len(_CHANNEL_COLUMNS.split(', ')))})"
    " ON CONFLICT (workspace_id, channel_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _CHANNEL_COLUMNS.split(", ")[2:])
)


def _channel(row: Row) -> DailyChannelRecord:
    return DailyChannelRecord(
        workspace_id=row[0],
        channel_id=row[1],
        post_time=row[2],
        timezone=row[3],
        weekdays=row[4],
        difficulty=row[5],
        topics=tuple(t for t in row[6].split(",") if t),
        window_minutes=row[7],
        feedback=row[8],
        recap=bool(row[9]),
        enabled=bool(row[10]),
        since_ms=int(row[11]),
        paused_reason=row[12],
        paused_at_ms=row[13],
        cycle=int(row[14]),
        cycle_started_ms=int(row[15]),
        updated_by=row[16],
        updated_at_ms=int(row[17]),
        next_due_ms=None if row[18] is None else int(row[18]),
        packs=tuple(p for p in row[19].split(",") if p),
    )


class DailyQueries(SqlAccess):
    async def get_daily_channel(
        self, workspace_id: str, channel_id: str
    ) -> DailyChannelRecord | None:
        row = await self._read_one(
            f"SELECT {_CHANNEL_COLUMNS} FROM daily_channels"
            " WHERE workspace_id = ? AND channel_id = ?",
            workspace_id,
            channel_id,
        )
        return None if row is None else _channel(row)

    async def save_daily_channel(self, channel: DailyChannelRecord) -> None:
        await self._write(
            _CHANNEL_UPSERT,
            channel.workspace_id,
            channel.channel_id,
            channel.post_time,
            channel.timezone,
            channel.weekdays,
            channel.difficulty,
            ",".join(channel.topics),
            channel.window_minutes,
            channel.feedback,
            int(channel.recap),
            int(channel.enabled),
            channel.since_ms,
            channel.paused_reason,
            channel.paused_at_ms,
            channel.cycle,
            channel.cycle_started_ms,
            channel.updated_by,
            channel.updated_at_ms,
            channel.next_due_ms,
            ",".join(channel.packs),
        )

    async def enabled_daily_channels(self) -> list[DailyChannelRecord]:
        rows = await self._read_all(
            f"SELECT {_CHANNEL_COLUMNS} FROM daily_channels WHERE enabled = 1"
            f" ORDER BY workspace_id{BY_CODE_POINT}, channel_id{BY_CODE_POINT}"
        )
        return [_channel(row) for row in rows]

    async def due_daily_channels(self, now_ms: int, limit: int) -> list[DailyChannelRecord]:
        rows = await self._read_all(
            f"SELECT {_CHANNEL_COLUMNS} FROM daily_channels WHERE {_SCHEDULED}"
            " AND next_due_ms <= ? ORDER BY next_due_ms LIMIT ?",
            now_ms,
            limit,
        )
        return [_channel(row) for row in rows]

    async def next_daily_due_ms(self, after_ms: int) -> int | None:
        row = await self._read_one(
            f"SELECT MIN(next_due_ms) FROM daily_channels WHERE {_SCHEDULED} AND next_due_ms > ?",
            after_ms,
        )
        return None if row is None or row[0] is None else int(row[0])

    async def daily_channels_without_due(self, limit: int) -> list[DailyChannelRecord]:
        rows = await self._read_all(
            f"SELECT {_CHANNEL_COLUMNS} FROM daily_channels WHERE {_SCHEDULED}"
            " AND next_due_ms IS NULL LIMIT ?",
            limit,
        )
        return [_channel(row) for row in rows]

    async def set_daily_next_due(self, dues: Sequence[tuple[str, str, int | None]]) -> None:
        async with self._transaction() as session:
            await session.write_many(
                "UPDATE daily_channels SET next_due_ms = ? WHERE workspace_id = ?"
                " AND channel_id = ?",
                [(due, workspace, channel) for workspace, channel, due in dues],
            )

    async def paused_daily_channels(self, workspace_id: str) -> list[DailyChannelRecord]:
        rows = await self._read_all(
            f"SELECT {_CHANNEL_COLUMNS} FROM daily_channels WHERE workspace_id = ?"
            f" AND enabled = 1 AND paused_reason IS NOT NULL ORDER BY channel_id{BY_CODE_POINT}",
            workspace_id,
        )
        return [_channel(row) for row in rows]

    async def set_daily_paused(
        self, workspace_id: str, channel_id: str, reason: str | None, at_ms: int
    ) -> None:
        await self._write(
            "UPDATE daily_channels SET paused_reason = ?, paused_at_ms = ?"
            " WHERE workspace_id = ? AND channel_id = ?",
            reason,
            at_ms if reason else None,
            workspace_id,
            channel_id,
        )

    async def set_daily_cycle(
        self, workspace_id: str, channel_id: str, cycle: int, started_ms: int
    ) -> None:
        await self._write(
            "UPDATE daily_channels SET cycle = ?, cycle_started_ms = ?"
            " WHERE workspace_id = ? AND channel_id = ?",
            cycle,
            started_ms,
            workspace_id,
            channel_id,
        )

    async def daily_questions_since(
        self, workspace_id: str, channel_id: str, since_ms: int
    ) -> list[str]:
        rows = await self._read_all(
            "SELECT question_id FROM quizzes WHERE workspace_id = ? AND channel_id = ?"
            " AND kind = 'daily' AND created_at_ms >= ? ORDER BY created_at_ms",
            workspace_id,
            channel_id,
            since_ms,
        )
        return [row[0] for row in rows]
