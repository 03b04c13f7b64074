"""Who is asking, and the one text-command grammar shared by the console and Slack."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.daily_commands import (
    DAILY_USAGE,
    SETTINGS_USAGE,
    DailyCommand,
    SettingsCommand,
    parse_daily,
    parse_settings,
)
from bot.engine.errors import UsageError
from bot.engine.learning_commands import (
    LEARNING_USAGE,
    LearningCommand,
    Progress,
    parse_forget,
    parse_practice,
    parse_problem,
    parse_progress,
)
from bot.engine.reply import said
from bot.engine.team_commands import TEAM_USAGE, TeamCommand, TeamList, TeamShow, parse_team
from bot.knowledge.models import DIFFICULTIES, Depth, Difficulty

PERIODS = ("week", "month", "all")
BOARDS = ("users", "teams")
_BOARD_WORDS = {"users": "users", "people": "users", "members": "users", "teams": "teams"}
HELP_TOPICS = ("scoring",)


@dataclass(frozen=True, slots=True)
class Actor:
    """The member behind a command, with platform ids kept apart by namespace."""

    platform: str
    workspace: str
    channel: str
    user: str
    display_name: str
    is_admin: bool = False
    roles: tuple[str, ...] = ()

    @property
    def workspace_key(self) -> str:
        return f"{self.platform}:{self.workspace}"


@dataclass(frozen=True, slots=True)
class Explain:
    query: str
    depth: Depth = "standard"


@dataclass(frozen=True, slots=True)
class Quiz:
    topic: str | None = None
    difficulty: Difficulty | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    quiz_id: str
    choice: str


@dataclass(frozen=True, slots=True)
class Leaderboard:
    period: str = "week"
    board: str = "users"


@dataclass(frozen=True, slots=True)
class Me:
    pass


@dataclass(frozen=True, slots=True)
class Topics:
    pass


@dataclass(frozen=True, slots=True)
class Help:
    topic: str | None = None


Command = (
    Explain
    | Quiz
    | Answer
    | Leaderboard
    | Me
    | Topics
    | Help
    | DailyCommand
    | TeamCommand
    | SettingsCommand
    | LearningCommand
)

USAGE = {
    "explain": "/llm explain <topic> [--short|--deep]",
    "quiz": "/llm quiz [topic] [easy|medium|hard]",
    "answer": "/llm answer <quiz id> <choice>",
    "leaderboard": "/llm leaderboard [users|teams] [week|month|all]",
    "me": "/llm me",
    "practice": LEARNING_USAGE["practice"],
    "progress": LEARNING_USAGE["progress"],
    "problem": LEARNING_USAGE["problem"],
    "forget-me": LEARNING_USAGE["forget-me"],
    "topics": "/llm topics",
    "daily": DAILY_USAGE[0],
    "team": TEAM_USAGE[0],
    "settings": SETTINGS_USAGE[1],
    "help": "/llm help [scoring]",
}

_DEPTH_FLAGS: dict[str, Depth] = {"--short": "short", "--standard": "standard", "--deep": "deep"}
_FLAG = re.compile(r"(?<!\S)--(short|standard|deep)(?!\S)", re.IGNORECASE)


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
    head, _, rest = stripped.strip().partition(" ")
    name = head.lower()
    rest = rest.strip()
    if name in ("", "help", "?"):
        return _help(rest)
    if name == "explain":
        return _explain(rest)
    if name == "quiz":
        return _quiz(rest)
    if name == "answer":
        return _answer(rest)
    if name in ("leaderboard", "lb", "top"):
        return _leaderboard(rest)
    if name in ("me", "stats"):
        _no_arguments(name, rest)
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
    """Whether the reply to `command` is normally private, for adapters that must choose
    before the reply exists (Discord defers an interaction as ephemeral or not).

    Refusals and a declined explanation are private whatever the command.
    """
    return not isinstance(command, (Explain, Quiz, Leaderboard, TeamList, TeamShow))


def is_slow(command: Command) -> bool:
    """Commands that read many rows (admins' progress views and exports): adapters
    acknowledge first, then reply."""
    return isinstance(command, Progress) and command.view != "me"


def _all_usage() -> str:
    return "\n".join(f"`{line}`" for line in USAGE.values())


def _no_arguments(name: str, rest: str) -> None:
    if rest:
        raise UsageError(f"`{name}` takes no arguments.", f"`{USAGE[name]}`")


def _explain(rest: str) -> Explain:
    flags = [_DEPTH_FLAGS[f"--{m.lower()}"] for m in _FLAG.findall(rest)]
    if len(set(flags)) > 1:
        raise UsageError("Pick one depth: --short or --deep.", f"`{USAGE['explain']}`")
    query = " ".join(_FLAG.sub(" ", rest).split())
    if not query:
        raise UsageError(
            "Which topic? For example `/llm explain attention`.", f"`{USAGE['explain']}`"
        )
    if len(query) > 200:
        raise UsageError("That topic is too long; try a few words.", f"`{USAGE['explain']}`")
    return Explain(query, flags[0] if flags else "standard")


def _quiz(rest: str) -> Quiz:
    words = rest.split()
    difficulty: Difficulty | None = None
    if words and words[-1].lower() in DIFFICULTIES:
        difficulty = words.pop().lower()  # type: ignore[assignment]
    topic = " ".join(words) or None
    if topic is not None and len(topic) > 200:
        raise UsageError("That topic is too long; try a few words.", f"`{USAGE['quiz']}`")
    return Quiz(topic, difficulty)


def _answer(rest: str) -> Answer:
    words = rest.split()
    if len(words) != 2:
        raise UsageError("Give the quiz id and your choice.", f"`{USAGE['answer']}`")
    return Answer(words[0].upper(), words[1])


def _leaderboard(rest: str) -> Leaderboard:
    """`users|teams` and `week|month|all`, each optional, in either order."""
    period, board = None, None
    for word in rest.lower().split():
        if word in PERIODS and period is None:
            period = word
        elif word in _BOARD_WORDS and board is None:
            board = _BOARD_WORDS[word]
        else:
            raise UsageError(
                "Choose users or teams, and week, month or all.", f"`{USAGE['leaderboard']}`"
            )
    return Leaderboard(period or "week", board or "users")


def _help(rest: str) -> Help:
    topic = rest.strip().lower()
    if not topic:
        return Help()
    if topic in HELP_TOPICS:
        return Help(topic)
    raise UsageError(f"I have help on: {', '.join(HELP_TOPICS)}.", f"`{USAGE['help']}`")
