"""The `/llm` app-command group: Discord options in, typed engine commands out.

The `daily`, `settings` and `team` subgroups live in `admin_groups` and `team_group`.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, Range

from bot.adapters.discord.admin_groups import add_daily_group, add_settings_group
from bot.adapters.discord.learning_group import add_learning_commands
from bot.adapters.discord.responder import responder_of
from bot.adapters.discord.team_group import add_team_group
from bot.engine.grammar import (
    Answer,
    Ask,
    Explain,
    Help,
    Leaderboard,
    Me,
    Quiz,
    Sample,
    Tokens,
    Topics,
)
from bot.engine.labs.options import MAX_LAB_TEXT, MAX_SEED, SampleSettings, TokensMode
from bot.knowledge.models import DEPTHS, DIFFICULTIES, Depth, Difficulty

DEPTH_CHOICES = [
    Choice(name="Short", value="short"),
    Choice(name="Standard", value="standard"),
    Choice(name="Deep dive", value="deep"),
]
DIFFICULTY_CHOICES = [Choice(name=d.capitalize(), value=d) for d in DIFFICULTIES]
PERIOD_CHOICES = [
    Choice(name="This week", value="week"),
    Choice(name="This month", value="month"),
    Choice(name="All time", value="all"),
]
BOARD_CHOICES = [Choice(name="Members", value="users"), Choice(name="Teams", value="teams")]
HELP_CHOICES = [Choice(name="Scoring and streaks", value="scoring")]
ENCODING_CHOICES = [
    Choice(name="o200k_base (GPT-4o-class models)", value="o200k"),
    Choice(name="cl100k_base (GPT-4, GPT-3.5)", value="cl100k"),
    Choice(name="Both, side by side", value="compare"),
]


_DEPTHS: dict[str, Depth] = {depth: depth for depth in DEPTHS}
_DIFFICULTIES: dict[str, Difficulty] = {difficulty: difficulty for difficulty in DIFFICULTIES}
_MODES: dict[str, TokensMode] = {"o200k": "o200k", "cl100k": "cl100k", "compare": "compare"}
DEFAULTS = SampleSettings()


async def suggest_topics(interaction: discord.Interaction[Any], current: str) -> list[Choice[str]]:
    """The responder answers the autocomplete itself, inside the error boundary."""
    await responder_of(interaction).suggest(interaction, current)
    return []


def build_group() -> app_commands.Group:
    """A fresh `/llm` group. Callbacks find the engine through the client that received the
    interaction, so `llmbot discord sync` can build the group without one."""
    group = app_commands.Group(
        name="llm", description="Learn how large language models work", guild_only=True
    )

    @group.command(description="Explain a topic, with sources and a diagram")
    @app_commands.describe(topic="What to explain, e.g. attention", depth="How deep to go")
    @app_commands.choices(depth=DEPTH_CHOICES)
    @app_commands.autocomplete(topic=suggest_topics)
    async def explain(
        interaction: discord.Interaction[Any],
        topic: Range[str, 1, 200],
        depth: Choice[str] | None = None,
    ) -> None:
        chosen = _DEPTHS.get(depth.value, "standard") if depth is not None else "standard"
        await responder_of(interaction).run(interaction, Explain(topic, chosen))

    @group.command(description="Ask a question in your own words, answered from llmbot's notes")
    @app_commands.describe(question="For example: why do LLMs make up citations?")
    async def ask(interaction: discord.Interaction[Any], question: Range[str, 1, 1000]) -> None:
        await responder_of(interaction).run(interaction, Ask(question))

    @group.command(description="A quiz question anyone in the channel can answer")
    @app_commands.describe(topic="Any topic if left out", difficulty="Any difficulty if left out")
    @app_commands.choices(difficulty=DIFFICULTY_CHOICES)
    @app_commands.autocomplete(topic=suggest_topics)
    async def quiz(
        interaction: discord.Interaction[Any],
        topic: Range[str, 1, 200] | None = None,
        difficulty: Choice[str] | None = None,
    ) -> None:
        level = _DIFFICULTIES.get(difficulty.value) if difficulty is not None else None
        await responder_of(interaction).run(interaction, Quiz(topic, level))

    @group.command(description="Answer a quiz by its id (the buttons do the same)")
    @app_commands.describe(quiz_id="The id in the quiz's footer", choice="A letter or number")
    async def answer(
        interaction: discord.Interaction[Any],
        quiz_id: Range[str, 1, 16],
        choice: Range[str, 1, 3],
    ) -> None:
        await responder_of(interaction).run(interaction, Answer(quiz_id.upper(), choice))

    @group.command(description="Who knows most here: this week, this month or all time")
    @app_commands.describe(board="Members (default) or teams", period="This week if left out")
    @app_commands.choices(board=BOARD_CHOICES, period=PERIOD_CHOICES)
    async def leaderboard(
        interaction: discord.Interaction[Any],
        board: Choice[str] | None = None,
        period: Choice[str] | None = None,
    ) -> None:
        chosen = period.value if period is not None else "week"
        which = board.value if board is not None else "users"
        await responder_of(interaction).run(interaction, Leaderboard(chosen, which))

    @group.command(description="Your text as a real tokenizer splits it, with a picture")
    @app_commands.describe(text="Any text, up to 2,000 characters", encoding="GPT-4o's if left out")
    @app_commands.choices(encoding=ENCODING_CHOICES)
    async def tokens(
        interaction: discord.Interaction[Any],
        text: Range[str, 1, MAX_LAB_TEXT],
        encoding: Choice[str] | None = None,
    ) -> None:
        mode = _MODES.get(encoding.value, "o200k") if encoding is not None else "o200k"
        await responder_of(interaction).run(interaction, Tokens(text, mode))

    @group.command(description="Watch temperature and top-p pick the next word, on a tiny model")
    @app_commands.describe(
        prompt="A few words, e.g. the transformer",
        temperature="0 to 2; 0 always takes the likeliest word (default 0.8)",
        top_p="Keep the likeliest words up to this share, above 0 and at most 1 (default 1)",
        top_k="Keep only this many words; 0 keeps all (default 0)",
        seed="The same seed draws the same continuations",
    )
    async def sample(
        interaction: discord.Interaction[Any],
        prompt: Range[str, 1, MAX_LAB_TEXT],
        temperature: Range[float, 0.0, 2.0] = DEFAULTS.temperature,
        top_p: Range[float, 0.0, 1.0] = DEFAULTS.top_p,
        top_k: Range[int, 0, None] = DEFAULTS.top_k,
        seed: Range[int, 0, MAX_SEED] | None = None,
    ) -> None:
        # The engine checks the ranges again, as it does for typed options.
        settings = SampleSettings(temperature, top_p, top_k, seed)
        await responder_of(interaction).run(interaction, Sample(prompt, settings))

    @group.command(description="Your points, rank, streak and topics mastered (only you see it)")
    async def me(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, Me())

    @group.command(description="Everything llmbot can explain")
    async def topics(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).run(interaction, Topics())

    @group.command(name="help", description="What llmbot can do")
    @app_commands.describe(topic="Help on one subject, e.g. how scoring works")
    @app_commands.choices(topic=HELP_CHOICES)
    async def help_(
        interaction: discord.Interaction[Any], topic: Choice[str] | None = None
    ) -> None:
        await responder_of(interaction).run(interaction, Help(topic.value if topic else None))

    add_learning_commands(group, suggest_topics)
    add_daily_group(group)
    add_team_group(group)
    add_settings_group(group)
    return group
