"""Question packs and their version counter, written once for every SQL backend."""

from __future__ import annotations

import json
from collections.abc import Sequence

from storage.records import PackQuestionRecord, PackRecord, PackSaved, PackTopicRecord
from storage.sql.access import BY_CODE_POINT, Row, Session, SqlAccess

_PACK_COLUMNS = (
    "workspace_id, name, title, description, format, source, license, author, topics,"
    " question_count, imported_by, imported_at_ms"
)
# Taken first in every change: on PostgreSQL the upsert locks the workspace's row, so two
# imports into one workspace run one after the other and the pack limit holds.
_BUMP_VERSION = (
    "INSERT INTO pack_versions (workspace_id, version) VALUES (?, 1)"
    " ON CONFLICT (workspace_id) DO UPDATE SET version = pack_versions.version + 1"
    " RETURNING version"
)


class _Rollback(Exception):
    """Leaves the transaction: the workspace's packs and version stay as they were."""

    def __init__(self, outcome: PackSaved | None = None) -> None:
        self.outcome = outcome


def _pack(row: Row) -> PackRecord:
    return PackRecord(
        workspace_id=row[0],
        name=row[1],
        title=row[2],
        description=row[3],
        format=row[4],
        source=row[5],
        license=row[6],
        author=row[7],
        topics=tuple(PackTopicRecord(*topic) for topic in json.loads(row[8])),
        question_count=int(row[9]),
        imported_by=row[10],
        imported_at_ms=int(row[11]),
    )


def _topic(topic: PackTopicRecord) -> list[str | int]:
    """A topic as the `topics` column keeps it; one without a count keeps the first form."""
    counted = [] if topic.questions is None else [topic.questions]
    return [topic.topic_id, topic.title, topic.short, *counted]


class PackQueries(SqlAccess):
    async def pack_version(self, workspace_id: str) -> int:
        row = await self._read_one(
            "SELECT version FROM pack_versions WHERE workspace_id = ?", workspace_id
        )
        return 0 if row is None else int(row[0])

    async def list_packs(self, workspace_id: str) -> list[PackRecord]:
        rows = await self._read_all(
            f"SELECT {_PACK_COLUMNS} FROM packs WHERE workspace_id = ?"
            f" ORDER BY name{BY_CODE_POINT}",
            workspace_id,
        )
        return [_pack(row) for row in rows]

    async def get_pack(self, workspace_id: str, name: str) -> PackRecord | None:
        row = await self._read_one(
            f"SELECT {_PACK_COLUMNS} FROM packs WHERE workspace_id = ? AND name = ?",
            workspace_id,
            name,
        )
        return None if row is None else _pack(row)

    async def pack_questions(self, workspace_id: str, name: str) -> list[PackQuestionRecord]:
        rows = await self._read_all(
            "SELECT question_id, body FROM pack_questions WHERE workspace_id = ? AND pack = ?"
            " ORDER BY position",
            workspace_id,
            name,
        )
        return [PackQuestionRecord(row[0], row[1]) for row in rows]

    async def save_pack(
        self,
        pack: PackRecord,
        questions: Sequence[PackQuestionRecord],
        *,
        replace: bool,
        max_packs: int,
    ) -> PackSaved:
        try:
            async with self._transaction() as session:
                await session.write(_BUMP_VERSION, pack.workspace_id)
                names = {
                    row[0]
                    for row in await session.write(
                        "SELECT name FROM packs WHERE workspace_id = ?", pack.workspace_id
                    )
                }
                exists = pack.name in names
                if exists and not replace:
                    raise _Rollback(PackSaved.EXISTS)
                if not exists and len(names) >= max_packs:
                    raise _Rollback(PackSaved.FULL)
                await _delete(session, pack.workspace_id, pack.name)
                await session.write(
                    f"INSERT INTO packs ({_PACK_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    pack.workspace_id,
                    pack.name,
                    pack.title,
                    pack.description,
                    pack.format,
                    pack.source,
                    pack.license,
                    pack.author,
                    json.dumps([_topic(t) for t in pack.topics]),
                    pack.question_count,
                    pack.imported_by,
                    pack.imported_at_ms,
                )
                await session.write_many(
                    "INSERT INTO pack_questions (workspace_id, pack, position, question_id, body)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        (pack.workspace_id, pack.name, position, q.question_id, q.body)
                        for position, q in enumerate(questions)
                    ),
                )
        except _Rollback as refused:
            assert refused.outcome is not None
            return refused.outcome
        return PackSaved.REPLACED if exists else PackSaved.ADDED

    async def remove_pack(self, workspace_id: str, name: str) -> bool:
        try:
            async with self._transaction() as session:
                await session.write(_BUMP_VERSION, workspace_id)
                if not await _delete(session, workspace_id, name):
                    raise _Rollback()
        except _Rollback:
            return False
        return True


async def _delete(session: Session, workspace_id: str, name: str) -> bool:
    await session.write(
        "DELETE FROM pack_questions WHERE workspace_id = ? AND pack = ?", workspace_id, name
    )
    removed = await session.write(
        "DELETE FROM packs WHERE workspace_id = ? AND name = ? RETURNING name", workspace_id, name
    )
    return bool(removed)
