"""Restarts and shutdown: buttons posted by an earlier process, SIGTERM-style stops, sharding."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import discord
import pytest

from bot.adapters.discord.responder import RESTARTING
from bot.adapters.discord.service import serve
from bot.app import App
from bot.config import ConfigError
from bot.engine import Engine, actions
from bot.knowledge import KnowledgeBase
from storage.sqlite import SqliteStore
from tests.discord_standin import (
    DiscordStandIn,
    Member,
    running_bot,
    settings_for,
)
from tests.support import ManualClock

ALICE = Member(101, "Alice")
BOB = Member(102, "Bob")



async def test_buttons_posted_before_a_restart_still_work(
    standin: DiscordStandIn, kb: KnowledgeBase, clock: ManualClock, tmp_path: Path
) -> None:
    database = tmp_path / "llmbot.db"
    first_store = SqliteStore(database)
    await first_store.start()
    try:
        async with running_bot(standin, Engine(kb, first_store, clock=clock, seed=1)):
            quiz = await standin.answer_to(
                await standin.slash(ALICE, "quiz", topic="self-attention")
            )
            explained = await standin.answer_to(
                await standin.slash(ALICE, "explain", topic="attention")
            )
        quiz_id = actions.decode(quiz.components[0]["custom_id"]).quiz_id  # type: ignore[union-attr]
        record = await first_store.get_quiz(f"discord:{standin.world.guild_id}", quiz_id)
    finally:
        await first_store.close()
    assert quiz.message_id is not None and explained.message_id is not None
    assert record is not None
    right = record.choice_order.index(kb.questions[record.question_id].answer_index)
    answer_id = quiz.components[right]["custom_id"]
    deeper_id = next(c["custom_id"] for c in explained.components if c.get("label") == "Deeper")

    second_store = SqliteStore(database)
    await second_store.start()
    try:
        async with running_bot(standin, Engine(kb, second_store, clock=clock, seed=2)):
            answered = await standin.answer_to(
                await standin.click(BOB, quiz.message_id, answer_id)
            )
            deeper = await standin.answer_to(
                await standin.click(BOB, explained.message_id, deeper_id)
            )
        counts = await second_store.answer_counts(quiz_id)
    finally:
        await second_store.close()

    assert len(standin.identifies) == 2
    assert answered.ephemeral and answered.embeds[0]["title"].startswith("Correct!")
    assert sum(counts.values()) == 1
    assert deeper.type == 7 and deeper.embeds[0]["footer"]["text"].endswith("Deep dive")


async def test_serve_stops_cleanly_soon_after_stopping_is_set(
    standin: DiscordStandIn, kb: KnowledgeBase, tmp_path: Path
) -> None:
    settings = settings_for(standin, LLMBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}")
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    async with App(settings, kb=kb) as app:
        serving = asyncio.create_task(serve(app, stopping))
        await standin.wait_for(lambda: standin.sessions)
        sent = await standin.answer_to(await standin.slash(ALICE, "explain", topic="attention"))
        began = loop.time()
        stopping.set()
        await asyncio.wait_for(serving, 10)
        took = loop.time() - began

    assert sent.type == 4
    assert took < 10
    await standin.wait_for(lambda: not standin.sessions or None)


async def test_llmbot_run_discord_answers_then_exits_cleanly_on_sigterm(
    standin: DiscordStandIn, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "DISCORD_TOKEN": standin.world.token,
        "DISCORD_API_BASE": standin.api_base,
        "DISCORD_GATEWAY_URL": standin.gateway_url,
        "LLMBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", "discord",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(30):
            await standin.wait_for(lambda: standin.sessions or None)
        sent = await standin.answer_to(await standin.slash(ALICE, "explain", topic="attention"))
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(10):
            _, errors = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    assert process.returncode == 0, errors.decode()[-2000:]
    assert "attention" in sent.embeds[0]["title"].lower()
    assert standin.world.token not in errors.decode()
    assert "Traceback" not in errors.decode()


async def test_interactions_arriving_while_stopping_are_told_to_retry(
    standin: DiscordStandIn, engine: Engine
) -> None:
    async with running_bot(standin, engine) as bot:
        await bot.client.responder.close(0)
        sent = await standin.answer_to(await standin.slash(ALICE, "help"))

    assert sent.ephemeral and sent.data["content"] == RESTARTING


async def test_a_rejected_token_is_a_configuration_error(
    standin: DiscordStandIn, kb: KnowledgeBase, tmp_path: Path
) -> None:
    settings = settings_for(
        standin,
        DISCORD_TOKEN="MTIz.wrong.token",
        LLMBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
    )
    async with App(settings, kb=kb) as app:
        with pytest.raises(ConfigError, match="rejected"):
            await asyncio.wait_for(serve(app, asyncio.Event()), 10)


async def test_shard_settings_start_an_auto_sharded_client_on_those_shards(
    standin: DiscordStandIn, engine: Engine
) -> None:
    owner = (standin.world.guild_id >> 22) % 2
    async with running_bot(
        standin, engine, DISCORD_SHARD_COUNT="2", DISCORD_SHARD_IDS=str(owner)
    ) as bot:
        sent = await standin.answer_to(await standin.slash(ALICE, "explain", topic="attention"))

    assert isinstance(bot.client, discord.AutoShardedClient)
    assert [i["shard"] for i in standin.identifies] == [[owner, 2]]
    assert sent.type == 4 and "attention" in sent.embeds[0]["title"].lower()
