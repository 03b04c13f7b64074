"""Daily claims, taken and settled exactly once, written once for every SQL backend."""

from __future__ import annotations

from collections.abc import Sequence

from storage.records import ClaimStatus, DailyClaim, FollowUp
from storage.sql.access import BY_CODE_POINT, Row, SqlAccess

_CLAIM_COLUMNS = (
    "workspace_id, channel_id, local_date, kind, status, due_at_ms, claimed_by,"
    " lease_until_ms, attempts, quiz_id, message_ref, detail, updated_at_ms"
)

# Takes a (channel, date, kind) that nobody holds: a new row, a pending follow-up, or a
# claim whose lease ran out before it was marked done. One statement, so two instances
# racing for the same row cannot both get it back: SQLite runs it under its write lock,
# and PostgreSQL's ON CONFLICT DO UPDATE locks the row and re-checks the WHERE against
# its latest committed version.
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

_FINISH = (
    "UPDATE daily_claims SET status = ?, message_ref = ?, detail = ?, updated_at_ms = ?"
    " WHERE workspace_id = ? AND channel_id = ? AND local_date = ? AND kind = ?"
    " AND status = 'claimed' AND claimed_by = ? RETURNING kind"
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


class ClaimQueries(SqlAccess):
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
            workspace_id,
            channel_id,
            local_date,
            kind,
            now_ms,
            owner,
            lease_until_ms,
            now_ms,
        )
        return _claim(rows[0]) if rows else None

    async def attach_daily_quiz(
        self, workspace_id: str, channel_id: str, local_date: str, kind: str, quiz_id: str
    ) -> None:
        await self._write(
            "UPDATE daily_claims SET quiz_id = ? WHERE workspace_id = ? AND channel_id = ?"
            " AND local_date = ? AND kind = ?",
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
        owned = await self._write_then(
            _FINISH,
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
            _FOLLOW_UP,
            [
                (
                    claim.workspace_id,
                    claim.channel_id,
                    f.local_date,
                    f.kind,
                    f.due_at_ms,
                    claim.quiz_id,
                    now_ms,
                )
                for f in follow_ups
            ],
        )
        return bool(owned)

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
            workspace_id,
            channel_id,
            local_date,
            kind,
            status.value,
            now_ms,
            detail,
            now_ms,
        )
        return bool(rows)

    async def reopen_daily_day(
        self, workspace_id: str, channel_id: str, local_date: str, kind: str, now_ms: int
    ) -> bool:
        rows = await self._write(
            "UPDATE daily_claims SET status = 'pending', lease_until_ms = 0, detail = NULL,"
            " updated_at_ms = ? WHERE workspace_id = ? AND channel_id = ? AND local_date = ?"
            " AND kind = ? AND status IN ('skipped', 'missed', 'failed') RETURNING kind",
            now_ms,
            workspace_id,
            channel_id,
            local_date,
            kind,
        )
        return bool(rows)

    async def get_daily_claim(
        self, workspace_id: str, channel_id: str, local_date: str, kind: str
    ) -> DailyClaim | None:
        row = await self._read_one(
            f"SELECT {_CLAIM_COLUMNS} FROM daily_claims WHERE workspace_id = ?"
            " AND channel_id = ? AND local_date = ? AND kind = ?",
            workspace_id,
            channel_id,
            local_date,
            kind,
        )
        return None if row is None else _claim(row)

    async def daily_claims_between(
        self, workspace_id: str, channel_id: str, first_date: str, last_date: str
    ) -> list[DailyClaim]:
        rows = await self._read_all(
            f"SELECT {_CLAIM_COLUMNS} FROM daily_claims WHERE workspace_id = ?"
            " AND channel_id = ? AND local_date >= ? AND local_date <= ?"
            f" ORDER BY local_date{BY_CODE_POINT}, kind{BY_CODE_POINT}",
            workspace_id,
            channel_id,
            first_date,
            last_date,
        )
        return [_claim(row) for row in rows]

    async def due_daily_work(
        self, now_ms: int, kinds: Sequence[str], limit: int
    ) -> list[DailyClaim]:
        if not kinds:
            return []  # PostgreSQL rejects an empty IN ().
        marks = ", ".join("?" * len(kinds))
        rows = await self._read_all(
            f"SELECT {_CLAIM_COLUMNS} FROM daily_claims WHERE kind IN ({marks}) AND ("
            " (status = 'pending' AND due_at_ms <= ?)"
            " OR (status = 'claimed' AND lease_until_ms <= ?))"
            " ORDER BY due_at_ms LIMIT ?",
            *kinds,
            now_ms,
            now_ms,
            limit,
        )
        return [_claim(row) for row in rows]

    async def next_daily_wake_ms(self, after_ms: int) -> int | None:
        row = await self._read_one(
            "SELECT MIN(CASE WHEN status = 'pending' THEN due_at_ms ELSE lease_until_ms END)"
            " FROM daily_claims WHERE (status = 'pending' AND due_at_ms > ?)"
            " OR (status = 'claimed' AND lease_until_ms > ?)",
            after_ms,
            after_ms,
        )
        return None if row is None or row[0] is None else int(row[0])
