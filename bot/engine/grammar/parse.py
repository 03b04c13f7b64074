"""The one text grammar shared by the console and Slack: `/llm <subcommand> …` to a command."""

from __future__ import annotations

from bot.engine.errors import UsageError
from bot.engine.grammar.ask import ASK_USAGE, Ask, parse_ask
from bot.engine.grammar.daily import DAILY_USAGE, DailyCommand, parse_daily
from bot.engine.grammar.labs import LABS_USAGE, LabCommand, parse_sample, parse_tokens
from bot.engine.grammar.learn import (
    HELP_USAGE,
    LEARN_USAGE,
    TOPICS_USAGE,
    LearnCommand,
    Topics,
    parse_answer,
    parse_explain,
    parse_help,
    parse_quiz,
)
from bot.engine.grammar.progress import (
    PROGRESS_USAGE,
    ProgressCommand,
    parse_forget,
    parse_practice,
    parse_problem,
    parse_progress,
)
from bot.engine.grammar.standings import (
    LEADERBOARD_USAGE,
    ME_USAGE,
    Me,
    StandingsCommand,
    parse_leaderboard,
)
from bot.engine.grammar.teams import TEAM_USAGE, TeamCommand, parse_team
from bot.engine.grammar.workspace import SETTINGS_USAGE, SettingsCommand, parse_settings
from bot.engine.reply import said

Command = (
    LearnCommand
    | Ask
    | LabCommand
    | StandingsCommand
    | ProgressCommand
    | DailyCommand
    | TeamCommand
    | SettingsCommand
)

USAGE = {
    **LEARN_USAGE,
    "ask": ASK_USAGE,
    **LABS_USAGE,
    "leaderboard": LEADERBOARD_USAGE,
    "me": ME_USAGE,
    **PROGRESS_USAGE,
    "topics": TOPICS_USAGE,
    "daily": DAILY_USAGE[0],
    "team": TEAM_USAGE[0],
    "settings": SETTINGS_USAGE[1],
    "help": HELP_USAGE,
}


def parse(text: str) -> Command:
    """Parse `/llm <subcommand> …` (the `/llm` is optional: Slack strips it).

    Topics are free text: everything after the subcommand is kept as typed, quotes,
    apostrophes and question marks included, minus recognised flags.
    """
    stripped = text.strip()
    if stripped.lower().startswith("/llm"):
        stripped = stripped[4:]
        if stripped and not stripped[0].isspace():
            raise UsageError("Unknown command.", _all_usage())
    # Split at the first space or line break: a lab's text keeps its own line breaks.
    head, rest = [*stripped.split(maxsplit=1), "", ""][:2]
    name = head.lower()
    rest = rest.strip()
    if name in ("", "help", "?"):
        return parse_help(rest)
    if name == "explain":
        return parse_explain(rest)
    if name == "ask":
        return parse_ask(rest)
    if name == "quiz":
        return parse_quiz(rest)
    if name == "tokens":
        return parse_tokens(rest)
    if name == "sample":
        return parse_sample(rest)
    if name == "answer":
        return parse_answer(rest)
    if name in ("leaderboard", "lb", "top"):
        return parse_leaderboard(rest)
    if name in ("me", "stats"):
        _no_arguments("me", rest)  # `stats` is another name for `me`, with me's usage
        return Me()
    if name == "topics":
        _no_arguments(name, rest)
        return Topics()
    if name == "daily":
        return parse_daily(rest)
    if name in ("team", "teams"):
        return parse_team(rest)
    if name == "settings":
        return parse_settings(rest)
    if name == "practice":
        return parse_practice(rest)
    if name == "progress":
        return parse_progress(rest)
    if name == "problem":
        return parse_problem(rest)
    if name in ("forget-me", "forgetme"):
        return parse_forget(rest)
    raise UsageError(f"I don't know the command {said(repr(head[:40]))}.", _all_usage())


def replies_privately(command: Command) -> bool:
    """Whether the reply to `command` is normally private (see `CommandTraits`)."""
    return command.private


def _all_usage() -> str:
    return "\n".join(f"`{line}`" for line in USAGE.values())


def _no_arguments(name: str, rest: str) -> None:
    if rest:
        raise UsageError(f"`{name}` takes no arguments.", f"`{USAGE[name]}`")
