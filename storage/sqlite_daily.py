"""SQLite queries for daily channels, their exactly-once claims and streaks."""

from __future__ import annotations

from collections.abc import Sequence

from storage.daily_records import (
    ClaimStatus,
    DailyChannelRecord,
    DailyClaim,
    FollowUp,
    StreakRecord,
)
from storage.sqlite_access import Row, SqliteAccess

_CLAIM_COLUMNS = (
    "workspace_id, channel_id, local_date, kind, status, due_at_ms, claimed_by,"
    " lease_until_ms, attempts, quiz_id, message_ref, detail, updated_at_ms"
)

# Takes a (channel, date, kind) that nobody holds: a new row, a pending follow-up, or a
# claim whose lease ran out before it was marked done. One statement, so two instances
# racing for the same row cannot both get it back.
_CLAIM = f"""
INSERT INTO daily_claims ({_CLAIM_COLUMNS})
VALUES (?, ?, ?, ?, 'claimed', ?, ?, ?, 1, NULL, NULL, NULL, ?)
ON CONFLICT (workspace_id, channel_id, local_date, kind) DO UPDATE SET
    status = 'claimed',
    claimed_by = excluded.claimed_by,
    lease_until_ms = excluded.lease_until_ms,
    attempts = daily_claims.attempts + 1,
    updated_at_ms = excluded.updated_at_ms
WHERE daily_claims.status IN ('pending', 'claimed')
    AND daily_claims.lease_until_ms <= excluded.updated_at_ms
RETURNING {_CLAIM_COLUMNS}
"""

# Settles a day nobody is working on (skipped by an admin, missed while offline).
_SETTLE = f"""
INSERT INTO daily_claims ({_CLAIM_COLUMNS})
VALUES (?, ?, ?, ?, ?, ?, NULL, 0, 0, NULL, NULL, ?, ?)
ON CONFLICT (workspace_id, channel_id, local_date, kind) DO UPDATE SET
    status = excluded.status,
    detail = excluded.detail,
    updated_at_ms = excluded.updated_at_ms
WHERE daily_claims.status IN ('pending', 'claimed')
    AND daily_claims.lease_until_ms <= excluded.updated_at_ms
RETURNING status
"""

_FOLLOW_UP = f"""
INSERT INTO daily_claims ({_CLAIM_COLUMNS})
VALUES (?, ?, ?, ?, 'pending', ?, NULL, 0, 0, ?, NULL, NULL, ?)
ON CONFLICT (workspace_id, channel_id, local_date, kind) DO NOTHING
"""

_CHANNEL_COLUMNS = (
    "workspace_id, channel_id, post_time, timezone, weekdays, difficulty, topics,"
    " window_minutes, feedback, recap, enabled, since_ms, paused_reason, paused_at_ms,"
    " cycle, cycle_started_ms, updated_by, updated_at_ms"
)

_STREAK_COLUMNS = (
    "workspace_id, channel_id, user_id, current_days, best_days, last_date, freeze_week"
)


def _claim(row: Row) -> DailyClaim:
    return DailyClaim(
        workspace_id=row[0],
        channel_id=row[1],
        local_date=row[2],
        kind=row[3],
        status=ClaimStatus(row[4]),
        due_at_ms=int(row[5]),
        claimed_by=row[6],
        lease_until_ms=int(row[7]),
        attempts=int(row[8]),
        quiz_id=row[9],
        message_ref=row[10],
        detail=row[11],
        updated_at_ms=int(row[12]),
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
    )


def _streak(row: Row) -> StreakRecord:
    return StreakRecord(row[0], row[1], row[2], int(row[3]), int(row[4]), row[5], row[6])


class SqliteDaily(SqliteAccess):
    async def get_daily_channel(
        self, workspace_id: str, channel_id: str
    ) -> DailyChannelRecord | None:
        row = await self._fetch_one(
            f"SELECT {_CHANNEL_COLUMNS} FROM daily_channels"
            " WHERE workspace_id = ? AND channel_id = ?",
            (workspace_id, channel_id),
        )
        return None if row is None else _channel(row)

    async def save_daily_channel(self, channel: DailyChannelRecord) -> None:
        columns = _CHANNEL_COLUMNS.split(", ")
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns[2:])
        await self._write(
            f"INSERT INTO daily_channels ({_CHANNEL_COLUMNS})"
            f" VALUES ({', '.join('?' * len(columns))})"
            f" ON CONFLICT (workspace_id, channel_id) DO UPDATE SET {updates}",
            (
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
            ),
        )

    async def enabled_daily_channels(self) -> list[DailyChannelRecord]:
        rows = await self._fetch(
            f"SELECT {_CHANNEL_COLUMNS} FROM daily_channels WHERE enabled = 1"
            " ORDER BY workspace_id, channel_id"
        )
        return [_channel(row) for row in rows]

    async def paused_daily_channels(self, workspace_id: str) -> list[DailyChannelRecord]:
        rows = await self._fetch(
            f"SELECT {_CHANNEL_COLUMNS} FROM daily_channels WHERE workspace_id = ?"
            " AND enabled = 1 AND paused_reason IS NOT NULL ORDER BY channel_id",
            (workspace_id,),
        )
        return [_channel(row) for row in rows]

    async def set_daily_paused(
        self, workspace_id: str, channel_id: str, reason: str | None, at_ms: int
    ) -> None:
        await self._write(
            "UPDATE daily_channels SET paused_reason = ?, paused_at_ms = ?"
            " WHERE workspace_id = ? AND channel_id = ?",
            (reason, at_ms if reason else None, workspace_id, channel_id),
        )

    async def set_daily_cycle(
        self, workspace_id: str, channel_id: str, cycle: int, started_ms: int
    ) -> None:
        await self._write(
            "UPDATE daily_channels SET cycle = ?, cycle_started_ms = ?"
            " WHERE workspace_id = ? AND channel_id = ?",
            (cycle, started_ms, workspace_id, channel_id),
        )

    async def daily_questions_since(
        self, workspace_id: str, channel_id: str, since_ms: int
    ) -> list[str]:
        rows = await self._fetch(
            "SELECT question_id FROM quizzes WHERE workspace_id = ? AND channel_id = ?"
            " AND kind = 'daily' AND created_at_ms >= ? ORDER BY created_at_ms",
            (workspace_id, channel_id, since_ms),
        )
        return [row[0] for row in rows]

    async def claim_daily(
        self,
        workspace_id: str,
        channel_id: str,
        local_date: str,
        kind: str,
        owner: str,
        now_ms: int,
        lease_until_ms: int,
    ) -> DailyClaim | None:
        rows = await self._write(
            _CLAIM,
            (workspace_id, channel_id, local_date, kind, now_ms, owner, lease_until_ms, now_ms),
        )
        return _claim(rows[0]) if rows else None

    async def attach_daily_quiz(
        self, workspace_id: str, channel_id: str, local_date: str, kind: str, quiz_id: str
    ) -> None:
        await self._write(
            "UPDATE daily_claims SET quiz_id = ? WHERE workspace_id = ? AND channel_id = ?"
            " AND local_date = ? AND kind = ?",
            (quiz_id, workspace_id, channel_id, local_date, kind),
        )

    async def finish_daily_claim(
        self,
        claim: DailyClaim,
        status: ClaimStatus,
        now_ms: int,
        *,
        message_ref: str | None = None,
        detail: str | None = None,
        follow_ups: Sequence[FollowUp] = (),
    ) -> bool:
        async with self._transaction() as conn:
            async with conn.execute(
                "UPDATE daily_claims SET status = ?, message_ref = ?, detail = ?,"
                " updated_at_ms = ? WHERE workspace_id = ? AND channel_id = ?"
                " AND local_date = ? AND kind = ? AND status = 'claimed' AND claimed_by = ?"
                " RETURNING kind",
                (
                    status.value,
                    message_ref,
                    detail,
                    now_ms,
                    claim.workspace_id,
                    claim.channel_id,
                    claim.local_date,
                    claim.kind,
                    claim.claimed_by,
                ),
            ) as cursor:
                owned = bool(await cursor.fetchall())
            if owned:
                for follow_up in follow_ups:
                    await conn.execute(
                        _FOLLOW_UP,
                        (
                            claim.workspace_id,
                            claim.channel_id,
                            follow_up.local_date,
                            follow_up.kind,
                            follow_up.due_at_ms,
                            claim.quiz_id,
                            now_ms,
                        ),
                    )
        return owned

    async def settle_daily_day(
        self,
        workspace_id: str,
        channel_id: str,
        local_date: str,
        kind: str,
        status: ClaimStatus,
        detail: str,
        now_ms: int,
    ) -> bool:
        rows = await self._write(
            _SETTLE,
            (workspace_id, channel_id, local_date, kind, status.value, now_ms, detail, now_ms),
        )
        return bool(rows)

    async def reopen_daily_day(
        self, workspace_id: str, channel_id: str, local_date: str, kind: str, now_ms: int
    ) -> bool:
        rows = await self._write(
            "UPDATE daily_claims SET status = 'pending', lease_until_ms = 0, detail = NULL,"
            " updated_at_ms = ? WHERE workspace_id = ? AND channel_id = ? AND local_date = ?"
            " AND kind = ? AND status IN ('skipped', 'missed', 'failed') RETURNING kind",
            (now_ms, workspace_id, channel_id, local_date, kind),
        )
        return bool(rows)

    async def get_daily_claim(
        self, workspace_id: str, channel_id: str, local_date: str, kind: str
    ) -> DailyClaim | None:
        row = await self._fetch_one(
            f"SELECT {_CLAIM_COLUMNS} FROM daily_claims WHERE workspace_id = ?"
            " AND channel_id = ? AND local_date = ? AND kind = ?",
            (workspace_id, channel_id, local_date, kind),
        )
        return None if row is None else _claim(row)

    async def daily_claims_between(
        self, workspace_id: str, channel_id: str, first_date: str, last_date: str
    ) -> list[DailyClaim]:
        rows = await self._fetch(
            f"SELECT {_CLAIM_COLUMNS} FROM daily_claims WHERE workspace_id = ?"
            " AND channel_id = ? AND local_date >= ? AND local_date <= ?"
            " ORDER BY local_date, kind",
            (workspace_id, channel_id, first_date, last_date),
        )
        return [_claim(row) for row in rows]

    async def due_daily_work(
        self, now_ms: int, kinds: Sequence[str], limit: int
    ) -> list[DailyClaim]:
        marks = ", ".join("?" * len(kinds))
        rows = await self._fetch(
            f"SELECT {_CLAIM_COLUMNS} FROM daily_claims WHERE kind IN ({marks}) AND ("
            " (status = 'pending' AND due_at_ms <= ?)"
            " OR (status = 'claimed' AND lease_until_ms <= ?))"
            " ORDER BY due_at_ms LIMIT ?",
            (*kinds, now_ms, now_ms, limit),
        )
        return [_claim(row) for row in rows]

    async def next_daily_wake_ms(self, after_ms: int) -> int | None:
        row = await self._fetch_one(
            "SELECT MIN(CASE WHEN status = 'pending' THEN due_at_ms ELSE lease_until_ms END)"
            " FROM daily_claims WHERE (status = 'pending' AND due_at_ms > ?)"
            " OR (status = 'claimed' AND lease_until_ms > ?)",
            (after_ms, after_ms),
        )
        return None if row is None or row[0] is None else int(row[0])

    async def active_streaks(self, workspace_id: str, channel_id: str) -> list[StreakRecord]:
        rows = await self._fetch(
            f"SELECT {_STREAK_COLUMNS} FROM streaks WHERE workspace_id = ? AND channel_id = ?"
            " AND current_days > 0 ORDER BY user_id",
            (workspace_id, channel_id),
        )
        return [_streak(row) for row in rows]

    async def get_streak(
        self, workspace_id: str, channel_id: str, user_id: str
    ) -> StreakRecord | None:
        row = await self._fetch_one(
            f"SELECT {_STREAK_COLUMNS} FROM streaks WHERE workspace_id = ? AND channel_id = ?"
            " AND user_id = ?",
            (workspace_id, channel_id, user_id),
        )
        return None if row is None else _streak(row)

    async def save_streaks(self, streaks: Sequence[StreakRecord]) -> None:
        if not streaks:
            return
        async with self._transaction() as conn:
            await conn.executemany(
                f"INSERT INTO streaks ({_STREAK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (workspace_id, channel_id, user_id) DO UPDATE SET"
                " current_days = excluded.current_days,"
                " best_days = CASE WHEN excluded.best_days > streaks.best_days"
                " THEN excluded.best_days ELSE streaks.best_days END,"
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
                    for s in streaks
                ],
            )
