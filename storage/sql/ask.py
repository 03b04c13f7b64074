"""`/llm ask`'s limits in the store: a rate window per member, model tokens per workspace and day.

Each change is one atomic upsert, so instances sharing the database cannot both take the
last call of a window, and concurrent token counts add up.
"""

from __future__ import annotations

from storage.sql.access import SqlAccess


class AskQueries(SqlAccess):
    async def take_model_slot(
        self, workspace: str, user: str, now_ms: int, window_ms: int, limit: int
    ) -> int | None:
        expired = now_ms - window_ms
        # A window opens at a member's first call; within it, `used` counts up to `limit`.
        # When the WHERE refuses the update, no row comes back and nothing changed.
        taken = await self._write(
            "INSERT INTO llm_rate (workspace_id, user_id, window_start_ms, used)"
            " VALUES (?, ?, ?, 1)"
            " ON CONFLICT (workspace_id, user_id) DO UPDATE SET"
            " window_start_ms = CASE WHEN llm_rate.window_start_ms <= ?"
            " THEN excluded.window_start_ms ELSE llm_rate.window_start_ms END,"
            " used = CASE WHEN llm_rate.window_start_ms <= ? THEN 1 ELSE llm_rate.used + 1 END"
            " WHERE llm_rate.window_start_ms <= ? OR llm_rate.used < ?"
            " RETURNING used",
            workspace,
            user,
            now_ms,
            expired,
            expired,
            expired,
            limit,
        )
        if taken:
            return None
        row = await self._read_one(
            "SELECT window_start_ms FROM llm_rate WHERE workspace_id = ? AND user_id = ?",
            workspace,
            user,
        )
        return now_ms if row is None else int(row[0]) + window_ms

    async def tokens_used(self, workspace: str, day: str) -> int:
        row = await self._read_one(
            "SELECT tokens FROM llm_tokens WHERE workspace_id = ? AND day = ?", workspace, day
        )
        return 0 if row is None else int(row[0])

    async def add_tokens(self, workspace: str, day: str, tokens: int) -> None:
        await self._write(
            "INSERT INTO llm_tokens (workspace_id, day, tokens) VALUES (?, ?, ?)"
            " ON CONFLICT (workspace_id, day) DO UPDATE SET"
            " tokens = llm_tokens.tokens + excluded.tokens",
            workspace,
            day,
            tokens,
        )
