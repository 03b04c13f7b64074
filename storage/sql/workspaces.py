"""Workspace settings, teams, members and team scores, written once for every SQL backend."""

from __future__ import annotations

from storage.records import TeamMember, TeamRecord, TeamScoreRow, WorkspaceSettingsRecord
from storage.sql.access import BY_CODE_POINT, Row, SqlAccess

_TEAM_COLUMNS = "t.workspace_id, t.team_id, t.name, t.role_id, t.created_by, t.created_at_ms"


def _team(row: Row) -> TeamRecord:
    return TeamRecord(row[0], row[1], row[2], row[3], row[4], int(row[5]))


def name_key(name: str) -> str:
    """Team names are unique per workspace regardless of case."""
    return " ".join(name.casefold().split())


class WorkspaceQueries(SqlAccess):
    async def get_workspace_settings(self, workspace_id: str) -> WorkspaceSettingsRecord | None:
        row = await self._read_one(
            "SELECT workspace_id, timezone, previous_timezone, timezone_changed_at_ms,"
            " admin_roles, updated_at_ms FROM workspace_settings WHERE workspace_id = ?",
            workspace_id,
        )
        if row is None:
            return None
        roles = tuple(r for r in row[4].split(",") if r)
        return WorkspaceSettingsRecord(row[0], row[1], row[2], row[3], roles, int(row[5]))

    async def save_workspace_settings(self, record: WorkspaceSettingsRecord) -> None:
        await self._write(
            "INSERT INTO workspace_settings (workspace_id, timezone, previous_timezone,"
            " timezone_changed_at_ms, admin_roles, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (workspace_id) DO UPDATE SET timezone = excluded.timezone,"
            " previous_timezone = excluded.previous_timezone,"
            " timezone_changed_at_ms = excluded.timezone_changed_at_ms,"
            " admin_roles = excluded.admin_roles, updated_at_ms = excluded.updated_at_ms",
            record.workspace_id,
            record.timezone,
            record.previous_timezone,
            record.timezone_changed_at_ms,
            ",".join(record.admin_roles),
            record.updated_at_ms,
        )

    async def create_team(self, team: TeamRecord) -> None:
        try:
            await self._write(
                "INSERT INTO teams (workspace_id, team_id, name, name_key, role_id, created_by,"
                " created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                team.workspace_id,
                team.team_id,
                team.name,
                name_key(team.name),
                team.role_id,
                team.created_by,
                team.created_at_ms,
            )
        except self.unique_violation as exc:
            raise KeyError(team.name) from exc

    async def get_team(self, workspace_id: str, team_id: str) -> TeamRecord | None:
        row = await self._read_one(
            f"SELECT {_TEAM_COLUMNS} FROM teams AS t WHERE t.workspace_id = ? AND t.team_id = ?",
            workspace_id,
            team_id,
        )
        return None if row is None else _team(row)

    async def find_team(self, workspace_id: str, name: str) -> TeamRecord | None:
        row = await self._read_one(
            f"SELECT {_TEAM_COLUMNS} FROM teams AS t WHERE t.workspace_id = ? AND t.name_key = ?",
            workspace_id,
            name_key(name),
        )
        return None if row is None else _team(row)

    async def list_teams(self, workspace_id: str) -> list[TeamRecord]:
        rows = await self._read_all(
            f"SELECT {_TEAM_COLUMNS} FROM teams AS t WHERE t.workspace_id = ?"
            f" ORDER BY t.name_key{BY_CODE_POINT}",
            workspace_id,
        )
        return [_team(row) for row in rows]

    async def rename_team(self, workspace_id: str, team_id: str, name: str) -> None:
        try:
            await self._write(
                "UPDATE teams SET name = ?, name_key = ? WHERE workspace_id = ? AND team_id = ?",
                name,
                name_key(name),
                workspace_id,
                team_id,
            )
        except self.unique_violation as exc:
            raise KeyError(name) from exc

    async def link_team(self, workspace_id: str, team_id: str, role_id: str | None) -> None:
        try:
            await self._write(
                "UPDATE teams SET role_id = ? WHERE workspace_id = ? AND team_id = ?",
                role_id,
                workspace_id,
                team_id,
            )
        except self.unique_violation as exc:
            raise KeyError(role_id) from exc

    async def delete_team(self, workspace_id: str, team_id: str) -> None:
        async with self._transaction() as session:
            await session.write(
                "DELETE FROM team_members WHERE workspace_id = ? AND team_id = ?",
                workspace_id,
                team_id,
            )
            await session.write(
                "DELETE FROM teams WHERE workspace_id = ? AND team_id = ?", workspace_id, team_id
            )

    async def team_of(self, workspace_id: str, user_id: str) -> TeamRecord | None:
        row = await self._read_one(
            f"SELECT {_TEAM_COLUMNS} FROM team_members AS m JOIN teams AS t"
            " ON t.workspace_id = m.workspace_id AND t.team_id = m.team_id"
            " WHERE m.workspace_id = ? AND m.user_id = ?",
            workspace_id,
            user_id,
        )
        return None if row is None else _team(row)

    async def set_team_membership(
        self,
        workspace_id: str,
        user_id: str,
        display_name: str,
        team_id: str | None,
        now_ms: int,
    ) -> None:
        async with self._transaction() as session:
            await session.write(
                "INSERT INTO users (workspace_id, user_id, display_name) VALUES (?, ?, ?)"
                " ON CONFLICT (workspace_id, user_id) DO UPDATE SET"
                " display_name = excluded.display_name",
                workspace_id,
                user_id,
                display_name,
            )
            if team_id is None:
                await session.write(
                    "DELETE FROM team_members WHERE workspace_id = ? AND user_id = ?",
                    workspace_id,
                    user_id,
                )
                return
            await session.write(
                "INSERT INTO team_members (workspace_id, user_id, team_id, joined_at_ms)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (workspace_id, user_id) DO UPDATE SET"
                " team_id = excluded.team_id, joined_at_ms = excluded.joined_at_ms",
                workspace_id,
                user_id,
                team_id,
                now_ms,
            )

    async def team_members(self, workspace_id: str, team_id: str) -> list[TeamMember]:
        rows = await self._read_all(
            "SELECT m.user_id, COALESCE(u.display_name, m.user_id) FROM team_members AS m"
            " LEFT JOIN users AS u ON u.workspace_id = m.workspace_id AND u.user_id = m.user_id"
            " WHERE m.workspace_id = ? AND m.team_id = ?"
            f" ORDER BY m.joined_at_ms, m.user_id{BY_CODE_POINT}",
            workspace_id,
            team_id,
        )
        return [TeamMember(row[0], row[1]) for row in rows]

    async def team_scores(self, workspace_id: str, period: str) -> list[TeamScoreRow]:
        rows = await self._read_all(
            "SELECT t.team_id, t.name, COUNT(m.user_id), COUNT(s.user_id),"
            " COALESCE(SUM(s.points), 0) FROM teams AS t"
            " LEFT JOIN team_members AS m ON m.workspace_id = t.workspace_id"
            " AND m.team_id = t.team_id"
            " LEFT JOIN scores AS s ON s.workspace_id = m.workspace_id AND s.user_id = m.user_id"
            " AND s.period = ? AND s.answered > 0 WHERE t.workspace_id = ?"
            f" GROUP BY t.team_id, t.name ORDER BY t.team_id{BY_CODE_POINT}",
            period,
            workspace_id,
        )
        return [TeamScoreRow(r[0], r[1], int(r[2]), int(r[3]), int(r[4])) for r in rows]
