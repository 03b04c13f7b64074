"""Members' streaks of correct daily answers, written once for every SQL backend."""

from __future__ import annotations

from collections.abc import Sequence

from storage.records import StreakRecord
from storage.sql.access import BY_CODE_POINT, Row, SqlAccess

_STREAK_COLUMNS = (
    "workspace_id, channel_id, user_id, current_days, best_days, last_date, freeze_week"
)

_STREAK_UPSERT = (
    f"INSERT INTO streaks ({_STREAK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (workspace_id, channel_id, user_id) DO UPDATE SET"
    " current_days = excluded.current_days,"
    " best_days = CASE WHEN excluded.best_days > streaks.best_days"
    " THEN excluded.best_days ELSE streaks.best_days END,"
    " last_date = excluded.last_date,"
    " freeze_week = COALESCE(excluded.freeze_week, streaks.freeze_week)"
)


def _streak(row: Row) -> StreakRecord:
    return StreakRecord(row[0], row[1], row[2], int(row[3]), int(row[4]), row[5], row[6])


class StreakQueries(SqlAccess):
    async def active_streaks(self, workspace_id: str, channel_id: str) -> list[StreakRecord]:
        rows = await self._read_all(
            f"SELECT {_STREAK_COLUMNS} FROM streaks WHERE workspace_id = ? AND channel_id = ?"
            f" AND current_days > 0 ORDER BY user_id{BY_CODE_POINT}",
            workspace_id,
            channel_id,
        )
        return [_streak(row) for row in rows]

    async def get_streak(
        self, workspace_id: str, channel_id: str, user_id: str
    ) -> StreakRecord | None:
        row = await self._read_one(
            f"SELECT {_STREAK_COLUMNS} FROM streaks WHERE workspace_id = ? AND channel_id = ?"
            " AND user_id = ?",
            workspace_id,
            channel_id,
            user_id,
        )
        return None if row is None else _streak(row)

    async def save_streaks(self, streaks: Sequence[StreakRecord]) -> None:
        if not streaks:
            return
        # Sorted so that two instances saving overlapping streaks lock rows in one order.
        ordered = sorted(streaks, key=lambda s: (s.workspace_id, s.channel_id, s.user_id))
        async with self._transaction() as session:
            await session.write_many(
                _STREAK_UPSERT,
                [
                    (
                        s.workspace_id,
                        s.channel_id,
                        s.user_id,
                        s.current,
                        s.best,
                        s.last_date,
                        s.freeze_week,
                    )
                    for s in ordered
                ],
            )
