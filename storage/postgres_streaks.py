"""PostgreSQL queries for members' streaks of correct daily answers."""

from __future__ import annotations

from collections.abc import Sequence

from storage.daily_records import StreakRecord
from storage.postgres_access import PostgresAccess, Row

_STREAK_COLUMNS = (
    "workspace_id, channel_id, user_id, current_days, best_days, last_date, freeze_week"
)


def _streak(row: Row) -> StreakRecord:
    return StreakRecord(row[0], row[1], row[2], int(row[3]), int(row[4]), row[5], row[6])


class PostgresStreaks(PostgresAccess):
    """Member lists sort with COLLATE "C", in SQLite's (code point) order."""

    async def active_streaks(self, workspace_id: str, channel_id: str) -> list[StreakRecord]:
        rows = await self._fetch(
            f"SELECT {_STREAK_COLUMNS} FROM streaks WHERE workspace_id = $1 AND channel_id = $2"
            ' AND current_days > 0 ORDER BY user_id COLLATE "C"',
            workspace_id,
            channel_id,
        )
        return [_streak(row) for row in rows]

    async def get_streak(
        self, workspace_id: str, channel_id: str, user_id: str
    ) -> StreakRecord | None:
        row = await self._fetch_one(
            f"SELECT {_STREAK_COLUMNS} FROM streaks WHERE workspace_id = $1 AND channel_id = $2"
            " AND user_id = $3",
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
        async with self._transaction() as conn:
            await conn.executemany(
                f"INSERT INTO streaks ({_STREAK_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                " ON CONFLICT (workspace_id, channel_id, user_id) DO UPDATE SET"
                " current_days = excluded.current_days,"
                " best_days = GREATEST(excluded.best_days, streaks.best_days),"
                " last_date = excluded.last_date,"
                " freeze_week = COALESCE(excluded.freeze_week, streaks.freeze_week)",
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
