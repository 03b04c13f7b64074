"""PostgreSQL queries for daily channels and their exactly-once claims."""

from __future__ import annotations

from collections.abc import Sequence

from storage.daily_records import (
    ClaimStatus,
    DailyChannelRecord,
    DailyClaim,
    FollowUp,
)
from storage.postgres_access import PostgresAccess, Row

_CLAIM_COLUMNS = (
    "workspace_id, channel_id, local_date, kind, status, due_at_ms, claimed_by,"
    " lease_until_ms, attempts, quiz_id, message_ref, detail, updated_at_ms"
)

# Takes a (channel, date, kind) that nobody holds. INSERT … ON CONFLICT DO UPDATE locks the
# conflicting row and re-checks the WHERE against its latest committed version, so of
# several instances racing for one row exactly one gets it back.
_CLAIM = f"""
INSERT INTO daily_claims ({_CLAIM_COLUMNS})
VALUES ($1, $2, $3, $4, 'claimed', $5, $6, $7, 1, NULL, NULL, NULL, $5)
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

_SETTLE = f"""
INSERT INTO daily_claims ({_CLAIM_COLUMNS})
VALUES ($1, $2, $3, $4, $5, $6, NULL, 0, 0, NULL, NULL, $7, $6)
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
VALUES ($1, $2, $3, $4, 'pending', $5, NULL, 0, 0, $6, NULL, NULL, $7)
ON CONFLICT (workspace_id, channel_id, local_date, kind) DO NOTHING
"""

_CHANNEL_COLUMNS = (
    "workspace_id, channel_id, post_time, timezone, weekdays, difficulty, topics,"
    " window_minutes, feedback, recap, enabled, since_ms, paused_reason, paused_at_ms,"
    " cycle, cycle_started_ms, updated_by, updated_at_ms"
)

_CHANNEL_UPSERT = (
    f"INSERT INTO daily_channels ({_CHANNEL_COLUMNS}) VALUES ("
    + ", ".join(f"${n}" for n in range(1, 19))
    + ") ON CONFLICT (workspace_id, channel_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _CHANNEL_COLUMNS.split(", ")[2:])
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


class PostgresDaily(PostgresAccess):
    """Text orderings use COLLATE "C" so lists come back in SQLite's (code point) order
    whatever the database's locale."""

    async def get_daily_channel(
        self, workspace_id: str, channel_id: str
    ) -> DailyChannelRecord | None:
        row = await self._fetch_one(
            f"SELECT {_CHANNEL_COLUMNS} FROM daily_channels"
            " WHERE workspace_id = $1 AND channel_id = $2",
            workspace_id,
            channel_id,
        )
        return None if row is None else _channel(row)

    async def save_daily_channel(self, channel: DailyChannelRecord) -> None:
        await self._execute(
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
        )

    async def enabled_daily_channels(self) -> list[DailyChannelRecord]:
        rows = await self._fetch(
            f"SELECT {_CHANNEL_COLUMNS} FROM daily_channels WHERE enabled = 1"
            ' ORDER BY workspace_id COLLATE "C", channel_id COLLATE "C"'
        )
        return [_channel(row) for row in rows]

    async def paused_daily_channels(self, workspace_id: str) -> list[DailyChannelRecord]:
        rows = await self._fetch(
            f"SELECT {_CHANNEL_COLUMNS} FROM daily_channels WHERE workspace_id = $1"
            ' AND enabled = 1 AND paused_reason IS NOT NULL ORDER BY channel_id COLLATE "C"',
            workspace_id,
        )
        return [_channel(row) for row in rows]

    async def set_daily_paused(
        self, workspace_id: str, channel_id: str, reason: str | None, at_ms: int
    ) -> None:
        await self._execute(
            "UPDATE daily_channels SET paused_reason = $1, paused_at_ms = $2"
            " WHERE workspace_id = $3 AND channel_id = $4",
            reason,
            at_ms if reason else None,
            workspace_id,
            channel_id,
        )

    async def set_daily_cycle(
        self, workspace_id: str, channel_id: str, cycle: int, started_ms: int
    ) -> None:
        await self._execute(
            "UPDATE daily_channels SET cycle = $1, cycle_started_ms = $2"
            " WHERE workspace_id = $3 AND channel_id = $4",
            cycle,
            started_ms,
            workspace_id,
            channel_id,
        )

    async def daily_questions_since(
        self, workspace_id: str, channel_id: str, since_ms: int
    ) -> list[str]:
        rows = await self._fetch(
            "SELECT question_id FROM quizzes WHERE workspace_id = $1 AND channel_id = $2"
            " AND kind = 'daily' AND created_at_ms >= $3 ORDER BY created_at_ms",
            workspace_id,
            channel_id,
            since_ms,
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
        row = await self._fetch_one(
            _CLAIM, workspace_id, channel_id, local_date, kind, now_ms, owner, lease_until_ms
        )
        return None if row is None else _claim(row)

    async def attach_daily_quiz(
        self, workspace_id: str, channel_id: str, local_date: str, kind: str, quiz_id: str
    ) -> None:
        await self._execute(
            "UPDATE daily_claims SET quiz_id = $1 WHERE workspace_id = $2 AND channel_id = $3"
            " AND local_date = $4 AND kind = $5",
            quiz_id,
            workspace_id,
            channel_id,
            local_date,
            kind,
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
            owned = await conn.fetchrow(
                "UPDATE daily_claims SET status = $1, message_ref = $2, detail = $3,"
                " updated_at_ms = $4 WHERE workspace_id = $5 AND channel_id = $6"
                " AND local_date = $7 AND kind = $8 AND status = 'claimed' AND claimed_by = $9"
                " RETURNING kind",
                status.value,
                message_ref,
                detail,
                now_ms,
                claim.workspace_id,
                claim.channel_id,
                claim.local_date,
                claim.kind,
                claim.claimed_by,
            )
            if owned is not None and follow_ups:
                await conn.executemany(
                    _FOLLOW_UP,
                    [
                        (
                            claim.workspace_id,
                            claim.channel_id,
                            follow_up.local_date,
                            follow_up.kind,
                            follow_up.due_at_ms,
                            claim.quiz_id,
                            now_ms,
                        )
                        for follow_up in follow_ups
                    ],
                )
        return owned is not None

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
        row = await self._fetch_one(
            _SETTLE, workspace_id, channel_id, local_date, kind, status.value, now_ms, detail
        )
        return row is not None

    async def reopen_daily_day(
        self, workspace_id: str, channel_id: str, local_date: str, kind: str, now_ms: int
    ) -> bool:
        row = await self._fetch_one(
            "UPDATE daily_claims SET status = 'pending', lease_until_ms = 0, detail = NULL,"
            " updated_at_ms = $1 WHERE workspace_id = $2 AND channel_id = $3"
            " AND local_date = $4 AND kind = $5 AND status IN ('skipped', 'missed', 'failed')"
            " RETURNING kind",
            now_ms,
            workspace_id,
            channel_id,
            local_date,
            kind,
        )
        return row is not None

    async def get_daily_claim(
        self, workspace_id: str, channel_id: str, local_date: str, kind: str
    ) -> DailyClaim | None:
        row = await self._fetch_one(
            f"SELECT {_CLAIM_COLUMNS} FROM daily_claims WHERE workspace_id = $1"
            " AND channel_id = $2 AND local_date = $3 AND kind = $4",
            workspace_id,
            channel_id,
            local_date,
            kind,
        )
        return None if row is None else _claim(row)

    async def daily_claims_between(
        self, workspace_id: str, channel_id: str, first_date: str, last_date: str
    ) -> list[DailyClaim]:
        rows = await self._fetch(
            f"SELECT {_CLAIM_COLUMNS} FROM daily_claims WHERE workspace_id = $1"
            " AND channel_id = $2 AND local_date >= $3 AND local_date <= $4"
            ' ORDER BY local_date COLLATE "C", kind COLLATE "C"',
            workspace_id,
            channel_id,
            first_date,
            last_date,
        )
        return [_claim(row) for row in rows]

    async def due_daily_work(
        self, now_ms: int, kinds: Sequence[str], limit: int
    ) -> list[DailyClaim]:
        rows = await self._fetch(
            f"SELECT {_CLAIM_COLUMNS} FROM daily_claims WHERE kind = ANY($1::text[]) AND ("
            " (status = 'pending' AND due_at_ms <= $2)"
            " OR (status = 'claimed' AND lease_until_ms <= $2))"
            " ORDER BY due_at_ms LIMIT $3",
            list(kinds),
            now_ms,
            limit,
        )
        return [_claim(row) for row in rows]

    async def next_daily_wake_ms(self, after_ms: int) -> int | None:
        row = await self._fetch_one(
            "SELECT MIN(CASE WHEN status = 'pending' THEN due_at_ms ELSE lease_until_ms END)"
            " FROM daily_claims WHERE (status = 'pending' AND due_at_ms > $1)"
            " OR (status = 'claimed' AND lease_until_ms > $1)",
            after_ms,
        )
        return None if row is None or row[0] is None else int(row[0])
