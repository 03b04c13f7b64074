"""`serve` wires the Discord client into the app: readiness, daily posting, error counting."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.adapters.discord.poster import DiscordPoster
from bot.adapters.discord.responder import APOLOGY
from bot.adapters.discord.service import serve
from bot.app import App
from bot.engine import Actor, Engine, Reply
from bot.engine.grammar import Command
from bot.engine.observer import NullObserver
from bot.knowledge import KnowledgeBase
from storage import Store
from tests.discord_standin import (
    DiscordStandIn,
    Member,
    running_bot,
    settings_for,
)
from tests.discord_standin.server import WAIT_SECONDS

BOB = Member(102, "Bob")



async def test_serve_reports_ready_and_posts_daily_questions_only_while_connected(
    standin: DiscordStandIn, kb: KnowledgeBase, tmp_path: Path
) -> None:
    settings = settings_for(standin, LLMBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}")
    stopping = asyncio.Event()
    async with App(settings, kb=kb) as app:
        changed = asyncio.Event()
        app.engine.posters.on_change(changed.set)
        assert app.engine.posters.get("discord") is None
        serving = asyncio.create_task(serve(app, stopping))
        async with asyncio.timeout(WAIT_SECONDS):
            await changed.wait()
        registered = app.engine.posters.get("discord")
        ready = app.readiness.report()
        stopping.set()
        await asyncio.wait_for(serving, 10)

        assert isinstance(registered, DiscordPoster)
        assert ready == {"discord": True}
        assert app.engine.posters.get("discord") is None
        assert app.readiness.report() == {"discord": False}


class CountingObserver(NullObserver):
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, where: str) -> None:
        self.errors.append(where)


class BrokenEngine(Engine):
    async def run(self, actor: Actor, command: Command) -> Reply:
        raise RuntimeError("the database caught fire")


async def test_an_error_reaching_the_adapters_boundary_is_counted_for_discord(
    standin: DiscordStandIn, kb: KnowledgeBase, sqlite_store: Store
) -> None:
    observer = CountingObserver()
    async with running_bot(standin, BrokenEngine(kb, sqlite_store, observer=observer)):
        sent = await standin.answer_to(await standin.slash(BOB, "me"))

    assert sent.ephemeral and sent.data["content"] == APOLOGY
    assert observer.errors == ["discord"]
