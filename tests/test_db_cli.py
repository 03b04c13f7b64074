"""`llmbot db`: status, migrate, copy between SQLite and PostgreSQL, and backups."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.db_cli import ProgressBar
from storage import (
    AnswerRecord,
    ClaimStatus,
    DailyChannelRecord,
    FollowUp,
    QuizRecord,
    Store,
    StreakRecord,
    TeamRecord,
    WorkspaceSettingsRecord,
)
from storage.maintenance import TargetNotEmpty, copy_database, pg_dump_command
from storage.postgres import PostgresStore
from storage.sql.schema import migrations_for
from storage.sql.tables import Rows, open_tables
from storage.sqlite import SqliteStore
from tests.backends import postgres_schema

WS = "discord:42"


@dataclass(frozen=True)
class Done:
    code: int
    out: str
    err: str


async def llmbot(*args: str, database: str | None = None) -> Done:
    """`llmbot …` in a child process, with no llmbot settings but the database URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLMBOT_", "DISCORD_"))}
    if database is not None:
        env["LLMBOT_DATABASE_URL"] = database
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(child.communicate(), 60)
    assert child.returncode is not None
    return Done(child.returncode, out.decode(), err.decode())


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    async with postgres_schema() as url:
        yield url


async def populate(store: Store) -> None:
    """A small community that leaves rows in every table."""
    await store.save_workspace_settings(
        WorkspaceSettingsRecord(WS, "Europe/Paris", None, None, ("77",), 5)
    )
    await store.save_daily_channel(
        DailyChannelRecord(WS, "general", "09:00", "Europe/Paris", "1111100", topics=("rag",))
    )
    for n in range(3):
        await store.create_quiz(
            QuizRecord(f"QUIZ{n:04d}", WS, "general", f"q{n}", (2, 0, 1), "ann", 1_000 + n)
        )
    await asyncio.gather(
        *(
            store.record_answer(
                AnswerRecord(
                    f"QUIZ{q:04d}", WS, f"u{u:02d}", f"Ü{u}", u % 3, u % 2 == 0, 10, 2_000, ("all",)
                )
            )
            for q in range(3)
            for u in range(40)
        )
    )
    claim = await store.claim_daily(WS, "general", "2026-11-26", "post", "i1", 1, 60_000)
    assert claim is not None
    await store.finish_daily_claim(
        claim, ClaimStatus.POSTED, 2, follow_ups=[FollowUp("reveal", "2026-11-26", 9_000)]
    )
    await store.save_streaks([StreakRecord(WS, "general", "u01", 3, 5, "2026-11-26", "2026-W48")])
    await store.create_team(TeamRecord(WS, "t1", "Night Owls", "900", "ann", 1))
    await store.set_team_membership(WS, "u01", "Ü1", "t1", 3)


async def every_row(url: str) -> dict[str, Rows]:
    async with open_tables(url) as tables, tables.snapshot():
        columns = await tables.columns()
        found: dict[str, Rows] = {}
        for table, names in columns.items():
            found[table] = sorted(
                [row async for chunk in tables.rows(table, names, 50) for row in chunk], key=repr
            )
        return found


@pytest.fixture
async def community(tmp_path: Path) -> str:
    store = SqliteStore(tmp_path / "community.db")
    await store.start()
    try:
        await populate(store)
    finally:
        await store.close()
    return f"sqlite:///{tmp_path / 'community.db'}"


def test_progress_bar_redraws_in_place_only_when_the_percentage_moves() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    for done in (0, 1, 2, 500, 1000):
        bar(done, 1000)
    drawn = stream.getvalue()
    assert drawn.count("\r") == 3
    assert drawn.endswith("[##########] 100%  1,000/1,000 rows\n")
    bar.close()
    assert stream.getvalue() == drawn


def test_progress_bar_cut_short_ends_its_line_on_close() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar(5, 10)
    bar.close()
    assert stream.getvalue() == "\r[#####.....]  50%  5/10 rows\n"


async def test_status_lists_pending_migrations_until_migrate_applies_them(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    before = await llmbot("db", "status", database=url)
    assert before.code == 1
    pending = [line for line in before.out.splitlines() if line.endswith(" pending")]
    assert len(pending) == len(migrations_for("sqlite"))
    assert not (tmp_path / "fresh.db").exists()
    migrated = await llmbot("db", "migrate", database=url)
    assert migrated.code == 0
    assert "applied 0001_init" in migrated.out
    after = await llmbot("db", "status", "--url", url)
    assert after.code == 0
    assert " pending" not in after.out and after.out.rstrip().endswith("up to date")


async def test_copy_moves_a_community_from_sqlite_to_postgres_with_progress(
    community: str, pg_url: str
) -> None:
    done = await llmbot("db", "copy", "--from", community, "--to", pg_url)
    assert done.code == 0, done.err
    assert "\r[" in done.err and "100%" in done.err
    assert done.out.startswith("copied ")
    store = PostgresStore(pg_url, pool_size=2)
    await store.start()
    try:
        top = await store.top_scores(WS, "all", 100)
        assert len(top) == 40 and top[0].points == 30
        assert (await store.find_team(WS, "night owls")) is not None
        reveal = await store.get_daily_claim(WS, "general", "2026-11-26", "reveal")
        assert reveal is not None and reveal.status is ClaimStatus.PENDING
    finally:
        await store.close()


async def test_copy_refuses_a_target_with_rows_unless_forced(community: str, pg_url: str) -> None:
    assert (await llmbot("db", "copy", "--from", community, "--to", pg_url)).code == 0
    again = await llmbot("db", "copy", "--from", community, "--to", pg_url)
    assert again.code == 1
    assert "already holds rows" in again.err and "--force" in again.err
    forced = await llmbot("db", "copy", "--from", community, "--to", pg_url, "--force")
    assert forced.code == 0, forced.err
    assert await every_row(pg_url) == await every_row(community)


async def test_round_trip_through_postgres_keeps_every_row_of_every_table(
    community: str, pg_url: str, tmp_path: Path
) -> None:
    back = f"sqlite:///{tmp_path / 'back.db'}"
    copied = await copy_database(community, pg_url)
    assert copied["answers"] == 120
    assert list(copied).index("quizzes") < list(copied).index("answers")
    await copy_database(pg_url, back)
    original = await every_row(community)
    assert all(original[table] for table in ("users", "scores", "team_members", "streaks"))
    assert await every_row(back) == original


async def test_failed_copy_leaves_the_target_untouched(community: str, tmp_path: Path) -> None:
    target = f"sqlite:///{tmp_path / 'target.db'}"
    await copy_database(community, target)

    class Interrupted(Exception):
        pass

    def interrupt(done: int, total: int) -> None:
        if done > 0:
            raise Interrupted

    before = await every_row(target)
    with pytest.raises(Interrupted):
        await copy_database(community, target, force=True, batch=10, progress=interrupt)
    assert await every_row(target) == before
    with pytest.raises(TargetNotEmpty):
        await copy_database(community, target)


async def test_backup_writes_a_consistent_sqlite_copy_once(community: str, tmp_path: Path) -> None:
    path = tmp_path / "backups" / "monday.db"
    done = await llmbot("db", "backup", str(path), database=community)
    assert done.code == 0 and str(path) in done.out
    assert await every_row(f"sqlite:///{path}") == await every_row(community)
    again = await llmbot("db", "backup", str(path), database=community)
    assert again.code == 1 and "already exists" in again.err


async def test_backup_of_postgres_prints_a_pg_dump_command_without_the_password() -> None:
    done = await llmbot(
        "db", "backup", "nightly.dump", database="postgresql://bot:s3cret@db:5432/llmbot"
    )
    assert done.code == 0
    assert "pg_dump --format=custom --file=nightly.dump postgresql://bot@db:5432/llmbot" in done.out
    assert "s3cret" not in done.out + done.err
    assert "--schema=team_a" in pg_dump_command(
        "postgresql://bot@db/llmbot?search_path=team_a", Path("x.dump")
    )


async def test_three_processes_migrating_together_apply_each_migration_once(
    pg_url: str,
) -> None:
    runs = await asyncio.gather(*(llmbot("db", "migrate", database=pg_url) for _ in range(3)))
    assert [run.code for run in runs] == [0, 0, 0], [run.err for run in runs]
    status = await llmbot("db", "status", database=pg_url)
    assert status.code == 0
    assert status.out.count("applied 20") == len(migrations_for("postgres"))
